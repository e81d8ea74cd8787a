// The VolumeSnapshot API (snapshot.storage.k8s.io/v1) through the CustomObjectsApi: raw JSON out, AppErrors thrown.
// The snapshot feature (lib/features/snapshots) reshapes the objects; a 404 for the whole group means the CRDs are missing.
import "server-only";
import type { Target } from "../runtime/config";
import { AppError } from "../runtime/errors";
import { kube } from "./client";
import { isApiMissing, kubeError } from "./errors";

const SNAPSHOT_API = { group: "snapshot.storage.k8s.io", version: "v1" };
export const SNAPSHOT_GROUP = SNAPSHOT_API.group;
export const SNAPSHOT_API_DOCS = "https://github.com/kubernetes-csi/external-snapshotter#usage";
export const SNAPSHOT_API_MISSING =
  "The VolumeSnapshot API is not installed: install the CSI snapshot controller and its CRDs (snapshot.storage.k8s.io/v1)";

/** kubeError, with "API not installed" spelled out for the snapshot CRDs (the UI links the docs on this reason). */
function snapshotError(err: unknown, what: string): AppError {
  const e = kubeError(err, what);
  if (!isApiMissing(e)) return e;
  return new AppError("unavailable", SNAPSHOT_API_MISSING, "kubernetes", { cause: err, details: { reason: "snapshot_api_missing", docs: SNAPSHOT_API_DOCS } });
}

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw snapshotError(err, what);
  }
}

/** The cluster's VolumeSnapshotClasses (a raw list object). Throws AppError. */
export function listVolumeSnapshotClasses(target: Target): Promise<unknown> {
  return call("listing VolumeSnapshotClasses", () => kube(target).custom.listClusterCustomObject({ ...SNAPSHOT_API, plural: "volumesnapshotclasses" }));
}

/** The cluster's VolumeSnapshotContents (a raw list object). Throws AppError (forbidden: deploy/base withholds it). */
export function listVolumeSnapshotContents(target: Target): Promise<unknown> {
  return call("listing VolumeSnapshotContents", () => kube(target).custom.listClusterCustomObject({ ...SNAPSHOT_API, plural: "volumesnapshotcontents" }));
}

/** The VolumeSnapshots in the target's namespace (a raw list object). Throws AppError. */
export function listVolumeSnapshots(target: Target): Promise<unknown> {
  return call(`listing VolumeSnapshots in namespace ${target.namespace}`, () =>
    kube(target).custom.listNamespacedCustomObject({ ...SNAPSHOT_API, namespace: target.namespace, plural: "volumesnapshots" }),
  );
}

/** One VolumeSnapshot (raw). Throws AppError (not_found when it does not exist). */
export function getVolumeSnapshot(target: Target, name: string): Promise<unknown> {
  return call(`reading VolumeSnapshot ${target.namespace}/${name}`, () =>
    kube(target).custom.getNamespacedCustomObject({ ...SNAPSHOT_API, namespace: target.namespace, plural: "volumesnapshots", name }),
  );
}

/** What the console writes on a new VolumeSnapshot. */
export interface VolumeSnapshotSpec {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  pvc: string;
  className: string;
}

/** Creates a VolumeSnapshot of `spec.pvc` in the target's namespace; answers the created object (raw). Throws AppError. */
export function createVolumeSnapshot(target: Target, spec: VolumeSnapshotSpec): Promise<unknown> {
  const body = {
    apiVersion: `${SNAPSHOT_API.group}/${SNAPSHOT_API.version}`,
    kind: "VolumeSnapshot",
    metadata: { name: spec.name, namespace: target.namespace, labels: spec.labels, annotations: spec.annotations },
    spec: { source: { persistentVolumeClaimName: spec.pvc }, volumeSnapshotClassName: spec.className },
  };
  return call(`creating VolumeSnapshot ${target.namespace}/${spec.name}`, () =>
    kube(target).custom.createNamespacedCustomObject({ ...SNAPSHOT_API, namespace: target.namespace, plural: "volumesnapshots", body }),
  );
}

/** Deletes VolumeSnapshot `name` in the target's namespace. Throws AppError. */
export async function deleteVolumeSnapshot(target: Target, name: string): Promise<void> {
  await call(`deleting VolumeSnapshot ${target.namespace}/${name}`, () =>
    kube(target).custom.deleteNamespacedCustomObject({ ...SNAPSHOT_API, namespace: target.namespace, plural: "volumesnapshots", name }),
  );
}
