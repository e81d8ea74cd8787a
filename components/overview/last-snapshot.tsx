"use client";
// Overview widget: the newest snapshot of the model cache, its age and state, with a way to the Snapshots page.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { snapshotsSummaryQuery } from "@/components/snapshots/queries";
import { StateBadge } from "@/components/snapshots/state-badge";
import { useNow } from "@/components/snapshots/use-now";
import { Panel } from "@/components/ui/panel";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { formatAge } from "@/lib/format";
import { snapshotState } from "@/lib/snapshots/state";

export function LastSnapshot() {
  const q = useQuery(snapshotsSummaryQuery());
  const now = useNow();
  const last = q.data?.snapshots.ok ? q.data.snapshots.data.items[0] : undefined;
  const state = last ? snapshotState(last, now) : undefined;
  return (
    <Panel
      title="Last snapshot"
      actions={
        <Link href="/snapshots" className="text-xs text-accent hover:underline">
          All snapshots
        </Link>
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState title="Console unreachable" reason={q.error.message} />
      ) : !q.data.snapshots.ok ? (
        <ErrorState title={q.data.snapshots.error.details?.reason === "snapshot_api_missing" ? "VolumeSnapshot API not installed" : "Snapshots unavailable"} reason={q.data.snapshots.error.message} />
      ) : !last || !state ? (
        <Empty>No snapshot of {q.data.snapshots.data.pvc} yet.</Empty>
      ) : (
        <div className="space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm">{last.name}</span>
            <StateBadge state={state} />
          </p>
          <p className="text-sm text-muted tabular" title={last.createdAt}>
            taken {formatAge(last.createdAt, now)}
            {last.createdBy ? ` by ${last.createdBy}` : ""}
          </p>
          {state.detail && state.kind !== "ready" ? <p className="text-xs">{state.detail}</p> : null}
        </div>
      )}
    </Panel>
  );
}
