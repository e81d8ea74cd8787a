"use client";
// Confirm deleting a snapshot, naming it and what its deletion policy does to the storage behind it.
import { toast } from "sonner";
import type { SnapshotSummary } from "@/lib/shared/contracts/snapshots";
import { ConfirmDialog } from "@/components/ui/dialog";
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
    <ConfirmDialog
      open={snapshot !== undefined}
      onClose={close}
      title="Delete snapshot?"
      description={snapshot ? <>VolumeSnapshot <span className="font-mono">{snapshot.name}</span></> : undefined}
      failure={del.error ? { title: "Snapshot not deleted", message: del.error.message } : undefined}
      busy={del.isPending}
      confirm={del.isPending ? "Deleting…" : `Delete ${snapshot?.name ?? ""}`}
      onConfirm={() =>
        snapshot &&
        del.mutate(snapshot.name, {
          onSuccess: () => {
            toast.success(`Snapshot ${snapshot.name} deleted`, { description: snapshot.deletionPolicy === "Retain" ? "Its storage was retained." : undefined });
            close();
          },
        })
      }
    >
      {snapshot ? <PolicyNote s={snapshot} /> : null}
    </ConfirmDialog>
  );
}
