// Shapes the issue-14 routes answer with (declared set, pins, reconcile, updates, variants), for server and browser alike.
import type { DeclaredProblem, DeclaredSet } from "./declared-set";
import type { UpdatePlan } from "./update-types";

export interface DeclaredState {
  configMap: string;
  /** loading: no answer yet; absent: no ConfigMap (nothing declared); invalid: models.yaml does not parse; error: cannot read it. */
  status: "loading" | "ok" | "absent" | "invalid" | "error";
  set: DeclaredSet | null;
  problem: DeclaredProblem | null;
  error: string | null;
  /** The ConfigMap's resourceVersion: changes with every edit delivered by the watch. */
  version: string | null;
  changedAt: string | null;
}

export interface PinStatus {
  model: string;
  /** loaded: in memory, kept; reloading: a load is under way or due; failed: gave up after MAX_TRIES; not_installed: nothing to load. */
  state: "loaded" | "reloading" | "failed" | "not_installed";
  /** Failed loads in a row. */
  failures: number;
  /** Ollama's words for the last failure (out of memory, no runner…). */
  lastError: string | null;
  nextAttemptAt: string | null;
  lastLoadedAt: string | null;
}

export interface ReconcileResult {
  pulls: { model: string; jobId: string; joined: boolean }[];
  /** Missing models whose pull the pre-flight refused (does not fit, unknown in the registry…): nothing was pulled. */
  refused: { model: string; reason: string }[];
  deleted: string[];
  /** Extras left in place, and why (no prune, not confirmed). */
  keptExtras: { models: string[]; reason: string } | null;
}

export interface ApplyResult {
  snapshot: string | null;
  started: { model: string; jobId: string }[];
  refused: { model: string; reason: string }[];
  plan: UpdatePlan | null;
}

export interface VariantResult {
  model: string;
  from: string;
  /** Bytes of weights written: always 0, the variant reuses the base's layers (only its small params/system layers are new). */
  newWeightBytes: 0;
  /** The settings layers' size, roughly (the parameters as JSON and the system prompt). */
  settingsBytes: number;
}
