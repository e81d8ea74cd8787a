// Class names shared by the snapshot forms and dialogs (dense console style, both themes).
export const button =
  "inline-flex items-center gap-1.5 rounded-md border border-border bg-panel px-3 py-1.5 text-sm font-medium hover:bg-raised disabled:cursor-not-allowed disabled:opacity-50";
export const primaryButton =
  "inline-flex items-center gap-1.5 rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-on-accent hover:bg-accent/90 disabled:cursor-not-allowed disabled:opacity-50";
export const dangerButton =
  "inline-flex items-center gap-1.5 rounded-md bg-bad px-3 py-1.5 text-sm font-medium text-on-accent hover:bg-bad/90 disabled:cursor-not-allowed disabled:opacity-50";
export const smallButton =
  "rounded border border-border px-2 py-0.5 text-xs hover:bg-raised disabled:cursor-not-allowed disabled:opacity-50";
export const input =
  "w-full rounded-md border border-border bg-bg px-2.5 py-1.5 text-sm placeholder:text-muted/70 aria-[invalid=true]:border-bad";
export const label = "mb-1 block text-xs font-medium text-muted";
