// The shared cluster cache: ONE list+watch per kind per target, started on first use and read by every request.
import "server-only";
import type { Target } from "../runtime/config";
import { AppError } from "../runtime/errors";
import { kindSpec, type KindName, type Kinds } from "./kinds";
import type { PodSummary } from "./pods";
import { Reflector, type Freshness, type WatchFn } from "./reflector";
import { restartEventsSpec } from "./restart-events";
import { RestartHistory, type RestartRecord } from "./restarts";
import { kubeWatch } from "./watch";
import { registerWorkers } from "../runtime/caches";
import { processWide } from "../runtime/process-wide";
import { onShutdown } from "../runtime/shutdown";

export type { Freshness } from "./reflector";

/** Summaries of one kind and how current they are. */
export interface Watched<T> {
  items: T[];
  freshness: Freshness;
}

interface TargetWatches {
  kinds: Map<KindName, Reflector<unknown>>;
  pods: { selector: string; reflector: Reflector<PodSummary> } | undefined;
  restarts: RestartHistory;
  /** The termination Events the leader writes, adopted into `restarts` as they arrive. */
  restartEvents: Reflector<RestartRecord[]> | undefined;
  watch: WatchFn;
}

/** How long the first request waits for the first list before answering. */
const FIRST_LIST_WAIT_MS = 8_000;

// One set of watches per process, whichever bundle's copy of this module asks; all stopped on SIGTERM.
const byTarget = processWide("watches", () => new Map<string, TargetWatches>());
function stopAllWatches(): void {
  for (const w of byTarget.values()) {
    for (const r of w.kinds.values()) r.stop();
    w.pods?.reflector.stop();
    w.restartEvents?.stop();
  }
  byTarget.clear();
}
onShutdown("watches", stopAllWatches);
// In the cache registry too: a reset (tests) starts every target's watches afresh, with a first list.
registerWorkers("cluster watches", stopAllWatches);

function targetKey(t: Target): string {
  return `${t.context ?? ""}|${t.namespace}|${t.deployment}`;
}

function watchesOf(target: Target): TargetWatches {
  const key = targetKey(target);
  let w = byTarget.get(key);
  if (!w) {
    w = { kinds: new Map(), pods: undefined, restarts: new RestartHistory(), restartEvents: undefined, watch: kubeWatch(target) };
    byTarget.set(key, w);
  }
  return w;
}

async function read<T>(reflector: Reflector<T>, what: string): Promise<Watched<T>> {
  await reflector.ready(FIRST_LIST_WAIT_MS);
  const snap = reflector.snapshot();
  if (snap.freshness.lastSyncAt === undefined) {
    // Nothing was ever listed: there is nothing stale to show, only the failure.
    throw reflector.lastError ?? new AppError("unreachable", `Kubernetes API did not answer listing ${what} within ${FIRST_LIST_WAIT_MS / 1000} s`, "kubernetes");
  }
  return snap;
}

/** Summaries of one kind for the target, from the shared watch (started on first call). Throws AppError if never listed. */
export async function watched<K extends Exclude<KindName, "pods">>(target: Target, kind: K): Promise<Watched<Kinds[K]>> {
  const w = watchesOf(target);
  let reflector = w.kinds.get(kind) as Reflector<Kinds[K]> | undefined;
  if (!reflector) {
    reflector = new Reflector({ ...kindSpec(target, kind), watch: w.watch });
    w.kinds.set(kind, reflector as Reflector<unknown>);
  }
  return read(reflector, kind);
}

/** The target's Deployment from the shared watch; AppError not_found if it does not exist. */
export async function watchedDeployment(target: Target): Promise<Watched<Kinds["deployment"]> & { deployment: Kinds["deployment"] }> {
  const d = await watched(target, "deployment");
  const deployment = d.items[0];
  if (!deployment) {
    throw new AppError("not_found", `Deployment ${target.namespace}/${target.deployment} not found (check OLLAMA_NAMESPACE and OLLAMA_DEPLOYMENT)`, "kubernetes");
  }
  return { ...d, deployment };
}

/** The Ollama pods (selected by the Deployment's spec.selector) from the shared watch. */
export async function watchedPods(target: Target): Promise<Watched<PodSummary>> {
  const { deployment } = await watchedDeployment(target);
  if (!deployment.selector) throw new AppError("invalid", `Deployment ${target.namespace}/${target.deployment} has no pod selector`, "kubernetes");
  const w = watchesOf(target);
  if (w.pods?.selector !== deployment.selector) {
    w.pods?.reflector.stop();
    const spec = kindSpec(target, "pods", deployment.selector);
    const reflector = new Reflector({ ...spec, watch: w.watch, observe: (pod) => w.restarts.observe(pod) });
    w.pods = { selector: deployment.selector, reflector };
  }
  if (!w.restartEvents) {
    // Terminations of pods this replica never saw (replaced before it started, or while its watch was down), as the
    // leader records them: one list+watch of those Events per process, adopted as they arrive.
    const history = w.restarts;
    w.restartEvents = new Reflector(restartEventsSpec(target, w.watch, (records) => history.adopt(records)));
    w.restartEvents.start();
  }
  return read(w.pods.reflector, "pods");
}

const warm = processWide("watches-warm", () => ({ synced: false }));

/**
 * Readiness (issue 19): whether the shared watches of the Deployment and its pods have listed at least once, so this
 * replica answers from a synced cache. Starts them; waits at most `waitMs`. Once true it stays true: a later API
 * outage shows as stale data on the pages, never as a replica taken out of the Service.
 */
export async function cachesSynced(target: Target, waitMs = 2_000): Promise<boolean> {
  if (warm.synced) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
  const listed = watchedPods(target).then(
    () => true,
    // The Deployment was listed and is missing: the cache is synced (the Overview says what is missing).
    (err: unknown) => err instanceof AppError && err.code === "not_found",
  );
  const synced = await Promise.race([listed, timeout]);
  clearTimeout(timer);
  if (synced) warm.synced = true;
  return synced;
}

/** Every container termination seen since the console started or recorded as an Event, newest first. */
export function restartHistory(target: Target): RestartRecord[] {
  return watchesOf(target).restarts.list();
}

/** Calls `listener` for each termination the target's pod watch sees from now on; returns the unsubscribe. */
export function onRestart(target: Target, listener: (r: RestartRecord) => void): () => void {
  return watchesOf(target).restarts.onNew(listener);
}

/** Watch connections opened per kind so far (the integration tests check one stream per kind, whatever the readers). */
export function watchCounts(target: Target): Partial<Record<KindName, number>> {
  const w = byTarget.get(targetKey(target));
  if (!w) return {};
  const counts: Partial<Record<KindName, number>> = {};
  for (const [kind, r] of w.kinds) counts[kind] = r.watchesOpened;
  if (w.pods) counts.pods = w.pods.reflector.watchesOpened;
  return counts;
}

/** Whether every watch of the target has connected or failed (Reflector.settled); true when it has none. */
export function watchesSettled(target: Target): boolean {
  const w = byTarget.get(targetKey(target));
  if (!w) return true;
  return [...w.kinds.values(), w.pods?.reflector, w.restartEvents].every((r) => r === undefined || r.settled);
}

/** Stops and forgets every watch of the target (tests; a config reload). */
export function stopWatches(target: Target): void {
  const w = byTarget.get(targetKey(target));
  if (!w) return;
  for (const r of w.kinds.values()) r.stop();
  w.pods?.reflector.stop();
  w.restartEvents?.stop();
  byTarget.delete(targetKey(target));
}
