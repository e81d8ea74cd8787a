// Restoring a snapshot into a new PVC (admin) and following restored claims until Bound. Audited.
import "server-only";
import type { CoreV1Event, V1PersistentVolumeClaim } from "@kubernetes/client-node";
import { audit } from "../audit";
import type { SessionUser } from "../auth/roles";
import { kube } from "../cluster/client";
import { clusterError } from "./errors";
import type { Target } from "../config";
import { AppError } from "../errors";
import { failureMessage } from "./audit-message";
import { coalescer } from "../coalesce";
import { registerCache } from "../caches";
import { cacheVolume } from "./cache-volume";
import { ANNOTATION_CREATED_BY, ANNOTATION_RESTORED_FROM, LABEL_MANAGED_BY, LABEL_RESTORE, MANAGED_BY } from "./meta";
import { defaultRestoreName } from "./names";
import { getCacheSnapshot, GROUP } from "./read";
import { defaultRestoreSize, restoreSizeProblem } from "./sizing";
import type { RestoreSummary } from "./types";

export interface RestoreOptions {
  /** Claim name; default `<pvc>-restore-<snapshot>` (63 characters at most). Must already be validated. */
  name?: string;
  /** Requested size; default max(restore size, cache PVC request). */
  size?: string;
}

// A restore is followed until Bound by a page polling every 2 s: 1 s keeps that view current for every tab at one list.
const restores = registerCache("restored claims", coalescer<RestoreSummary[]>(1_000));
const key = (target: Target) => `${target.context ?? ""}|${target.namespace}`;

/** Typed PVC (+ its latest event while not Bound) → RestoreSummary. */
export function toRestoreSummary(pvc: V1PersistentVolumeClaim, latest: CoreV1Event | undefined): RestoreSummary {
  const phase = pvc.status?.phase ?? "Pending";
  const pending = phase !== "Bound";
  return {
    name: pvc.metadata?.name ?? "",
    namespace: pvc.metadata?.namespace ?? "",
    snapshot: pvc.metadata?.annotations?.[ANNOTATION_RESTORED_FROM] ?? pvc.spec?.dataSource?.name,
    phase,
    capacity: pvc.status?.capacity?.storage,
    request: pvc.spec?.resources?.requests?.storage,
    storageClassName: pvc.spec?.storageClassName,
    createdAt: pvc.metadata?.creationTimestamp?.toISOString(),
    createdBy: pvc.metadata?.annotations?.[ANNOTATION_CREATED_BY],
    waitingForConsumer: pending && latest?.reason === "WaitForFirstConsumer",
    message: pending ? latest?.message : undefined,
    warning: pending && latest?.type === "Warning",
  };
}

function eventTime(e: CoreV1Event): number {
  return (e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp)?.getTime() ?? 0;
}

/** Latest event per claim name, for the claims that are still Pending. */
async function latestClaimEvents(target: Target, pending: readonly string[]): Promise<Map<string, CoreV1Event>> {
  const latest = new Map<string, CoreV1Event>();
  if (pending.length === 0) return latest;
  const events = await kube(target)
    .core.listNamespacedEvent({ namespace: target.namespace, fieldSelector: "involvedObject.kind=PersistentVolumeClaim" })
    .catch(() => undefined); // events only add a reason; the claim's phase is still shown without them
  for (const e of events?.items ?? []) {
    const name = e.involvedObject.name;
    if (!name || !pending.includes(name)) continue;
    const seen = latest.get(name);
    if (!seen || eventTime(e) >= eventTime(seen)) latest.set(name, e);
  }
  return latest;
}

/** Claims the console restored from snapshots (by label), newest first. Throws AppError. */
export function listRestores(target: Target): Promise<RestoreSummary[]> {
  return restores.get(key(target), async () => {
    const list = await kube(target)
      .core.listNamespacedPersistentVolumeClaim({ namespace: target.namespace, labelSelector: `${LABEL_RESTORE}=true` })
      .catch((err: unknown) => {
        throw clusterError(err, `listing PVCs in namespace ${target.namespace}`);
      });
    const pending = list.items.filter((p) => p.status?.phase !== "Bound").map((p) => p.metadata?.name ?? "");
    const events = await latestClaimEvents(target, pending);
    return list.items
      .map((p) => toRestoreSummary(p, events.get(p.metadata?.name ?? "")))
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
    const body: V1PersistentVolumeClaim = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        name: claim,
        namespace: target.namespace,
        labels: { [LABEL_MANAGED_BY]: MANAGED_BY, [LABEL_RESTORE]: "true" },
        annotations: { [ANNOTATION_RESTORED_FROM]: snapshotName, [ANNOTATION_CREATED_BY]: user.name },
      },
      spec: {
        accessModes: cache.accessModes.length ? cache.accessModes : ["ReadWriteOnce"],
        storageClassName: cache.storageClassName,
        resources: { requests: { storage: size } },
        dataSource: { apiGroup: GROUP, kind: "VolumeSnapshot", name: snapshotName },
      },
    };
    const created = await kube(target)
      .core.createNamespacedPersistentVolumeClaim({ namespace: target.namespace, body })
      .catch((err: unknown) => {
        throw clusterError(err, `creating PVC ${target.namespace}/${claim}`);
      });
    restores.invalidate(key(target));
    audit(user, { action: "SnapshotRestored", subject: snapshotName, outcome: "success", details: { claim, size, storageClassName: cache.storageClassName } });
    return toRestoreSummary(created, undefined);
  } catch (err) {
    audit(user, { action: "SnapshotRestored", subject: snapshotName, outcome: "failure", message: failureMessage(err), details: { claim } });
    throw err;
  }
}
