"use client";
// Create a snapshot of the cache PVC: class (the cluster default preselected), optional name checked as you type.
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ErrorState } from "@/components/ui/states";
import type { Settled } from "@/lib/shared/contracts/error";
import { defaultSnapshotName } from "@/lib/shared/snapshots/names";
import type { SnapshotClassSummary } from "@/lib/shared/contracts/snapshots";
import { ConfirmActions, ConsoleDialog } from "@/components/ui/dialog";
import { ObjectNameField, optionalNameProblem } from "./object-name-field";
import { useCreateSnapshot } from "./queries";
import { input, label } from "@/components/ui/styles";

function classLabel(c: SnapshotClassSummary): string {
  return `${c.name} — ${c.driver}, ${c.deletionPolicy ?? "?"}${c.isDefault ? " (default)" : ""}`;
}

interface CreateProps {
  pvc: string;
  classes: Settled<SnapshotClassSummary[]>;
  /** Models being pulled now. */
  activePulls: string[];
}

function PullWarning({ models }: { models: string[] }) {
  return (
    <div role="alert" className="rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm">
      <p className="font-medium text-warn">A pull is in progress ({models.join(", ")})</p>
      <p className="text-muted">The snapshot may hold a half-written blob. It still restores, but that model will need to be pulled again; wait for the pull to finish for a clean copy.</p>
    </div>
  );
}

function CreateForm({ pvc, classes, activePulls, onDone }: CreateProps & { onDone: () => void }) {
  const list = classes.ok ? classes.data : [];
  const defaults = list.filter((c) => c.isDefault);
  const [className, setClassName] = useState(defaults.length === 1 ? (defaults[0]?.name ?? "") : "");
  const [name, setName] = useState("");
  const [placeholder] = useState(() => defaultSnapshotName(pvc, new Date()));
  const create = useCreateSnapshot();
  const problem = optionalNameProblem(name);
  const blocked = !classes.ok ? "the snapshot classes could not be read" : list.length === 0 ? "no VolumeSnapshotClass exists" : !className ? "choose a class" : problem;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (blocked) return;
    create.mutate(
      { name: name.trim() || undefined, className },
      {
        onSuccess: ({ snapshot }) => {
          toast.success(`Snapshot ${snapshot.name} requested`, { description: "The list follows it until it is ready." });
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {activePulls.length ? <PullWarning models={activePulls} /> : null}
      {!classes.ok ? <ErrorState title="Snapshot classes unavailable" reason={classes.error.message} /> : null}
      {classes.ok && list.length === 0 ? (
        <ErrorState title="No VolumeSnapshotClass" reason="The cluster has no VolumeSnapshotClass. Create one for the CSI driver that provisions the cache PVC, then try again." />
      ) : null}
      {list.length > 0 ? (
        <div>
          <label htmlFor="snapshot-class" className={label}>
            Snapshot class
          </label>
          <select id="snapshot-class" className={input} value={className} onChange={(e) => setClassName(e.target.value)} required>
            {defaults.length !== 1 ? <option value="">Choose a class…</option> : null}
            {list.map((c) => (
              <option key={c.name} value={c.name}>
                {classLabel(c)}
              </option>
            ))}
          </select>
          {defaults.length === 0 ? (
            <p className="mt-1 text-xs text-warn">No class is marked as the cluster default (annotation snapshot.storage.kubernetes.io/is-default-class), so choose one.</p>
          ) : null}
        </div>
      ) : null}
      <ObjectNameField label="Name" value={name} onChange={setName} fallback={placeholder} note=" Lowercase letters, digits, '-' and '.'." />
      <p className="text-xs text-muted">The snapshot records who made it and the models installed right now.</p>
      {create.isError ? <ErrorState title="Snapshot not created" reason={create.error.message} /> : null}
      <ConfirmActions onCancel={onDone} confirm={create.isPending ? "Creating…" : "Create snapshot"} busy={create.isPending} blocked={blocked} />
    </form>
  );
}

/** The dialog; the form inside is remounted on each open so it starts from the current defaults. */
export function CreateSnapshotDialog({ open, onOpenChange, ...props }: CreateProps & { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <ConsoleDialog open={open} onOpenChange={onOpenChange} title="Create snapshot" description={<>A VolumeSnapshot of PVC <span className="font-mono">{props.pvc}</span>, the model cache.</>}>
      {open ? <CreateForm {...props} onDone={() => onOpenChange(false)} /> : null}
    </ConsoleDialog>
  );
}
