// What the models-as-desired-state routes answer (issue 14): GET /api/models/desired, GET/POST /api/models/updates,
// POST /api/models/updates/apply, /api/models/reconcile and /api/models/variants.
import { z } from "zod";
import { verdict } from "./pulls";

/** One model of the declared set (models.yaml). */
export const declaredModel = z.object({
  /** Display name (`llama3.2:3b`, tag defaulted to latest). */
  name: z.string(),
  pin: z.boolean(),
  /** Go duration or seconds, as written; informational except that pins always load with keep_alive -1. */
  keepAlive: z.string().optional(),
});
export type DeclaredModel = z.infer<typeof declaredModel>;

export const declaredSet = z.object({ models: z.array(declaredModel), prune: z.boolean() });
export type DeclaredSet = z.infer<typeof declaredSet>;

/** A problem in models.yaml: 1-based line (and column) where it is, and what is wrong there. */
export const declaredProblem = z.object({ line: z.number(), column: z.number(), message: z.string() });
export type DeclaredProblem = z.infer<typeof declaredProblem>;

/** The declared set as the console last read it from its ConfigMap. */
export const declaredState = z.object({
  configMap: z.string(),
  /** loading: no answer yet; absent: no ConfigMap (nothing declared); invalid: models.yaml does not parse; error: cannot read it. */
  status: z.enum(["loading", "ok", "absent", "invalid", "error"]),
  set: declaredSet.nullable(),
  problem: declaredProblem.nullable(),
  error: z.string().nullable(),
  /** The ConfigMap's resourceVersion: changes with every edit delivered by the watch. */
  version: z.string().nullable(),
  changedAt: z.string().nullable(),
});
export type DeclaredState = z.infer<typeof declaredState>;

/** A pinned model's state (lib/features/models/pins.ts). */
export const pinStatus = z.object({
  model: z.string(),
  /** loaded: in memory, kept; reloading: a load is under way or due; failed: gave up after MAX_TRIES; not_installed: nothing to load. */
  state: z.enum(["loaded", "reloading", "failed", "not_installed"]),
  /** Failed loads in a row. */
  failures: z.number(),
  /** Ollama's words for the last failure (out of memory, no runner…). */
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastLoadedAt: z.string().nullable(),
});
export type PinStatus = z.infer<typeof pinStatus>;

/** POST /api/models/pins/retry: the pins after the retry; handedOver = recorded for the leading replica, which loads it within 15 s. */
export const pinRetryResult = z.object({ pins: z.array(pinStatus), handedOver: z.boolean() });
export type PinRetryResult = z.infer<typeof pinRetryResult>;

/** Drift between the declared set and what Ollama has (lib/shared/models/drift.ts). */
export const drift = z.object({
  /** Declared, not installed. */
  missing: z.array(z.string()),
  /** Installed, not declared. */
  extra: z.array(z.string()),
  /** Declared and installed, with an update available at the last check. */
  outdated: z.array(z.string()),
  /** Declared with pin: true, installed, but not in memory with an endless keep_alive. */
  pinnedNotLoaded: z.array(z.string()),
});
export type Drift = z.infer<typeof drift>;

/** GET /api/models/desired */
export const desiredResponse = z.object({
  declared: declaredState,
  drift: drift.nullable(),
  driftProblem: z.string().nullable(),
  pins: z.array(pinStatus),
  reconcile: z.enum(["off", "auto"]),
});
export type DesiredResponse = z.infer<typeof desiredResponse>;

export const updateState = z.enum(["up_to_date", "update_available", "tag_missing", "check_failed", "not_checked"]);
export type UpdateState = z.infer<typeof updateState>;

/** The update check's result for one installed model. */
export const modelUpdate = z.object({
  model: z.string(),
  state: updateState,
  /** Bytes of layers the new version has that the volume lacks (what an update downloads). */
  newBytes: z.number(),
  /** Bytes of the new version's layers already on the volume (shared with the installed copy or another model). */
  sharedBytes: z.number(),
  /** Whether the download fits the free space now (each update on its own; "Update all" adds them up). */
  fit: verdict.nullable(),
  /** Why the check failed or was skipped, in words. */
  reason: z.string().nullable(),
  checkedAt: z.string(),
  /** The installed copy's manifest digest when checked: a different one now means the result no longer applies. */
  digest: z.string(),
});
export type ModelUpdate = z.infer<typeof modelUpdate>;

export const updateReport = z.object({
  /** When the last complete check ended; null = never since the console started. */
  checkedAt: z.string().nullable(),
  checking: z.boolean(),
  /** 0 = the scheduled check is off (UPDATE_CHECK_INTERVAL=0); "Check now" still works. */
  intervalSeconds: z.number(),
  models: z.array(modelUpdate),
});
export type UpdateReport = z.infer<typeof updateReport>;

/** One planned update in "Update all": smallest first, each with the free space left after the ones before it. */
export const plannedUpdate = z.object({ model: z.string(), newBytes: z.number(), verdict, freeAfterBytes: z.number() });
export type PlannedUpdate = z.infer<typeof plannedUpdate>;

export const updatePlan = z.object({
  updates: z.array(plannedUpdate),
  /** The first update that does not fit once the earlier ones are done: "Update all" stops before it. */
  stoppedAt: z.object({ model: z.string(), newBytes: z.number(), freeBytes: z.number(), reason: z.string() }).nullable(),
});
export type UpdatePlan = z.infer<typeof updatePlan>;

/** GET /api/models/updates, and POST (check now). */
export const updatesResponse = z.object({ report: updateReport, plan: updatePlan.nullable(), planProblem: z.string().nullable() });
export type UpdatesResponse = z.infer<typeof updatesResponse>;

const refusedModel = z.object({ model: z.string(), reason: z.string() });

/** POST /api/models/updates/apply */
export const applyResult = z.object({
  snapshot: z.string().nullable(),
  started: z.array(z.object({ model: z.string(), jobId: z.string() })),
  refused: z.array(refusedModel),
  plan: updatePlan.nullable(),
});
export type ApplyResult = z.infer<typeof applyResult>;

/** POST /api/models/reconcile */
export const reconcileResult = z.object({
  pulls: z.array(z.object({ model: z.string(), jobId: z.string(), joined: z.boolean() })),
  /** Missing models whose pull the pre-flight refused (does not fit, unknown in the registry…): nothing was pulled. */
  refused: z.array(refusedModel),
  deleted: z.array(z.string()),
  /** Extras left in place, and why (no prune, not confirmed). */
  keptExtras: z.object({ models: z.array(z.string()), reason: z.string() }).nullable(),
});
export type ReconcileResult = z.infer<typeof reconcileResult>;

/** POST /api/models/variants */
export const variantResult = z.object({
  model: z.string(),
  from: z.string(),
  /** Bytes of weights written: always 0, the variant reuses the base's layers (only its small params/system layers are new). */
  newWeightBytes: z.literal(0),
  /** The settings layers' size, roughly (the parameters as JSON and the system prompt). */
  settingsBytes: z.number(),
});
export type VariantResult = z.infer<typeof variantResult>;
