// The states the snapshot API can be in, each said plainly: not installed, forbidden, unreachable, no class, no default class.
import { ErrorState } from "@/components/ui/states";
import type { Settled } from "@/lib/shared/contracts/error";
import type { SnapshotClassSummary } from "@/lib/shared/contracts/snapshots";

type SettledError = Extract<Settled<unknown>, { ok: false }>["error"];

/** Why the snapshot list could not be read. */
export function SnapshotsError({ error }: { error: SettledError }) {
  if (error.details?.reason === "snapshot_api_missing") {
    const docs = typeof error.details.docs === "string" ? error.details.docs : undefined;
    return (
      <ErrorState title="VolumeSnapshot API not installed" reason={error.message}>
        {docs ? (
          <p className="mt-1 text-sm">
            <a className="text-accent underline" href={docs} target="_blank" rel="noreferrer">
              How to install the CSI snapshot controller and CRDs (external-snapshotter)
            </a>
          </p>
        ) : null}
      </ErrorState>
    );
  }
  const title =
    error.code === "forbidden" ? "Not allowed to list snapshots" : error.code === "unreachable" ? "Kubernetes API unreachable" : error.code === "not_found" ? "Model cache PVC not found" : "Snapshots unavailable";
  return <ErrorState title={title} reason={error.message} />;
}

/** A warning above the list when creating a snapshot cannot just use the default class. */
export function ClassesNotice({ classes }: { classes: Settled<SnapshotClassSummary[]> }) {
  if (!classes.ok) return <ErrorState title="Snapshot classes unavailable" reason={classes.error.message} />;
  const defaults = classes.data.filter((c) => c.isDefault).length;
  if (classes.data.length === 0) {
    return (
      <ErrorState
        title="No VolumeSnapshotClass"
        reason="The cluster has no VolumeSnapshotClass, so no snapshot can be taken. Create one for the CSI driver that provisions the cache PVC."
      />
    );
  }
  if (defaults === 1) return null;
  return (
    <div role="status" className="rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm">
      <p className="font-medium text-warn">{defaults === 0 ? "No default VolumeSnapshotClass" : `${defaults} default VolumeSnapshotClasses`}</p>
      <p className="text-muted">
        Choose a class when you create a snapshot, or mark exactly one with the annotation snapshot.storage.kubernetes.io/is-default-class: &quot;true&quot;.
      </p>
    </div>
  );
}
