// Loading and error states shared by every widget.
import type { ReactNode } from "react";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 text-sm text-muted">
      <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-muted border-t-transparent" />
      {label}
    </div>
  );
}

/** A specific, human-readable failure: what is wrong and why. */
export function ErrorState({ title, reason, children }: { title: string; reason?: string; children?: ReactNode }) {
  // Server messages often start with the same words as the title ("Ollama API unreachable: …"); show the why only once.
  const why = reason?.startsWith(`${title}: `) ? reason.slice(title.length + 2) : reason;
  return (
    <div role="alert" className="rounded-md border border-bad/40 bg-bad/10 px-3 py-2 text-sm">
      <p className="font-medium text-bad">{title}</p>
      {why ? <p className="mt-0.5 break-words text-muted">{why}</p> : null}
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-muted">{children}</p>;
}
