// Reads snapshots of the cache PVC and the snapshot classes through the snapshot door, reshaped for the API routes.
import "server-only";
import { getVolumeSnapshot, listVolumeSnapshotClasses, listVolumeSnapshotContents, listVolumeSnapshots } from "../../doors/kubernetes/snapshots";
import type { Target } from "../../doors/runtime/config";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache, registerMap } from "../../doors/runtime/caches";
import { cachePvcName } from "./cache-volume";
import { AppError, isAppError } from "../../doors/runtime/errors";
import { contentPolicies, listItems, newestFirst, toClassSummary, toSnapshotSummary, type SummaryContext } from "./summary";
import type { DeletionPolicy, SnapshotClassSummary, SnapshotSummary } from "../../shared/snapshots/types";

// However many browsers poll, the API server sees at most one list per target per lifetime. Snapshots change state
// within seconds of a create (the page polls every 2 s then), so 1 s; a create or delete forgets the list at once.
const lists = registerCache("snapshot lists", coalescer<{ pvc: string; items: SnapshotSummary[] }>(1_000));
// Production lifetime (issue 18: it had been cut to 2 s to hide a test that warmed the cache): classes are cluster
// configuration an administrator changes a few times a year, and each list is cluster-wide. 10 s spares the API server
// a list per poll per tab; a class added while the page is open shows within 10 s plus the page's 15 s poll.
const classLists = registerCache("snapshot classes", coalescer<SnapshotClassSummary[]>(10_000));
// Deletion policies of bound contents only change with a class's policy; 5 s bounds a cluster-wide list per poll.
const contents = registerCache("snapshot content policies", coalescer<Map<string, DeletionPolicy>>(5_000));
const contentsDeniedUntil = registerMap("snapshot contents denied", new Map<string, number>());
const CONTENTS_DENIED_RETRY_MS = 10 * 60_000;

const key = (target: Target) => `${target.context ?? ""}|${target.namespace}`;

/** Forgets cached snapshot lists so the next read shows a create or delete at once. */
export function forgetSnapshots(target: Target): void {
  lists.invalidate(key(target));
  contents.invalidate(key(target));
}

/** Cluster-scoped VolumeSnapshotClasses, default first. Throws AppError (API missing, forbidden…). */
export function listClasses(target: Target): Promise<SnapshotClassSummary[]> {
  return classLists.get(key(target), async () => {
    const list = await listVolumeSnapshotClasses(target);
    return listItems(list)
      .map(toClassSummary)
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  });
}

/**
 * Deletion policies of bound contents. Contents are cluster-scoped and the console's RBAC may not cover them,
 * so this is best effort: without it the policy is read from the class.
 */
function readContentPolicies(target: Target): Promise<Map<string, DeletionPolicy>> {
  const k = key(target);
  if ((contentsDeniedUntil.get(k) ?? 0) > Date.now()) return Promise.resolve(new Map<string, DeletionPolicy>());
  return contents.get(k, () =>
    listVolumeSnapshotContents(target).then(contentPolicies, (err: unknown) => {
      // deploy/base withholds this permission; do not knock on a closed door every few seconds.
      if (isAppError(err) && err.code === "forbidden") contentsDeniedUntil.set(k, Date.now() + CONTENTS_DENIED_RETRY_MS);
      return new Map<string, DeletionPolicy>();
    }),
  );
}

async function summaryContext(target: Target): Promise<SummaryContext> {
  const [classes, policies] = await Promise.all([listClasses(target).catch(() => []), readContentPolicies(target)]);
  return { classes, contentPolicies: policies };
}

/** VolumeSnapshots whose source is the cache PVC, newest first. Throws AppError. */
export function listSnapshots(target: Target): Promise<{ pvc: string; items: SnapshotSummary[] }> {
  return lists.get(key(target), async () => {
    const pvc = await cachePvcName(target);
    const list = await listVolumeSnapshots(target);
    const ctx = await summaryContext(target);
    const items = listItems(list)
      .map((raw) => toSnapshotSummary(raw, ctx))
      .filter((s) => s.sourcePvc === pvc)
      .sort(newestFirst);
    return { pvc, items };
  });
}

/** One snapshot by name, summarised. Throws AppError (not_found when it does not exist). */
export async function getSnapshot(target: Target, name: string): Promise<SnapshotSummary> {
  const raw = await getVolumeSnapshot(target, name);
  return toSnapshotSummary(raw, await summaryContext(target));
}

/** A snapshot that must be of the cache PVC (the console only acts on those). Throws AppError. */
export async function getCacheSnapshot(target: Target, name: string): Promise<SnapshotSummary> {
  const [snapshot, pvc] = await Promise.all([getSnapshot(target, name), cachePvcName(target)]);
  if (snapshot.sourcePvc !== pvc) {
    throw new AppError("invalid", `VolumeSnapshot ${name} is not a snapshot of the model cache PVC ${pvc}; the console only acts on those`, "console");
  }
  return snapshot;
}
