// Reclaim (issue 15): what restarting Ollama would free, the guards, and the restart itself — delete the Ollama pod (never
// `rollout restart`: its annotation is drift to GitOps), wait for the new one, reload the pinned models, measure.
import "server-only";
import { randomUUID } from "node:crypto";
import { settle } from "../server/settle";
import { audit } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { watchedPods } from "../../doors/kubernetes/cache";
import { readOllamaContainerSpec } from "../../doors/kubernetes/logs";
import type { PodSummary } from "../../doors/kubernetes/pods";
import { deletePod, readRolloutStrategy } from "../../doors/kubernetes/storage";
import { registerCache, registerWorkers } from "../../doors/runtime/caches";
import { coalescer } from "../../doors/runtime/coalesce";
import { config, type Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { formatBytes, formatDuration } from "../../shared/format";
import { log } from "../../doors/runtime/log";
import { invalidateOllama, listLoaded, readVersion } from "../../doors/ollama/cache";
import { checkModelName } from "../../shared/ollama/names";
import { pulls } from "../pulls";
import { ConfigMapJournal } from "../pulls/journal";
import { fetchManifest } from "../../doors/registry/manifest";
import { readAgentReport } from "../../doors/agent";
import { pinnedAmong, reassertPinned } from "./pins";
import { reassertPins } from "../models/pins";
import { noPruneOn, reclaimable } from "./reclaimable";
import type { ReclaimPlan, ReclaimRun } from "../../shared/contracts/disk";
export type { ReclaimPlan, ReclaimRun };

type Actor = Pick<SessionUser, "id" | "name" | "role">;

// The restarts this process ran: a restarted console knows none.
const runs = new Map<string, ReclaimRun>();
registerWorkers("Ollama restarts run", () => runs.clear());
const keyOf = (t: Target) => `${t.context ?? ""}|${t.namespace}|${t.deployment}`;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long after deletion the console keeps waiting for a ready Ollama (image pulls and volume attach can be slow). */
const START_TIMEOUT_MS = 15 * 60_000;
const POLL_MS = 1_000;

const isReady = (p: PodSummary) => p.phase === "Running" && !p.deleting && p.conditions.some((c) => c.type === "Ready" && c.status === "True");

/** Seconds from the pod's creation to Ready: how long the last start of Ollama took. */
function startSeconds(pod: PodSummary | undefined): number | null {
  const ready = pod?.conditions.find((c) => c.type === "Ready" && c.status === "True")?.lastTransitionTime;
  if (!pod?.createdAt || !ready) return null;
  const s = (Date.parse(ready) - Date.parse(pod.createdAt)) / 1000;
  return Number.isFinite(s) && s >= 0 ? s : null;
}

/** Unfinished pulls of this console: in memory, always current. */
function runningPulls(target: Target): { id: string; model: string; state: string }[] {
  return pulls(target)
    .list()
    .filter((j) => !["succeeded", "failed", "cancelled"].includes(j.state))
    .map((j) => ({ id: j.id, model: j.model, state: j.state }));
}

/** Those plus the pulls only the journal knows (another process, or not resumed yet). */
function withJournaled(mine: { id: string; model: string; state: string }[], journaled: { id: string; model: string; state: string }[]) {
  return [...mine, ...journaled.filter((e) => !mine.some((m) => m.id === e.id)).map((e) => ({ id: e.id, model: e.model, state: `journaled (${e.state})` }))];
}

/** digest → model, for the blobs of every unfinished pull (from the registry manifests the pulls download). */
async function ownedDigests(models: string[]): Promise<Map<string, string>> {
  const cfg = config();
  const owned = new Map<string, string>();
  await Promise.all(
    models.map(async (model) => {
      const check = checkModelName(model);
      if (!check.ok) return;
      const manifest = await settle(fetchManifest(check.ref, { mirrors: cfg.registryMirrors, allowed: cfg.pulls.registries }));
      if (manifest.ok) for (const b of manifest.data.blobs) owned.set(b.digest, check.display);
    }),
  );
  return owned;
}

function downtimeText(strategy: string, replicas: number, last: number | null): string {
  const took = last === null ? "" : ` — the last start took about ${formatDuration(last)}`;
  if (replicas > 1) return `The Deployment runs ${replicas} replicas: only the deleted pod restarts, the others keep serving${took}.`;
  const how = strategy === "Recreate" ? "one replica with the Recreate strategy" : "one replica";
  return `Ollama runs ${how}: it is down from the pod's deletion until the new pod is ready${took}. Requests in that window fail, and loaded models must load again.`;
}

/** Every open Overview polls the plan: the upstream reads behind it are shared for a few seconds, not made per viewer. */
const PLAN_TTL_MS = 5_000;
type CachedPlan = Omit<ReclaimPlan, "refusal" | "run"> & { pod: PodSummary | undefined; journaled: { id: string; model: string; state: string }[] };
const plans = registerCache("reclaim plans", coalescer<CachedPlan>(PLAN_TTL_MS));

/** Everything the reclaim panel shows; each part that cannot be read says why instead of failing the whole plan. */
export async function reclaimPlan(target: Target, opts: { fresh?: boolean } = {}): Promise<ReclaimPlan> {
  if (opts.fresh) {
    invalidateOllama(target);
    plans.invalidate(keyOf(target));
  }
  const { pod, journaled, ...plan } = await plans.get(keyOf(target), () => readPlan(target));
  // This console's own pulls are read fresh: a pull started a second ago must block the restart.
  const active = withJournaled(runningPulls(target), journaled);
  const run = runs.get(keyOf(target)) ?? null;
  return { ...plan, pulls: active, refusal: refusalOf(active, pod, run), run };
}

async function readPlan(target: Target): Promise<CachedPlan> {
  const [report, journaled, loaded, spec, rollout, pods] = await Promise.all([
    settle(readAgentReport(target.agentUrl)),
    new ConfigMapJournal(target, config().pulls.journalConfigMap).load().catch(() => []),
    settle(listLoaded(target)),
    settle(readOllamaContainerSpec(target)),
    settle(readRolloutStrategy(target)),
    settle(watchedPods(target)),
  ]);
  const active = withJournaled(runningPulls(target), journaled);
  const owned = report.ok && report.data.inventory.partial.downloads.length > 0 ? await ownedDigests(active.map((p) => p.model)) : new Map<string, string>();
  const pod = pods.ok ? pods.data.items.find(isReady) : undefined;
  const strategy = rollout.ok ? rollout.data.type : "unknown";
  const replicas = rollout.ok ? rollout.data.replicas : 1;
  const lastStart = startSeconds(pod);
  const noPrune = spec.ok && noPruneOn(spec.data.env.OLLAMA_NOPRUNE);
  const pinned = loaded.ok ? new Set(pinnedAmong(loaded.data)) : new Set<string>();
  return {
    reclaimable: report.ok ? reclaimable(report.data.inventory, owned) : null,
    reclaimableNote: report.ok ? null : `Reclaimable space unknown: ${report.error.message} (only the cache agent's inventory tells orphaned blobs and partial downloads apart)`,
    pulls: active,
    noPrune,
    loaded: loaded.ok ? loaded.data.map((m) => ({ name: m.name, pinned: pinned.has(m.name) })) : [],
    loadedNote: loaded.ok ? null : `Loaded models unknown: ${loaded.error.message}`,
    rollout: { strategy, replicas, lastStartSeconds: lastStart, downtime: downtimeText(strategy, replicas, lastStart) },
    pod,
    journaled: journaled.map((e) => ({ id: e.id, model: e.model, state: e.state })),
  };
}

function refusalOf(active: { model: string; state: string }[], pod: PodSummary | undefined, run: ReclaimRun | null): string | null {
  if (run && !["done", "failed"].includes(run.phase)) return `A restart is already under way (started by ${run.startedBy}): ${run.message}`;
  if (active.length > 0) {
    const list = active.map((p) => `${p.model} (${p.state})`).join(", ");
    return `Refused while a pull is running or journaled: ${list}. Restarting Ollama would abort it, and the start-up prune could delete its partial download. Wait for it to finish, or cancel it.`;
  }
  if (!pod) return "No ready Ollama pod to restart: the console only restarts a healthy Ollama.";
  return null;
}

function update(target: Target, run: ReclaimRun, change: Partial<ReclaimRun>): void {
  Object.assign(run, change);
  runs.set(keyOf(target), run);
  // What the restart changed (space, loaded models, the pod) must not be served from before it.
  if (run.phase === "done" || run.phase === "failed") plans.invalidate(keyOf(target));
}

/** Waits until a new ready Ollama pod exists and Ollama answers. */
async function waitForNewOllama(target: Target, oldUid: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const pods = await watchedPods(target).catch(() => undefined);
    if (pods?.items.some((p) => p.uid !== oldUid && isReady(p))) {
      invalidateOllama(target);
      if ((await settle(readVersion(target))).ok) return;
    }
    if (Date.now() > deadline) throw new AppError("unavailable", `Ollama was not back after ${formatDuration(START_TIMEOUT_MS / 1000)}; check the pod's events`, "console");
    await sleep(POLL_MS);
  }
}

/** Used bytes from the agent's first report made after `since` (it caches a scan for a few seconds). */
async function usedAfter(target: Target, since: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await settle(readAgentReport(target.agentUrl));
    if (r.ok && Date.parse(r.data.time) > since) return r.data.fs.usedBytes;
    if (Date.now() > deadline) throw new AppError("unavailable", `the cache agent did not report after the restart${r.ok ? "" : `: ${r.error.message}`}`, "agent");
    await sleep(POLL_MS);
  }
}

async function follow(target: Target, user: Actor, run: ReclaimRun, oldUid: string): Promise<void> {
  try {
    await waitForNewOllama(target, oldUid);
    const readyAt = Date.now();
    update(target, run, { phase: "reloading", message: run.pinned.length ? `Ollama is back; loading ${run.pinned.join(", ")} again` : "Ollama is back" });
    const { reloaded, failed } = await reassertPinned(target, run.pinned);
    // Declared pins (models.yaml) that were not in memory when the restart began come back now too, not on the pins
    // loop's next pass; the ones just reloaded are already kept loaded and are skipped.
    await reassertPins(target);
    invalidateOllama(target);
    update(target, run, { phase: "measuring", reloaded, reloadFailed: failed, message: "Measuring the space freed" });
    const after = await usedAfter(target, readyAt);
    const freed = Math.max(0, run.usedBeforeBytes - after);
    const summary = `Freed ${formatBytes(freed)} of the expected ${formatBytes(run.expectedBytes)}`;
    const reloadNote = failed.length ? `; could not reload ${failed.map((f) => `${f.name} (${f.message})`).join(", ")}` : "";
    update(target, run, { phase: "done", freedBytes: freed, finishedAt: new Date().toISOString(), message: `${summary}${reloadNote}` });
    audit(user, { action: run.purpose === "reclaim" ? "DiskReclaimed" : "OllamaRestarted", subject: run.pod, outcome: failed.length ? "failure" : "success", message: `${summary}${reloadNote}`, details: { freedBytes: freed, expectedBytes: run.expectedBytes } });
  } catch (err) {
    update(target, run, { phase: "failed", finishedAt: new Date().toISOString(), message: message(err) });
    audit(user, { action: run.purpose === "reclaim" ? "DiskReclaimed" : "OllamaRestarted", subject: run.pod, outcome: "failure", message: message(err) });
    log.warn("reclaim restart did not finish", { err });
  }
}

/**
 * Deletes the Ollama pod (admin) after checking the guards again, then follows the restart in the background.
 * Throws AppError "conflict" with the reason when a guard refuses.
 */
export async function restartOllama(target: Target, user: Actor, purpose: ReclaimRun["purpose"]): Promise<ReclaimRun> {
  const plan = await reclaimPlan(target, { fresh: true });
  if (plan.refusal) throw new AppError("conflict", plan.refusal, "console");
  const pods = await watchedPods(target);
  const pod = pods.items.find(isReady);
  if (!pod) throw new AppError("conflict", "No ready Ollama pod to restart", "console");
  // A scan made now, not the agent's cached one: "freed" is measured against it.
  const before = await usedAfter(target, Date.now() - 1).catch(() => null);
  if (purpose === "reclaim" && before === null) throw new AppError("unavailable", plan.reclaimableNote ?? "The cache agent cannot be read, so the space freed could not be measured", "agent");
  const expected = plan.noPrune ? 0 : (plan.reclaimable?.expectedBytes ?? 0);
  const run: ReclaimRun = {
    id: randomUUID(),
    purpose,
    startedAt: new Date().toISOString(),
    startedBy: user.name,
    phase: "restarting",
    pod: pod.name,
    usedBeforeBytes: before ?? 0,
    expectedBytes: expected,
    freedBytes: null,
    dropped: plan.loaded.map((m) => m.name),
    pinned: plan.loaded.filter((m) => m.pinned).map((m) => m.name),
    reloaded: [],
    reloadFailed: [],
    message: `Deleted pod ${pod.name}; waiting for its replacement`,
    finishedAt: null,
  };
  try {
    await deletePod(target, pod.name, pod.uid);
  } catch (err) {
    audit(user, { action: "OllamaRestarted", subject: pod.name, outcome: "failure", message: message(err) });
    throw err;
  }
  audit(user, {
    action: "OllamaRestarted",
    subject: pod.name,
    outcome: "success",
    message: purpose === "reclaim" ? `pod deleted to reclaim about ${formatBytes(expected)}${plan.noPrune ? " (OLLAMA_NOPRUNE is set: nothing will be pruned)" : ""}` : "pod deleted to finish a volume expansion (FileSystemResizePending)",
  });
  runs.set(keyOf(target), run);
  void follow(target, user, run, pod.uid);
  return run;
}
