"use client";
// The audit entries as a table: when (relative, exact on hover), who, what, on which subject, outcome and detail.
import { CardTable } from "@/components/ui/card-table";
import { formatAge } from "@/lib/format";
import type { AuditRecord } from "@/lib/contracts/activity";

/** `now` = when the list was fetched (ms), so ages advance with each refresh. */
export function ActivityTable({ entries, now }: { entries: AuditRecord[]; now: number }) {
  return (
    <CardTable caption="Audit entries, newest first">
        <thead className="text-xs text-muted">
          <tr className="border-b border-border">
            <th scope="col" className="py-1.5 pr-3 font-medium">When</th>
            <th scope="col" className="py-1.5 pr-3 font-medium">User</th>
            <th scope="col" className="py-1.5 pr-3 font-medium">Action</th>
            <th scope="col" className="py-1.5 pr-3 font-medium">Subject</th>
            <th scope="col" className="py-1.5 pr-3 font-medium">Outcome</th>
            <th scope="col" className="py-1.5 font-medium">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-border/60 align-top last:border-0">
              <td data-label="When" className="whitespace-nowrap py-1.5 pr-3 tabular">
                <time dateTime={e.time} title={new Date(e.time).toLocaleString()}>
                  {formatAge(e.time, now)}
                </time>
              </td>
              <td data-label="User" className="whitespace-nowrap py-1.5 pr-3">
                {e.user ? (
                  <>
                    {e.user.name} <span className="text-xs text-muted">({e.user.role})</span>
                  </>
                ) : (
                  <span className="text-muted">anonymous</span>
                )}
              </td>
              <td data-label="Action" className="whitespace-nowrap py-1.5 pr-3 font-mono text-xs">{e.action}</td>
              <td data-label="Subject" className="max-w-[16rem] break-all py-1.5 pr-3 font-mono text-xs">{e.subject}</td>
              <td data-label="Outcome" className="py-1.5 pr-3">
                <span className={`rounded px-1.5 py-0.5 text-2xs font-medium uppercase ${e.outcome === "success" ? "bg-ok/15 text-ok" : "bg-bad/15 text-bad"}`}>
                  {e.outcome}
                </span>
              </td>
              <td data-label="Detail" className="py-1.5 text-muted">{e.message ?? ""}</td>
            </tr>
          ))}
        </tbody>
    </CardTable>
  );
}
