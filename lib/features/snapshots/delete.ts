// Deleting a snapshot of the cache PVC (admin). With a Retain policy the storage-side snapshot stays. Audited.
import "server-only";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { deleteVolumeSnapshot } from "../../doors/kubernetes/snapshots";
import type { Target } from "../../doors/runtime/config";
import { forgetSnapshots, getCacheSnapshot } from "./read";
import type { DeletionPolicy } from "../../shared/snapshots/types";

/** Deletes VolumeSnapshot `name` if it is a snapshot of the cache PVC; audits SnapshotDeleted. Throws AppError. */
export async function deleteSnapshot(
  target: Target,
  user: Pick<SessionUser, "id" | "name" | "role">,
  name: string,
): Promise<{ name: string; deletionPolicy: DeletionPolicy | undefined }> {
  try {
    const snapshot = await getCacheSnapshot(target, name);
    await deleteVolumeSnapshot(target, name);
    forgetSnapshots(target);
    audit(user, { action: "SnapshotDeleted", subject: name, outcome: "success", details: { pvc: snapshot.sourcePvc, deletionPolicy: snapshot.deletionPolicy } });
    return { name, deletionPolicy: snapshot.deletionPolicy };
  } catch (err) {
    audit(user, { action: "SnapshotDeleted", subject: name, outcome: "failure", message: failureMessage(err) });
    throw err;
  }
}
