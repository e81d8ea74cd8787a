"use client";
// The Snapshots page: the cache PVC's snapshots updating live, create/delete/restore dialogs, restored claims with their patch.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageHeader } from "@/components/ui/panel";
import { QueryPanel } from "@/components/ui/query-panel";
import { Empty } from "@/components/ui/states";
import type { SnapshotAccess, SnapshotSummary } from "@/lib/shared/contracts/snapshots";
import { ClassesNotice, SnapshotsError } from "./api-states";
import { CreateSnapshotDialog } from "./create-dialog";
import { DeleteSnapshotDialog } from "./delete-dialog";
import { snapshotsViewQuery } from "./queries";
import { RestoreSnapshotDialog } from "./restore-dialog";
import { RestoresPanel } from "./restores-panel";
import { SnapshotTable } from "./snapshot-table";
import { primaryButton } from "@/components/ui/styles";
import { useNow } from "@/components/ui/use-now";

/** "Delete and restore: needs the admin role…" (or each on its own when the reasons differ). */
function blockedNote(access: SnapshotAccess): string | undefined {
  const d = access.delete.allowed ? undefined : access.delete.reason;
  const r = access.restore.allowed ? undefined : access.restore.reason;
  if (d && d === r) return `Delete and restore: ${d}.`;
  return [d ? `Delete: ${d}.` : "", r ? `Restore: ${r}.` : ""].filter(Boolean).join(" ") || undefined;
}

export function SnapshotsPage() {
  const q = useQuery(snapshotsViewQuery());
  const now = useNow();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<SnapshotSummary>();
  const [restoring, setRestoring] = useState<SnapshotSummary>();
  const [focus, setFocus] = useState<string>();

  const view = q.data;
  const pvc = view?.snapshots.ok ? view.snapshots.data.pvc : view?.cache.ok ? view.cache.data.pvc : undefined;
  const createBlocked = !view ? "loading" : !view.access.create.allowed ? view.access.create.reason : !view.snapshots.ok ? "the snapshot list is unavailable" : undefined;
  const adminNote = view ? blockedNote(view.access) : undefined;

  return (
    <>
      <PageHeader
        title="Snapshots"
        subtitle={pvc ? <>VolumeSnapshots of the model cache PVC <span className="font-mono">{pvc}</span>, newest first.</> : "VolumeSnapshots of the model cache PVC."}
        actions={
          <button type="button" className={primaryButton} onClick={() => setCreating(true)} disabled={createBlocked !== undefined} title={createBlocked}>
            Create snapshot
          </button>
        }
      />
      {view && !view.access.create.allowed ? <p className="-mt-2 mb-3 text-xs text-muted">Create snapshot: {view.access.create.reason}.</p> : null}
      <div className="space-y-4">
        <QueryPanel title="Snapshots" query={q} loadingLabel="Loading snapshots…">
          {(d) =>
            !d.snapshots.ok ? (
              <SnapshotsError error={d.snapshots.error} />
            ) : (
              <div className="space-y-3">
                <ClassesNotice classes={d.classes} />
                {adminNote ? <p className="text-xs text-muted">{adminNote}</p> : null}
                {d.snapshots.data.items.length === 0 ? (
                  <Empty>No snapshot of {d.snapshots.data.pvc} yet. Take one before risky changes such as deleting or updating models.</Empty>
                ) : (
                  <SnapshotTable items={d.snapshots.data.items} now={now} access={d.access} onDelete={setDeleting} onRestore={setRestoring} />
                )}
              </div>
            )
          }
        </QueryPanel>
        {view ? <RestoresPanel restores={view.restores} cache={view.cache} now={now} focus={focus} /> : null}
      </div>
      {view && pvc ? <CreateSnapshotDialog open={creating} onOpenChange={setCreating} pvc={pvc} classes={view.classes} activePulls={view.activePulls} /> : null}
      <DeleteSnapshotDialog snapshot={deleting} onClose={() => setDeleting(undefined)} />
      {view ? (
        <RestoreSnapshotDialog
          snapshot={restoring}
          cache={view.cache}
          onClose={(claim) => {
            setRestoring(undefined);
            if (claim) setFocus(claim);
          }}
        />
      ) : null}
    </>
  );
}
