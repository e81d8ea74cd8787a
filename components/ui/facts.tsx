// A two-column term/value list (label on the left, value on the right), used for compact facts in panels.
import type { ReactNode } from "react";

/** Renders `rows` as a <dl>; `dense` uses a smaller type size for secondary facts. */
export function Facts({ rows, dense = false }: { rows: readonly (readonly [string, ReactNode])[]; dense?: boolean }) {
  return (
    <dl className={`grid grid-cols-[auto_1fr] gap-x-4 ${dense ? "gap-y-0.5 text-xs" : "gap-y-1 text-sm"}`}>
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted">{k}</dt>
          <dd className="min-w-0 break-words tabular">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
