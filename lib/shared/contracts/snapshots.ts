// What the snapshot routes answer (GET/POST /api/snapshots, DELETE /api/snapshots/:name, POST …/restore).
import { z } from "zod";
import { settled } from "./error";

export const deletionPolicy = z.enum(["Delete", "Retain"]);
export type DeletionPolicy = z.infer<typeof deletionPolicy>;

/** One model as recorded on a snapshot: what was in the cache when it was taken. */
export const modelRef = z.object({ name: z.string(), digest: z.string() });
export type ModelRef = z.infer<typeof modelRef>;

/** A VolumeSnapshot of the cache PVC. */
export const snapshotSummary = z.object({
  name: z.string(),
  namespace: z.string(),
  /** metadata.creationTimestamp: when the object was created. */
  createdAt: z.string().optional(),
  /** status.creationTime: when the storage system cut the snapshot. */
  takenAt: z.string().optional(),
  sourcePvc: z.string().optional(),
  className: z.string().optional(),
  deletionPolicy: deletionPolicy.optional(),
  deletionPolicyFrom: z.enum(["content", "class"]).optional(),
  contentName: z.string().optional(),
  /** False while the snapshot controller has not written any status yet. */
  controllerActed: z.boolean(),
  ready: z.boolean().optional(),
  restoreSize: z.string().optional(),
  restoreSizeBytes: z.number().optional(),
  error: z.object({ message: z.string(), time: z.string().optional() }).optional(),
  deleting: z.boolean(),
  createdBy: z.string().optional(),
  /** The model inventory recorded at creation; absent when the snapshot was not made by the console. */
  models: z.array(modelRef).optional(),
  modelsNote: z.string().optional(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummary>;

export const snapshotClassSummary = z.object({ name: z.string(), driver: z.string(), deletionPolicy: deletionPolicy.optional(), isDefault: z.boolean() });
export type SnapshotClassSummary = z.infer<typeof snapshotClassSummary>;

export const cacheVolume = z.object({
  pvc: z.string(),
  volume: z.string().optional(),
  deployment: z.string(),
  namespace: z.string(),
  storageClassName: z.string().optional(),
  accessModes: z.array(z.string()),
  request: z.string().optional(),
  requestBytes: z.number().optional(),
});
export type CacheVolume = z.infer<typeof cacheVolume>;

export const permission = z.object({ allowed: z.boolean(), reason: z.string().optional() });
export type Permission = z.infer<typeof permission>;

/** A PVC the console restored from a snapshot. */
export const restoreSummary = z.object({
  name: z.string(),
  namespace: z.string(),
  snapshot: z.string().optional(),
  phase: z.string(),
  capacity: z.string().optional(),
  request: z.string().optional(),
  storageClassName: z.string().optional(),
  createdAt: z.string().optional(),
  createdBy: z.string().optional(),
  waitingForConsumer: z.boolean(),
  message: z.string().optional(),
  warning: z.boolean(),
});
export type RestoreSummary = z.infer<typeof restoreSummary>;

export const snapshotList = settled(z.object({ pvc: z.string(), items: z.array(snapshotSummary) }));

/** GET /api/snapshots (the whole page). */
export const snapshotAccess = z.object({ create: permission, delete: permission, restore: permission });
export type SnapshotAccess = z.infer<typeof snapshotAccess>;

export const snapshotsView = z.object({
  snapshots: snapshotList,
  classes: settled(z.array(snapshotClassSummary)),
  cache: settled(cacheVolume),
  restores: settled(z.array(restoreSummary)),
  access: snapshotAccess,
  /** Models being pulled now: the create dialog warns that a snapshot may catch a half-written blob. */
  activePulls: z.array(z.string()),
});
export type SnapshotsView = z.infer<typeof snapshotsView>;

/** GET /api/snapshots?view=summary (snapshots only, for the Overview). */
export const snapshotsSummary = z.object({ snapshots: snapshotList });
export type SnapshotsSummary = z.infer<typeof snapshotsSummary>;

/** GET /api/snapshots: the page view, or with ?view=summary the snapshots alone. */
export const snapshotsResponse = z.union([snapshotsView, snapshotsSummary]);

/** POST /api/snapshots */
export const createdSnapshot = z.object({ snapshot: snapshotSummary });

/** DELETE /api/snapshots/:name */
export const deletedSnapshot = z.object({ name: z.string(), deletionPolicy: deletionPolicy.optional() });

/** POST /api/snapshots/:name/restore */
export const startedRestore = z.object({ restore: restoreSummary });
