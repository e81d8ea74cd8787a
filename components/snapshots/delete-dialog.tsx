"use client";
// Confirm deleting a snapshot, naming it and what its deletion policy does to the storage behind it.
import { toast } from "sonner";
import { ErrorState } from "@/components/ui/states";
import type { SnapshotSummary } from "@/lib/snapshots/types";
import { ConfirmActions, ConsoleDialog } from "@/components/ui/dialog";
import { useDeleteSnapshot } from "./queries";

function PolicyNote({ s }: { s: SnapshotSummary }) {
  if (s.deletionPolicy === "Retain") {
    return (
      <p>
        Deletion policy <strong>Retain</strong>: the VolumeSnapshotContent{s.contentName ? <> <span className="font-mono">{s.contentName}</span></> : null} and the snapshot in
        the storage system are <strong>kept</strong>. They still use space until someone removes them there.
      </p>
    );
  }
  if (s.deletionPolicy === "Delete") {
    return (
      <p>
        Deletion policy <strong>Delete</strong>: the snapshot in the storage system is deleted too. This cannot be undone.
      </p>
    );
  }
  return <p>The deletion policy is unknown: the storage-side snapshot may or may not be kept.</p>;
}

export function DeleteSnapshotDialog({ snapshot, onClose }: { snapshot: SnapshotSummary | undefined; onClose: () => void }) {
  const del = useDeleteSnapshot();
  const close = () => {
    del.reset();
    onClose();
  };
  return (
    <ConsoleDialog open={snapshot !== undefined} onOpenChange={(open) => !open && close()} title="Delete snapshot?" description={snapshot ? <>VolumeSnapshot <span className="font-mono">{snapshot.name}</span></> : undefined}>
      {snapshot ? (
        <div className="space-y-4 text-sm">
          <PolicyNote s={snapshot} />
          {del.isError ? <ErrorState title="Snapshot not deleted" reason={del.error.message} /> : null}
          <ConfirmActions
            onCancel={close}
            danger
            busy={del.isPending}
            confirm={del.isPending ? "Deleting…" : `Delete ${snapshot.name}`}
            onConfirm={() =>
              del.mutate(snapshot.name, {
                onSuccess: () => {
                  toast.success(`Snapshot ${snapshot.name} deleted`, { description: snapshot.deletionPolicy === "Retain" ? "Its storage was retained." : undefined });
                  close();
                },
              })
            }
          />
        </div>
      ) : null}
    </ConsoleDialog>
  );
}
