"use client";
// Confirm deleting a model: the bytes it really frees (layers no other model uses), a warning when loaded, optional snapshot first.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { ConsoleDialog } from "@/components/ui/dialog";
import { button, dangerButton } from "@/components/ui/styles";
import { ErrorState, Loading } from "@/components/ui/states";
import { formatBytes } from "@/lib/format";
import type { DeleteImpact } from "@/lib/models/delete";
import { modelQueries, useDeleteModel } from "./queries";

function Freed({ impact }: { impact: DeleteImpact }) {
  const exact = impact.source === "agent";
  return (
    <p className="text-sm">
      {exact ? "Frees " : "Frees about "}
      <strong className="tabular">{formatBytes(impact.freesBytes)}</strong>
      <span className="text-muted"> on the cache volume; layers shared with other models stay.</span>
      <span className="mt-0.5 block text-2xs text-muted">{impact.note}</span>
    </p>
  );
}

function Confirm({ model, onDone }: { model: string; onDone: () => void }) {
  const impact = useQuery(modelQueries.deleteImpact(model));
  const remove = useDeleteModel();
  const [snapshotFirst, setSnapshotFirst] = useState(false);
  const go = () =>
    remove.mutate(
      { model, snapshotFirst },
      {
        onSuccess: (r) => {
          toast.success(`Deleted ${r.model}`, { description: `${formatBytes(r.freedBytes)} freed${r.snapshot ? `; snapshot ${r.snapshot} taken first` : ""}.` });
          onDone();
        },
      },
    );
  return (
    <div className="space-y-3">
      {impact.isPending ? <Loading label="Working out what this frees…" /> : null}
      {impact.isError ? <ErrorState title="Cannot tell what this frees" reason={impact.error.message} /> : null}
      {impact.data ? <Freed impact={impact.data} /> : null}
      {impact.data?.loaded ? (
        <div role="alert" className="rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm">
          <p className="font-medium text-warn">{model} is loaded in memory</p>
          <p className="text-muted">Requests using it will fail once it is deleted. Consider unloading it first.</p>
        </div>
      ) : null}
      {impact.data?.snapshot.available ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5" checked={snapshotFirst} onChange={(e) => setSnapshotFirst(e.target.checked)} />
          <span>
            Snapshot the cache first
            <span className="block text-xs text-muted">Takes a VolumeSnapshot of the cache PVC and deletes only once it has been taken.</span>
          </span>
        </label>
      ) : impact.data ? (
        <p className="text-xs text-muted">Snapshot first is not available: {impact.data.snapshot.reason}.</p>
      ) : null}
      {remove.isError ? <ErrorState title="Not deleted" reason={remove.error.message} /> : null}
      <div className="flex justify-end gap-2">
        <button type="button" className={button} onClick={onDone}>
          Keep it
        </button>
        <button type="button" className={dangerButton} disabled={remove.isPending || impact.isPending} onClick={go}>
          {remove.isPending ? (snapshotFirst ? "Snapshotting, then deleting…" : "Deleting…") : `Delete ${model}`}
        </button>
      </div>
    </div>
  );
}

/** The confirmation dialog; its body remounts per model so every open starts fresh. */
export function DeleteModelDialog({ model, onClose }: { model: string | undefined; onClose: () => void }) {
  return (
    <ConsoleDialog open={model !== undefined} onOpenChange={(open) => (open ? undefined : onClose())} title={`Delete ${model ?? ""}?`}>
      {model ? <Confirm key={model} model={model} onDone={onClose} /> : null}
    </ConsoleDialog>
  );
}
