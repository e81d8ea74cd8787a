// A titled card; every widget on a page is one, loading and failing on its own (render errors included: see ./boundary).
import type { ReactNode } from "react";
import { PanelBoundary } from "./boundary";

function PanelHeader({ title, actions }: { title: ReactNode; actions?: ReactNode }) {
  return (
    <header className="flex items-center justify-between gap-2 border-b border-border px-4 py-2.5">
      <h2 className="text-sm font-semibold">{title}</h2>
      {actions}
    </header>
  );
}

export function Panel({ title, actions, children, className = "" }: { title: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section aria-label={typeof title === "string" ? title : undefined} className={`rounded-lg border border-border bg-panel ${className}`}>
      <PanelBoundary header={<PanelHeader title={title} />}>
        <PanelHeader title={title} actions={actions} />
        <div className="p-4">{children}</div>
      </PanelBoundary>
    </section>
  );
}

/** Page heading with an optional line of context and actions on the right. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-lg font-semibold">{title}</h1>
        {subtitle ? <p className="text-sm text-muted">{subtitle}</p> : null}
      </div>
      {actions}
    </div>
  );
}
