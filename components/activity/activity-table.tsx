"use client";
// The audit entries as a table: when (relative, exact on hover), who, what, on which subject, outcome and detail.
import { DataTable, type Column } from "@/components/ui/data-table";
import { formatAge } from "@/lib/shared/format";
import type { AuditRecord } from "@/lib/shared/contracts/activity";

function columns(now: number): Column<AuditRecord>[] {
  return [
    {
      id: "when",
      header: "When",
      className: "whitespace-nowrap tabular",
      cell: (e) => (
        <time dateTime={e.time} title={new Date(e.time).toLocaleString()}>
          {formatAge(e.time, now)}
        </time>
      ),
    },
    {
      id: "user",
      header: "User",
      className: "whitespace-nowrap",
      cell: (e) =>
        e.user ? (
          <>
            {e.user.name} <span className="text-xs text-muted">({e.user.role})</span>
          </>
        ) : (
          <span className="text-muted">anonymous</span>
        ),
    },
    { id: "action", header: "Action", className: "whitespace-nowrap font-mono text-xs", cell: (e) => e.action },
    { id: "subject", header: "Subject", className: "max-w-[16rem] break-all font-mono text-xs", cell: (e) => e.subject },
    {
      id: "outcome",
      header: "Outcome",
      cell: (e) => (
        <span className={`rounded px-1.5 py-0.5 text-2xs font-medium uppercase ${e.outcome === "success" ? "bg-ok/15 text-ok" : "bg-bad/15 text-bad"}`}>{e.outcome}</span>
      ),
    },
    { id: "detail", header: "Detail", className: "text-muted", cell: (e) => e.message ?? "" },
  ];
}

/** Newest first, as the server sends them; `now` = when the list was fetched (ms), so ages advance with each refresh. */
export function ActivityTable({ entries, now }: { entries: AuditRecord[]; now: number }) {
  return <DataTable caption="Audit entries, newest first" rows={entries} rowKey={(e) => e.id} columns={columns(now)} />;
}
