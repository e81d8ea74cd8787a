"use client";
// Overview widget: the newest *usable* snapshot of the model cache and its age against the RPO; a failed newer one is
// shown on its own line as "failed N ago: reason", never as the backup.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { snapshotsSummaryQuery } from "@/components/snapshots/queries";
import { StateBadge } from "@/components/snapshots/state-badge";
import { TONE_TEXT } from "@/components/ui/tone";
import { useNow } from "@/components/ui/use-now";
import { Panel } from "@/components/ui/panel";
import { QueryState } from "@/components/ui/query-panel";
import { Empty } from "@/components/ui/states";
import { SnapshotsError } from "@/components/snapshots/api-states";
import { formatAge } from "@/lib/shared/format";
import { backupState, failedText, takenAt } from "@/lib/shared/overview/backup";
import { snapshotState } from "@/lib/shared/snapshots/state";
import { overviewQueries } from "./queries";

export function LastSnapshot() {
  const q = useQuery(snapshotsSummaryQuery());
  const card = useQuery(overviewQueries.serviceCard());
  const now = useNow();
  const rpo = card.data?.fields.find((f) => f.key === "rpo")?.value;
  const backup = q.data ? backupState(q.data.snapshots, rpo, now) : undefined;
  const usable = backup?.usable;
  return (
    <Panel
      title="Last snapshot"
      actions={
        <Link href="/snapshots" className="text-xs text-accent underline-offset-2 hover:underline">
          All snapshots
        </Link>
      }
    >
      <QueryState query={q}>
        {(d) =>
          !d.snapshots.ok ? (
            <SnapshotsError error={d.snapshots.error} />
          ) : d.snapshots.data.items.length === 0 ? (
            <Empty>No snapshot of {d.snapshots.data.pvc} yet.</Empty>
          ) : (
            <div className="space-y-2">
              {usable ? (
                <div className="space-y-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-sm">{usable.name}</span>
                    <StateBadge state={snapshotState(usable, now)} />
                  </p>
                  <p className="text-sm text-muted tabular" title={takenAt(usable)}>
                    taken {formatAge(takenAt(usable), now)}
                    {usable.createdBy ? ` by ${usable.createdBy}` : ""}
                    {backup?.rpoSeconds !== undefined ? ` · RPO ${rpo}` : ""}
                  </p>
                </div>
              ) : (
                <p className="text-sm font-medium text-warn">No usable snapshot of {d.snapshots.data.pvc}.</p>
              )}
              {backup?.title === "Older than RPO" ? <p className={`text-sm font-medium ${TONE_TEXT.warn}`}>Older than the RPO of {rpo}.</p> : null}
              {backup?.failedNewer.map((s) => (
                <p key={s.name} className="text-sm">
                  <span className="font-mono text-xs">{s.name}</span> <span className="font-medium text-bad">{failedText(s, now)}</span>
                </p>
              ))}
            </div>
          )
        }
      </QueryState>
    </Panel>
  );
}
