"use client";
// Restore a snapshot into a new PVC: name and size (at least the restore size), with the cache PVC's class and access modes.
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/ui/states";
import type { Settled } from "@/lib/shared/contracts/error";
import { defaultRestoreName } from "@/lib/shared/snapshots/names";
import { defaultRestoreSize, restoreSizeProblem } from "@/lib/shared/snapshots/sizing";
import type { CacheVolume, SnapshotSummary } from "@/lib/shared/contracts/snapshots";
import { ConfirmActions, ConsoleDialog } from "@/components/ui/dialog";
import { NameField } from "@/components/ui/name-field";
import { ObjectNameField, optionalNameProblem } from "./object-name-field";
import { useRestoreSnapshot } from "./queries";

function RestoreForm({ snapshot, cache, onDone }: { snapshot: SnapshotSummary; cache: CacheVolume; onDone: (claim?: string) => void }) {
  const placeholder = defaultRestoreName(cache.pvc, snapshot.name);
  const [name, setName] = useState("");
  const [size, setSize] = useState(() => defaultRestoreSize(snapshot.restoreSize, cache.request) ?? "");
  const restore = useRestoreSnapshot();
  const nameIssue = optionalNameProblem(name);
  const sizeIssue = size.trim() ? restoreSizeProblem(size.trim(), snapshot.restoreSize) : "enter a size";

  function submit(e: FormEvent) {
    e.preventDefault();
    if (nameIssue || sizeIssue) return;
    restore.mutate(
      { snapshot: snapshot.name, body: { name: name.trim() || undefined, size: size.trim() } },
      {
        onSuccess: ({ restore: claim }) => {
          toast.success(`PVC ${claim.name} created from ${snapshot.name}`, { description: "Restored claims below follow it until it is Bound." });
          onDone(claim.name);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <ObjectNameField label="New PVC name" value={name} onChange={setName} fallback={placeholder} />
      <NameField
        label="Size"
        value={size}
        onChange={setSize}
        problem={sizeIssue}
        hint={`At least the restore size${snapshot.restoreSize ? ` (${snapshot.restoreSize})` : ""}. The cache PVC requests ${cache.request ?? "an unknown size"}.`}
      />
      <dl className="grid grid-cols-[auto,1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-muted">Storage class</dt>
        <dd className="font-mono">{cache.storageClassName ?? "(cluster default)"}</dd>
        <dt className="text-muted">Access modes</dt>
        <dd className="font-mono">{cache.accessModes.join(", ") || "ReadWriteOnce"}</dd>
      </dl>
      <p className="text-xs text-muted">
        The console only creates the claim. It does not change the Deployment: a GitOps controller (Fleet, Argo CD, Flux) would revert that. Once the claim is Bound you get the
        Kustomize patch to commit.
      </p>
      {restore.isError ? <ErrorState title="Restore failed" reason={restore.error.message} /> : null}
      <ConfirmActions onCancel={() => onDone()} confirm={restore.isPending ? "Creating PVC…" : "Restore to new PVC"} busy={restore.isPending} blocked={nameIssue ?? sizeIssue} />
    </form>
  );
}

export function RestoreSnapshotDialog({
  snapshot,
  cache,
  onClose,
}: {
  snapshot: SnapshotSummary | undefined;
  cache: Settled<CacheVolume>;
  /** Called with the new claim's name after a restore, without one on cancel. */
  onClose: (claim?: string) => void;
}) {
  return (
    <ConsoleDialog
      open={snapshot !== undefined}
      onOpenChange={(open) => !open && onClose()}
      title="Restore snapshot"
      description={snapshot ? <>Create a new PersistentVolumeClaim from <span className="font-mono">{snapshot.name}</span>.</> : undefined}
    >
      {snapshot && cache.ok ? <RestoreForm snapshot={snapshot} cache={cache.data} onDone={onClose} /> : null}
      {snapshot && !cache.ok ? <ErrorState title="The cache PVC could not be read" reason={cache.error.message} /> : null}
    </ConsoleDialog>
  );
}
