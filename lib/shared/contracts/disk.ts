// What the disk rescue routes answer (issue 15): GET /api/disk/forecast, GET/POST /api/disk/reclaim, GET/POST /api/disk/expansion.
import { z } from "zod";

/** One window of the fill trend (lib/features/disk/forecast.ts). */
export const trendWindow = z.object({
  label: z.enum(["24 h", "7 d"]),
  /** Bytes per day (negative: shrinking); absent when the window holds too little history. */
  bytesPerDay: z.number().optional(),
  points: z.number(),
  /** How much time the points span, in hours. */
  spanHours: z.number(),
});
export type TrendWindow = z.infer<typeof trendWindow>;

/** When the volume fills at the current rate. */
export const forecast = z.object({
  state: z.enum(["filling", "stable", "unknown"]),
  /** Days until used reaches capacity at the rate used; set when filling. */
  daysToFull: z.number().optional(),
  /** The rate the forecast uses: the faster-filling of the windows that have enough history. */
  bytesPerDay: z.number().optional(),
  windows: z.array(trendWindow),
  /** One sentence for the page: "At the current rate, full in 12 days (…)" or "Stable over the last 24 h". */
  summary: z.string(),
});
export type Forecast = z.infer<typeof forecast>;

/** GET /api/disk/forecast: the forecast and where its history came from. */
export const diskForecast = forecast.extend({ source: z.string() });
export type DiskForecast = z.infer<typeof diskForecast>;

/** A volume expansion under way, from the cache PVC's conditions. */
export const resizeCondition = z.object({ condition: z.string(), message: z.string(), targetBytes: z.number().nullable() });
export type ResizeCondition = z.infer<typeof resizeCondition>;

/** One partial download and whether a restart would delete it (lib/features/disk/reclaimable.ts). */
export const partialVerdict = z.object({
  digest: z.string(),
  bytes: z.number(),
  modifiedAt: z.string().optional(),
  /** Why it stays: owned by an unfinished pull, or younger than the grace period (or its age is unknown). */
  keptBecause: z.string().optional(),
});
export type PartialVerdict = z.infer<typeof partialVerdict>;

export const reclaimable = z.object({
  unreferenced: z.object({ bytes: z.number(), blobs: z.number() }),
  /** Partials the restart would delete. */
  stalePartials: z.object({ bytes: z.number(), downloads: z.array(partialVerdict) }),
  /** Partials it would keep, each with the reason. */
  keptPartials: z.object({ bytes: z.number(), downloads: z.array(partialVerdict) }),
  /** unreferenced + stale partials. */
  expectedBytes: z.number(),
});
export type Reclaimable = z.infer<typeof reclaimable>;

/** A restart of Ollama the console ran (lib/features/disk/reclaim.ts). */
export const reclaimRun = z.object({
  id: z.string(),
  /** reclaim: free space; resize: finish a FileSystemResizePending expansion (the same pod restart). */
  purpose: z.enum(["reclaim", "resize"]),
  startedAt: z.string(),
  startedBy: z.string(),
  phase: z.enum(["restarting", "reloading", "measuring", "done", "failed"]),
  pod: z.string(),
  usedBeforeBytes: z.number(),
  expectedBytes: z.number(),
  freedBytes: z.number().nullable(),
  /** Loaded when the pod was deleted: they drop with it. */
  dropped: z.array(z.string()),
  pinned: z.array(z.string()),
  reloaded: z.array(z.string()),
  reloadFailed: z.array(z.object({ name: z.string(), message: z.string() })),
  /** What is happening, or how it ended: "Freed 1.2 GiB of the expected 1.3 GiB". */
  message: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReclaimRun = z.infer<typeof reclaimRun>;

/** GET /api/disk/reclaim */
export const reclaimPlan = z.object({
  /** Null when the cache agent cannot be read: only its inventory tells orphans and partials apart. */
  reclaimable: reclaimable.nullable(),
  reclaimableNote: z.string().nullable(),
  /** Unfinished pulls (running here, or in the journal): each blocks the restart. */
  pulls: z.array(z.object({ id: z.string(), model: z.string(), state: z.string() })),
  noPrune: z.boolean(),
  /** Loaded models that drop with the pod; `pinned` ones are loaded again afterwards. */
  loaded: z.array(z.object({ name: z.string(), pinned: z.boolean() })),
  loadedNote: z.string().nullable(),
  rollout: z.object({ strategy: z.string(), replicas: z.number(), lastStartSeconds: z.number().nullable(), downtime: z.string() }),
  /** Why the restart is refused now, or null. */
  refusal: z.string().nullable(),
  /** The current or last restart the console ran. */
  run: reclaimRun.nullable(),
});
export type ReclaimPlan = z.infer<typeof reclaimPlan>;

/** POST /api/disk/reclaim: the restart started. */
export const restartStarted = z.object({ run: reclaimRun });
export type RestartStarted = z.infer<typeof restartStarted>;

/** A proposed volume size (lib/shared/disk/grow.ts). */
export const growTarget = z.object({
  bytes: z.number(),
  quantity: z.string(),
  /** How the number came about, for the page. */
  reason: z.string(),
});
export type GrowTarget = z.infer<typeof growTarget>;

export const resizeStage = z.enum(["idle", "resizing", "filesystem-pending", "failed"]);
export type ResizeStage = z.infer<typeof resizeStage>;

export const resizeProgress = z.object({ stage: resizeStage, message: z.string(), targetBytes: z.number().nullable() });
export type ResizeProgress = z.infer<typeof resizeProgress>;

export const kustomizePatch = z.object({ file: z.string(), patch: z.string(), kustomization: z.string() });
export type KustomizePatch = z.infer<typeof kustomizePatch>;

/** GET /api/disk/expansion */
export const expansionPlan = z.object({
  pvc: z.object({
    name: z.string(),
    namespace: z.string(),
    phase: z.string(),
    requestBytes: z.number().nullable(),
    capacityBytes: z.number().nullable(),
    storageClass: z.string().nullable(),
  }),
  storageClass: z.object({ name: z.string(), allowVolumeExpansion: z.boolean(), provisioner: z.string() }).nullable(),
  storageClassNote: z.string().nullable(),
  /** Proposed size; null when usage is unknown. */
  target: growTarget.nullable(),
  /** Why the proposed size cannot be applied with "Expand now" (the Kustomize patch is still shown). */
  refusal: z.string().nullable(),
  patch: kustomizePatch.nullable(),
  progress: resizeProgress,
  gitopsWarning: z.string(),
});
export type ExpansionPlan = z.infer<typeof expansionPlan>;

/** POST /api/disk/expansion: "Expand now" accepted; the resize's progress so far. */
export const expansionStarted = z.object({ progress: resizeProgress });
export type ExpansionStarted = z.infer<typeof expansionStarted>;

/** The strip turns amber when the cache is forecast to fill within this many days. */
export const FORECAST_WARN_DAYS = 7;
