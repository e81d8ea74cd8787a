// Reconcile (issue #14): pull what the declared set lacks through fit-checked jobs; delete extras only with `prune: true`
// and an admin's confirmation naming each one. RECONCILE=auto runs the pulls on a ConfigMap change or a missing model.
import "server-only";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { config, type Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { log } from "../../doors/runtime/log";
import { listLoaded, listModels } from "../../doors/ollama/cache";
import { startPull } from "../pulls";
import { declaredState, onDeclaredChange } from "./declared";
import { deleteInstalledModel } from "./delete";
import { computeDrift, modelKey, type Drift } from "../../shared/models/drift";
import { currentUpdateReport } from "./updates";
import type { DeclaredState, ReconcileResult } from "./desired-types";

type Actor = Pick<SessionUser, "id" | "name" | "role">;


const AUTO = { id: "system:reconcile", name: "auto-reconcile", role: "operator" as const };
const AUTO_MIN_GAP_MS = 5 * 60_000;
const AUTO_POLL_MS = 60_000;

/** Throws unless the declared set parsed: nothing is pulled or deleted from a file that does not parse. */
function usable(declared: DeclaredState): NonNullable<DeclaredState["set"]> {
  if (declared.status === "invalid" && declared.problem) {
    throw new AppError("invalid", `${declared.configMap}/models.yaml line ${declared.problem.line}: ${declared.problem.message}; nothing was pulled or deleted`, "console");
  }
  if (declared.status === "absent") throw new AppError("not_found", `No ConfigMap ${declared.configMap} in the namespace: nothing is declared`, "console");
  if (declared.status !== "ok" || !declared.set) throw new AppError("unavailable", `The declared set cannot be read: ${declared.error ?? "not loaded yet"}`, "kubernetes");
  return declared.set;
}

/** Drift of the target now (declared set, /api/tags, /api/ps, last update check). Throws AppError when the set is unusable. */
export async function currentDrift(target: Target): Promise<Drift> {
  const set = usable(await declaredState(target));
  const [installed, loaded] = await Promise.all([listModels(target), listLoaded(target)]);
  return computeDrift(set, installed, (await currentUpdateReport(target)).models, loaded);
}

/**
 * Pulls every missing model (pre-flight, never overridden). Extras are deleted only when models.yaml says `prune: true`,
 * `prune` is asked, the user is an admin, and `confirm` names exactly the extras. Audited step by step.
 */
export async function reconcile(target: Target, user: Actor, input: { prune: boolean; confirm?: string[] }): Promise<ReconcileResult> {
  const declared = await declaredState(target);
  let set: NonNullable<DeclaredState["set"]>;
  try {
    set = usable(declared);
  } catch (err) {
    audit(user, { action: "ModelsReconciled", subject: declared.configMap, outcome: "failure", message: failureMessage(err) });
    throw err;
  }
  const [installed, loaded] = await Promise.all([listModels(target), listLoaded(target)]);
  const drift = computeDrift(set, installed, (await currentUpdateReport(target)).models, loaded);
  if (input.prune) {
    if (!set.prune) throw new AppError("conflict", "models.yaml has prune: false: extras are never deleted", "console");
    if (user.role !== "admin") throw new AppError("forbidden", "Deleting extras needs the admin role", "console");
    const confirmed = new Set((input.confirm ?? []).map(modelKey));
    const unconfirmed = drift.extra.filter((m) => !confirmed.has(modelKey(m)));
    const strangers = [...confirmed].filter((k) => !drift.extra.some((m) => modelKey(m) === k));
    if (unconfirmed.length || strangers.length) {
      throw new AppError(
        "invalid",
        `Confirm by naming each extra model to delete: ${drift.extra.join(", ") || "(none)"}${strangers.length ? `; not extras: ${strangers.join(", ")}` : ""}`,
        "console",
      );
    }
  }
  const result: ReconcileResult = { pulls: [], refused: [], deleted: [], keptExtras: null };
  for (const model of drift.missing) {
    try {
      const { job, joined } = await startPull(target, user, { model, override: false });
      result.pulls.push({ model, jobId: job.id, joined });
    } catch (err) {
      result.refused.push({ model, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  if (input.prune) {
    for (const model of drift.extra) {
      await deleteInstalledModel(target, user, { model, snapshotFirst: false });
      result.deleted.push(model);
    }
  } else if (drift.extra.length) {
    result.keptExtras = { models: drift.extra, reason: set.prune ? "not confirmed by an admin" : "models.yaml has prune: false" };
  }
  audit(user, {
    action: "ModelsReconciled",
    subject: declared.configMap,
    outcome: result.refused.length ? "failure" : "success",
    message: `pulled ${result.pulls.length}, refused ${result.refused.length}, deleted ${result.deleted.length}`,
    details: { version: declared.version, pulls: result.pulls.map((p) => p.model), refused: result.refused, deleted: result.deleted },
  });
  return result;
}

/**
 * RECONCILE=auto: pulls missing models when the ConfigMap changes (watch) or a declared model goes missing (polled),
 * at most once per 5 minutes, never deleting. Until `signal` aborts.
 */
export function startAutoReconcile(signal: AbortSignal, target: Target = config().target): void {
  if (config().models.reconcile !== "auto") return;
  let last = 0;
  let pending: NodeJS.Timeout | undefined;
  const run = async (why: string) => {
    const wait = last + AUTO_MIN_GAP_MS - Date.now();
    if (wait > 0) {
      pending ??= setTimeout(() => {
        pending = undefined;
        void run(why);
      }, wait);
      return;
    }
    try {
      const drift = await currentDrift(target);
      if (drift.missing.length === 0) return;
      last = Date.now();
      log.info("auto-reconcile", { why, missing: drift.missing });
      await reconcile(target, AUTO, { prune: false });
    } catch (err) {
      log.warn("auto-reconcile skipped", { why, reason: err instanceof Error ? err.message : String(err) });
    }
  };
  const unsubscribe = onDeclaredChange(target, (s) => s.status === "ok" && void run(`ConfigMap changed (version ${s.version})`));
  const timer = setInterval(() => void run("a declared model is missing"), AUTO_POLL_MS);
  timer.unref();
  signal.addEventListener(
    "abort",
    () => {
      unsubscribe();
      clearInterval(timer);
      clearTimeout(pending);
    },
    { once: true },
  );
}
