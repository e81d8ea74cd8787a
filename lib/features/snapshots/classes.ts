// Choosing the VolumeSnapshotClass for a new snapshot, with the "no class" and "no default" states spelled out.
import "server-only";
import { AppError } from "../../doors/runtime/errors";
import type { SnapshotClassSummary } from "../../shared/snapshots/types";

export const DEFAULT_CLASS_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class";

/** The class asked for, else the cluster default; throws AppError naming what is missing. */
export function pickClass(classes: readonly SnapshotClassSummary[], requested: string | undefined): SnapshotClassSummary {
  if (classes.length === 0) {
    throw new AppError(
      "unavailable",
      "No VolumeSnapshotClass exists in the cluster: create one for the CSI driver of the cache PVC's storage class",
      "kubernetes",
      { details: { reason: "no_snapshot_class" } },
    );
  }
  if (requested) {
    const found = classes.find((c) => c.name === requested);
    if (!found) {
      throw new AppError("invalid", `No VolumeSnapshotClass named "${requested}"; available: ${classes.map((c) => c.name).join(", ")}`, "console");
    }
    return found;
  }
  const defaults = classes.filter((c) => c.isDefault);
  if (defaults.length !== 1) {
    const why = defaults.length === 0 ? "No VolumeSnapshotClass is marked as default" : `${defaults.length} VolumeSnapshotClasses are marked as default`;
    throw new AppError(
      "invalid",
      `${why}: choose one (${classes.map((c) => c.name).join(", ")}), or annotate exactly one with ${DEFAULT_CLASS_ANNOTATION}: "true"`,
      "console",
      { details: { reason: "no_default_class" } },
    );
  }
  return defaults[0] as SnapshotClassSummary;
}
