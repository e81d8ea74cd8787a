// The update check (issue #14): each installed model of an allowed registry against its registry manifest (HEAD first),
// comparing layers, not only manifest digests (ollama/ollama#16844); "Update" / "Update all" queue pulls via the pre-flight.
import "server-only";
import { settle } from "../server/settle";
import { audit } from "../audit";
import { registerWorkers } from "../../doors/runtime/caches";
import type { SessionUser } from "../../shared/auth/roles";
import { config, type Target } from "../../doors/runtime/config";
import { diskUsage, type DiskUsage } from "../disk";
import { checkFit, type Blob } from "../disk/fit";
import { AppError, isAppError } from "../../doors/runtime/errors";
import { log } from "../../doors/runtime/log";
import { processWide } from "../../doors/runtime/process-wide";
import { presentBlobs } from "../../doors/ollama/blobs";
import { listModels, type ModelSummary } from "../../doors/ollama/cache";
import { checkModelName } from "../../shared/ollama/names";
import { startPull, type PullJob } from "../pulls";
import { fetchManifest, headManifestDigest, registryAllowed, type RegistryAccess } from "../../doors/registry/manifest";
import { createSnapshot } from "../snapshots/create";
import { waitTaken } from "./delete";
import { modelKey } from "../../shared/models/drift";
import { planUpdateAll } from "./update-plan";
import type { ModelUpdate, UpdatePlan, UpdateReport } from "./update-types";
import type { ApplyResult } from "./desired-types";

type Actor = Pick<SessionUser, "id" | "name" | "role">;

interface TargetState {
  report: UpdateReport;
  running: Promise<UpdateReport> | undefined;
}

const states = processWide("model-updates", () => new Map<string, TargetState>());
// The last report lives only in this process: a restarted console has checked nothing yet.
registerWorkers("update check reports", () => states.clear());
const PARALLEL = 3;

function stateOf(target: Target): TargetState {
  const key = `${target.context ?? ""}|${target.namespace}|${target.ollamaUrl}`;
  let s = states.get(key);
  if (!s) {
    s = { report: { checkedAt: null, checking: false, intervalSeconds: config().models.updateCheckSeconds, models: [] }, running: undefined };
    states.set(key, s);
  }
  return s;
}

/** The installed copy's blobs, as the cache agent lists them (exact), if it does. */
function localBlobs(disk: DiskUsage | undefined, model: string): Blob[] | undefined {
  const found = disk?.inventory?.models.find((m) => modelKey(m.name) === modelKey(model));
  return found?.layers.map((l) => ({ digest: l.digest, size: l.size }));
}

/** Checks one installed model. Never throws: a failure is the model's state. */
export async function checkModel(target: Target, model: ModelSummary, disk: DiskUsage | undefined, access: RegistryAccess): Promise<ModelUpdate> {
  const checkedAt = new Date().toISOString();
  const base = { model: model.name, newBytes: 0, sharedBytes: 0, fit: null, reason: null, checkedAt, digest: model.digest };
  const name = checkModelName(model.name);
  if (!name.ok) return { ...base, state: "not_checked", reason: name.reason };
  if (!registryAllowed(name.ref.host, access.allowed)) return { ...base, state: "not_checked", reason: `registry ${name.ref.host} is not in PULL_REGISTRIES` };
  try {
    // HEAD first: an unchanged tag costs no manifest download.
    const head = await headManifestDigest(name.ref, access);
    if (head === model.digest) return { ...base, state: "up_to_date" };
    const remote = await fetchManifest(name.ref, access);
    if (remote.digest === model.digest) return { ...base, state: "up_to_date" };
    const mine = localBlobs(disk, model.name);
    const remoteDigests = new Set(remote.blobs.map((b) => b.digest));
    // Same config and layers under other manifest bytes (re-serialised by an older Ollama): nothing to update.
    if (mine && mine.length === remoteDigests.size && mine.every((b) => remoteDigests.has(b.digest))) return { ...base, state: "up_to_date" };
    const present = disk?.inventory
      ? new Set(disk.inventory.models.flatMap((m) => m.layers.filter((l) => l.present).map((l) => l.digest)))
      : await presentBlobs(target, [...remoteDigests]);
    const missing = remote.blobs.filter((b) => !present.has(b.digest));
    // Without the agent's layer list, every layer already on the volume means the same content under other bytes.
    if (!mine && missing.length === 0) return { ...base, state: "up_to_date" };
    const newBytes = missing.reduce((n, b) => n + b.size, 0);
    const sharedBytes = remote.blobs.filter((b) => present.has(b.digest)).reduce((n, b) => n + b.size, 0);
    const fit = disk
      ? checkFit({
          blobs: remote.blobs,
          present,
          partial: new Map((disk.inventory?.partial.downloads ?? []).map((d) => [d.digest, d.bytes])),
          capacityBytes: disk.capacityBytes,
          availableBytes: disk.availableBytes,
          headroom: config().pulls.headroom,
          installed: [],
          model: model.name,
        }).verdict
      : null;
    return { ...base, state: "update_available", newBytes, sharedBytes, fit };
  } catch (err) {
    const e = isAppError(err) ? err : new AppError("upstream", err instanceof Error ? err.message : String(err), "registry");
    if (e.code === "not_found") return { ...base, state: "tag_missing", reason: e.message };
    return { ...base, state: "check_failed", reason: e.message };
  }
}

async function runCheck(target: Target, s: TargetState): Promise<UpdateReport> {
  const cfg = config();
  const access = { mirrors: cfg.registryMirrors, allowed: cfg.pulls.registries };
  const [models, disk] = await Promise.all([listModels(target), settle(diskUsage(target))]);
  const results: ModelUpdate[] = new Array<ModelUpdate>(models.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < models.length; i = next++) results[i] = await checkModel(target, models[i]!, disk.ok ? disk.data : undefined, access);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, models.length) }, worker));
  s.report = { checkedAt: new Date().toISOString(), checking: false, intervalSeconds: cfg.models.updateCheckSeconds, models: results };
  return s.report;
}

/** Checks every installed model now ("Check now", the schedule); joins a check already running. Throws AppError when Ollama cannot list models. */
export function checkUpdates(target: Target): Promise<UpdateReport> {
  const s = stateOf(target);
  if (!s.running) {
    s.report = { ...s.report, checking: true };
    s.running = runCheck(target, s).finally(() => {
      s.running = undefined;
      s.report = { ...s.report, checking: false };
    });
  }
  return s.running;
}

/** The last check's results (empty until the first check). */
export function updateReport(target: Target): UpdateReport {
  return stateOf(target).report;
}

/**
 * The last check held against what is installed now: deleted models drop out, and a model pulled or changed since
 * (another digest) says so instead of showing a result that no longer applies. Falls back to the raw report.
 */
export async function currentUpdateReport(target: Target): Promise<UpdateReport> {
  const report = updateReport(target);
  const installed = await settle(listModels(target));
  if (!installed.ok || !report.checkedAt) return report;
  const now = new Map(installed.data.map((m) => [modelKey(m.name), m.digest]));
  const models = report.models.flatMap((u): ModelUpdate[] => {
    const digest = now.get(modelKey(u.model));
    if (digest === undefined) return [];
    if (digest === u.digest) return [u];
    return [{ ...u, state: "not_checked", newBytes: 0, sharedBytes: 0, fit: null, reason: "changed since the last check (updated?): press Check now", digest }];
  });
  return { ...report, models };
}

/** Runs the update check every UPDATE_CHECK_INTERVAL (first one a minute after start) until `signal` aborts; 0 = off. */
export function startUpdateChecks(signal: AbortSignal, target: Target = config().target): void {
  const seconds = config().models.updateCheckSeconds;
  if (seconds === 0) return;
  const tick = (delayMs: number) => {
    const timer = setTimeout(() => {
      checkUpdates(target)
        .catch((err: unknown) => log.warn("scheduled update check failed", { reason: err instanceof Error ? err.message : String(err) }))
        .finally(() => !signal.aborted && tick(seconds * 1000));
    }, delayMs);
    timer.unref();
    signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  };
  tick(60_000);
}

/** The "Update all" plan from the last check and the free space now. Throws AppError when free space is unknown. */
export async function updateAllPlan(target: Target): Promise<UpdatePlan> {
  const [disk, report] = await Promise.all([diskUsage(target), currentUpdateReport(target)]);
  return planUpdateAll(report.models, disk, config().pulls.headroom);
}


/**
 * "Update" (named models) or "Update all" (the plan: smallest first, stopping before the first that does not fit),
 * optionally after a snapshot of the cache. Each update is a pull job through the pre-flight, never overridden. Audited.
 */
export async function applyUpdates(target: Target, user: Actor, input: { models?: string[]; all?: boolean; snapshotFirst: boolean }): Promise<ApplyResult> {
  const report = await currentUpdateReport(target);
  if (!report.checkedAt) throw new AppError("conflict", "No update check has run yet: press Check now first", "console");
  let plan: UpdatePlan | null = null;
  let names: string[];
  if (input.all) {
    plan = await updateAllPlan(target);
    names = plan.updates.map((u) => u.model);
  } else {
    names = [];
    for (const raw of input.models ?? []) {
      const found = report.models.find((m) => modelKey(m.model) === modelKey(raw));
      if (!found) throw new AppError("not_found", `${raw} is not an installed model the last check looked at`, "console");
      if (found.state !== "update_available") throw new AppError("conflict", `${found.model} has no update available (${found.state.replaceAll("_", " ")})`, "console");
      names.push(found.model);
    }
  }
  if (names.length === 0) return { snapshot: null, started: [], refused: [], plan };
  let snapshot: string | null = null;
  if (input.snapshotFirst) {
    snapshot = (await createSnapshot(target, user)).name;
    await waitTaken(target, snapshot);
  }
  const result: ApplyResult = { snapshot, started: [], refused: [], plan };
  for (const model of names) {
    try {
      const { job }: { job: PullJob } = await startPull(target, user, { model, override: false });
      result.started.push({ model, jobId: job.id });
    } catch (err) {
      result.refused.push({ model, reason: err instanceof Error ? err.message : String(err) });
      if (input.all) break;
    }
  }
  audit(user, {
    action: "ModelsUpdated",
    subject: input.all ? "all" : names.join(", "),
    outcome: result.refused.length ? "failure" : "success",
    ...(plan?.stoppedAt ? { message: `stopped before ${plan.stoppedAt.model}: ${plan.stoppedAt.reason}` } : {}),
    details: { started: result.started.map((s) => s.model), refused: result.refused, snapshot },
  });
  return result;
}
