"use client";
// Recent Warning events in the namespace (FailedScheduling, BackOff, OOMKilling, FailedMount…), de-duplicated, newest first.
import { useQuery } from "@tanstack/react-query";
import { Panel } from "@/components/ui/panel";
import { Empty, Loading } from "@/components/ui/states";
import { formatAge } from "@/lib/format";
import { overviewQueries } from "./queries";
import { StaleNote, WidgetError } from "./status";
import { useNow } from "@/components/ui/use-now";

export function WarningEvents() {
  const q = useQuery(overviewQueries.events());
  const now = useNow(5_000);
  return (
    <Panel title="Recent warnings">
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <WidgetError error={q.error} />
      ) : (
        <>
          <StaleNote freshness={q.data.freshness} />
          {q.data.events.length === 0 ? (
            <Empty>No Warning events in the namespace (events expire after about an hour).</Empty>
          ) : (
            <ul className="divide-y divide-border text-sm" aria-label="Warning events">
              {q.data.events.map((e) => (
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
        </>
      )}
    </Panel>
  );
}
