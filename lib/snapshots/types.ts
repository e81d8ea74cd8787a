// Small serialisable shapes the snapshot API routes answer with and the browser renders (no client-node types).

/** One model as recorded on a snapshot: what was in the cache when it was taken. */
export interface ModelRef {
  name: string;
  digest: string;
}

export type DeletionPolicy = "Delete" | "Retain";

/** A VolumeSnapshot of the cache PVC, reshaped from snapshot.storage.k8s.io/v1 JSON. */
export interface SnapshotSummary {
  name: string;
  namespace: string;
  /** metadata.creationTimestamp: when the object was created. */
  createdAt: string | undefined;
  /** status.creationTime: when the storage system cut the snapshot. */
  takenAt: string | undefined;
  sourcePvc: string | undefined;
  className: string | undefined;
  deletionPolicy: DeletionPolicy | undefined;
  /** Where the deletion policy was read: the bound content (authoritative) or the class. */
  deletionPolicyFrom: "content" | "class" | undefined;
  contentName: string | undefined;
  /** False while the snapshot controller has not written any status yet. */
  controllerActed: boolean;
  /** status.readyToUse; undefined = unknown. */
  ready: boolean | undefined;
  /** status.restoreSize as the API returns it (a quantity such as "100Gi"). */
  restoreSize: string | undefined;
  restoreSizeBytes: number | undefined;
  error: { message: string; time: string | undefined } | undefined;
  deleting: boolean;
  createdBy: string | undefined;
  /** The model inventory recorded at creation; undefined when the snapshot was not made by the console. */
  models: ModelRef[] | undefined;
  /** Why the inventory is missing or incomplete, as recorded at creation. */
  modelsNote: string | undefined;
}

/** A cluster-scoped VolumeSnapshotClass. */
export interface SnapshotClassSummary {
  name: string;
  driver: string;
  deletionPolicy: DeletionPolicy | undefined;
  isDefault: boolean;
}

/** The cache PVC the snapshots are taken of, and the Deployment volume that mounts it. */
export interface CacheVolume {
  pvc: string;
  /** Name of the Deployment's pod volume bound to the PVC (what the restore patch rewrites); undefined if none mounts it. */
  volume: string | undefined;
  deployment: string;
  namespace: string;
  storageClassName: string | undefined;
  accessModes: string[];
  /** spec.resources.requests.storage. */
  request: string | undefined;
  requestBytes: number | undefined;
}

/** Whether the signed-in user, and the console's service account, may do something; reason when not. */
export interface Permission {
  allowed: boolean;
  reason: string | undefined;
}

export interface SnapshotAccess {
  create: Permission;
  delete: Permission;
  restore: Permission;
}

/** A PVC the console restored from a snapshot. */
export interface RestoreSummary {
  name: string;
  namespace: string;
  snapshot: string | undefined;
  phase: string;
  capacity: string | undefined;
  request: string | undefined;
  storageClassName: string | undefined;
  createdAt: string | undefined;
  createdBy: string | undefined;
  /** The claim waits for a pod to use it (WaitForFirstConsumer): it binds once the Deployment mounts it. */
  waitingForConsumer: boolean;
  /** Latest event about a claim that is not Bound yet (provisioning progress or failure). */
  message: string | undefined;
  warning: boolean;
}

/** The Kustomize change that points the Deployment at a restored claim. */
export interface KustomizePatch {
  /** File to create, relative to the repository root. */
  patchPath: string;
  patchYaml: string;
  /** Entry to add under `patches:` in the overlay's kustomization.yaml. */
  kustomizationPath: string;
  kustomizationEntry: string;
}
