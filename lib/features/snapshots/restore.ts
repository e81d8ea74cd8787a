// Restoring a snapshot into a new PVC (admin) and following restored claims until Bound. Audited.
import "server-only";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { listEvents, type EventSummary } from "../../doors/kubernetes/events";
import { createClaimFromSnapshot, listClaims, type ClaimDetails } from "../../doors/kubernetes/pvc";
import type { Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { cacheVolume } from "./cache-volume";
import { ANNOTATION_CREATED_BY, ANNOTATION_RESTORED_FROM, LABEL_MANAGED_BY, LABEL_RESTORE, MANAGED_BY } from "./meta";
import { defaultRestoreName } from "../../shared/snapshots/names";
import { getCacheSnapshot } from "./read";
import { defaultRestoreSize, restoreSizeProblem } from "../../shared/snapshots/sizing";
import type { RestoreSummary } from "../../shared/snapshots/types";

export interface RestoreOptions {
  /** Claim name; default `<pvc>-restore-<snapshot>` (63 characters at most). Must already be validated. */
  name?: string;
  /** Requested size; default max(restore size, cache PVC request). */
  size?: string;
}

// A restore is followed until Bound by a page polling every 2 s: 1 s keeps that view current for every tab at one list.
const restores = registerCache("restored claims", coalescer<RestoreSummary[]>(1_000));
const key = (target: Target) => `${target.context ?? ""}|${target.namespace}`;

/** A claim (+ its latest event while not Bound) → RestoreSummary. */
export function toRestoreSummary(pvc: ClaimDetails, latest: EventSummary | undefined): RestoreSummary {
  const pending = pvc.phase !== "Bound";
  return {
    name: pvc.name,
    namespace: pvc.namespace,
    snapshot: pvc.annotations[ANNOTATION_RESTORED_FROM] ?? pvc.dataSourceName,
    phase: pvc.phase,
    capacity: pvc.capacity,
    request: pvc.request,
    storageClassName: pvc.storageClass,
    createdAt: pvc.createdAt,
    createdBy: pvc.annotations[ANNOTATION_CREATED_BY],
    waitingForConsumer: pending && latest?.reason === "WaitForFirstConsumer",
    message: pending ? latest?.message : undefined,
    warning: pending && latest?.type === "Warning",
  };
}

const eventTime = (e: EventSummary): number => (e.lastSeen ? Date.parse(e.lastSeen) : 0);

/** Latest event per claim name, for the claims that are still Pending. */
async function latestClaimEvents(target: Target, pending: readonly string[]): Promise<Map<string, EventSummary>> {
  const latest = new Map<string, EventSummary>();
  if (pending.length === 0) return latest;
  // Events only add a reason; the claim's phase is still shown without them.
  const events = await listEvents(target, "involvedObject.kind=PersistentVolumeClaim").catch(() => []);
  for (const e of events) {
    const name = e.object.slice(e.object.indexOf("/") + 1);
    if (!pending.includes(name)) continue;
    const seen = latest.get(name);
    if (!seen || eventTime(e) >= eventTime(seen)) latest.set(name, e);
  }
  return latest;
}

/** Claims the console restored from snapshots (by label), newest first. Throws AppError. */
export function listRestores(target: Target): Promise<RestoreSummary[]> {
  return restores.get(key(target), async () => {
    const claims = await listClaims(target, `${LABEL_RESTORE}=true`);
    const pending = claims.filter((p) => p.phase !== "Bound").map((p) => p.name);
    const events = await latestClaimEvents(target, pending);
    return claims
      .map((p) => toRestoreSummary(p, events.get(p.name)))
      .sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? "") || a.name.localeCompare(b.name));
  });
}

/** Creates a PVC from a ready snapshot of the cache, with the cache PVC's class and access modes; audits SnapshotRestored. Throws AppError. */
export async function restoreSnapshot(target: Target, user: Pick<SessionUser, "id" | "name" | "role">, snapshotName: string, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  let claim = opts.name ?? "(default name)";
  try {
    const [snapshot, cache] = await Promise.all([getCacheSnapshot(target, snapshotName), cacheVolume(target)]);
    claim = opts.name ?? defaultRestoreName(cache.pvc, snapshotName);
    if (!snapshot.ready) {
      throw new AppError("conflict", `VolumeSnapshot ${snapshotName} is not ready to use yet; restore it once it shows Ready`, "console");
    }
    const size = opts.size ?? defaultRestoreSize(snapshot.restoreSize, cache.request);
    if (!size) throw new AppError("invalid", `Neither the snapshot nor PVC ${cache.pvc} says how big the claim must be; enter a size`, "console");
    const problem = restoreSizeProblem(size, snapshot.restoreSize);
    if (problem) throw new AppError("invalid", problem, "console");
    const created = await createClaimFromSnapshot(target, {
      name: claim,
      labels: { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_RESTORE]: "true" },
      annotations: { [ANNOTATION_RESTORED_FROM]: snapshotName, [ANNOTATION_CREATED_BY]: user.name },
      accessModes: cache.accessModes.length ? cache.accessModes : ["ReadWriteOnce"],
      storageClassName: cache.storageClassName,
      size,
      snapshot: snapshotName,
    });
    restores.invalidate(key(target));
    audit(user, { action: "SnapshotRestored", subject: snapshotName, outcome: "success", details: { claim, size, storageClassName: cache.storageClassName } });
    return toRestoreSummary(created, undefined);
  } catch (err) {
    audit(user, { action: "SnapshotRestored", subject: snapshotName, outcome: "failure", message: failureMessage(err), details: { claim } });
    throw err;
  }
}
