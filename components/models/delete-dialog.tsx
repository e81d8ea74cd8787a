"use client";
// Confirm deleting a model: the bytes it really frees (layers no other model uses), a warning when loaded, optional snapshot first.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmActions, ConsoleDialog } from "@/components/ui/dialog";
import { QueryState } from "@/components/ui/query-panel";
import { ErrorState } from "@/components/ui/states";
import { formatBytes } from "@/lib/shared/format";
import type { DeleteImpact } from "@/lib/shared/contracts/models";
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

function Impact({ model, impact, snapshotFirst, onSnapshotFirst }: { model: string; impact: DeleteImpact; snapshotFirst: boolean; onSnapshotFirst: (v: boolean) => void }) {
  return (
    <>
      <Freed impact={impact} />
      {impact.loaded ? (
        <div role="alert" className="rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm">
          <p className="font-medium text-warn">{model} is loaded in memory</p>
          <p className="text-muted">Requests using it will fail once it is deleted. Consider unloading it first.</p>
        </div>
      ) : null}
      {impact.snapshot.available ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5" checked={snapshotFirst} onChange={(e) => onSnapshotFirst(e.target.checked)} />
          <span>
            Snapshot the cache first
            <span className="block text-xs text-muted">Takes a VolumeSnapshot of the cache PVC and deletes only once it has been taken.</span>
          </span>
        </label>
      ) : (
        <p className="text-xs text-muted">Snapshot first is not available: {impact.snapshot.reason}.</p>
      )}
    </>
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
      <QueryState query={impact} loadingLabel="Working out what this frees…" errorTitle="Cannot tell what this frees">
        {(d) => <Impact model={model} impact={d} snapshotFirst={snapshotFirst} onSnapshotFirst={setSnapshotFirst} />}
      </QueryState>
      {remove.isError ? <ErrorState title="Not deleted" reason={remove.error.message} /> : null}
      <ConfirmActions
        cancel="Keep it"
        onCancel={onDone}
        danger
        busy={remove.isPending || impact.isPending}
        confirm={remove.isPending ? (snapshotFirst ? "Snapshotting, then deleting…" : "Deleting…") : `Delete ${model}`}
        onConfirm={go}
      />
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
