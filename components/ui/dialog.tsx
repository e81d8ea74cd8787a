"use client";
// Radix dialogs in the console's style: focus trapped, Escape closes. A centred dialog for questions and forms, a sheet
// from the right for details, and the row of buttons that ends a confirmation.
import * as Dialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { ErrorState } from "./states";
import { button, dangerButton, primaryButton, smallButton } from "./styles";

const LOOK = {
  dialog:
    "fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-border bg-panel p-5 shadow-xl",
  sheet: "fixed inset-y-0 right-0 z-50 w-full max-w-xl overflow-y-auto border-l border-border bg-panel p-5 shadow-xl",
} as const;

export function ConsoleDialog({
  open,
  onOpenChange,
  title,
  description,
  variant = "dialog",
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  /** A sheet slides in from the right, with a Close button next to its (monospaced) title. */
  variant?: keyof typeof LOOK;
  children: ReactNode;
}) {
  const sheet = variant === "sheet";
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={`fixed inset-0 z-40 ${sheet ? "bg-black/40" : "bg-black/50"}`} />
        <Dialog.Content
          className={LOOK[variant]}
          // Without a description Radix must be told there is none; with one it links it itself.
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className={sheet ? "mb-4 flex items-start justify-between gap-3" : undefined}>
            <Dialog.Title className={`text-base font-semibold ${sheet ? "break-all font-mono" : ""}`}>{title}</Dialog.Title>
            {sheet ? <Dialog.Close className={smallButton}>Close</Dialog.Close> : null}
          </div>
          {description ? <Dialog.Description className="mt-1 text-sm text-muted">{description}</Dialog.Description> : null}
          <div className={sheet ? undefined : "mt-4"}>{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/**
 * The buttons that end a dialog: a way out, then the action. `onConfirm` undefined makes the action a submit button
 * (the dialog's form handles it); `blocked` disables it and says why on hover.
 */
export function ConfirmActions({
  cancel = "Cancel",
  onCancel,
  confirm,
  onConfirm,
  danger = false,
  busy = false,
  blocked,
}: {
  cancel?: string;
  onCancel: () => void;
  confirm: string;
  onConfirm?: () => void;
  danger?: boolean;
  /** The action is running: the button stays disabled (its text says what is happening). */
  busy?: boolean;
  blocked?: string;
}) {
  return (
    <div className="flex justify-end gap-2">
      <button type="button" className={button} onClick={onCancel}>
        {cancel}
      </button>
      <button
        type={onConfirm ? "button" : "submit"}
        className={danger ? dangerButton : primaryButton}
        disabled={busy || blocked !== undefined}
        title={blocked}
        onClick={onConfirm}
      >
        {confirm}
      </button>
    </div>
  );
}

/**
 * A question before a change that cannot be taken back: what it does (`children`), why it failed if it did, and the
 * two buttons. Closing resets nothing by itself: `onClose` does (a mutation's `reset`).
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  description,
  children,
  failure,
  cancel,
  confirm,
  onConfirm,
  busy = false,
}: {
  open: boolean;
  onClose: () => void;
  cancel?: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** The last attempt's failure: a title ("Key not revoked") and the server's message. */
  failure?: { title: string; message: string };
  confirm: string;
  onConfirm: () => void;
  busy?: boolean;
}) {
  return (
    <ConsoleDialog open={open} onOpenChange={(next) => !next && onClose()} title={title} description={description}>
      <div className="space-y-4 text-sm">
        {children}
        {failure ? <ErrorState title={failure.title} reason={failure.message} /> : null}
        <ConfirmActions cancel={cancel} onCancel={onClose} danger busy={busy} confirm={confirm} onConfirm={onConfirm} />
      </div>
    </ConsoleDialog>
  );
}
