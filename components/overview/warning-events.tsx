"use client";
// Recent Warning events in the namespace (FailedScheduling, BackOff, OOMKilling, FailedMount…), de-duplicated, newest first.
import { useQuery } from "@tanstack/react-query";
import { QueryPanel } from "@/components/ui/query-panel";
import { formatAge } from "@/lib/shared/format";
import { overviewQueries } from "./queries";
import { freshnessStale } from "./status";
import { useNow } from "@/components/ui/use-now";

export function WarningEvents() {
  const q = useQuery(overviewQueries.events());
  const now = useNow(5_000);
  return (
    <QueryPanel
      title="Recent warnings"
      query={q}
      stale={(d) => freshnessStale(d.freshness)}
      empty={(d) => (d.events.length === 0 ? "No Warning events in the namespace (events expire after about an hour)." : undefined)}
    >
      {(d) => (
        <ul className="divide-y divide-border text-sm" aria-label="Warning events">
          {d.events.map((e) => (
            <li key={`${e.object}/${e.reason}/${e.message}`} className="py-2">
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-medium text-warn">{e.reason}</span>
                <span className="font-mono text-xs text-muted">{e.object}</span>
                {e.count > 1 ? <span className="text-xs text-muted">×{e.count}</span> : null}
                <span className="ml-auto text-xs tabular text-muted">{formatAge(e.lastSeen, now)}</span>
              </div>
              <p className="break-words text-muted">{e.message}</p>
            </li>
          ))}
        </ul>
      )}
    </QueryPanel>
  );
}
