// Pinned models (issue #14): kept in memory with keep_alive -1; re-loaded when /api/ps shows one missing or with a finite
// expiry (a client overrode keep_alive, or Ollama restarted). One load at a time, with backoff, giving up after MAX_TRIES.
import "server-only";
import { z } from "zod";
import { audit } from "../audit";
import { readConfigMap } from "../../doors/kubernetes/configmap-watch";
import { updateConfigMap } from "../../doors/kubernetes/configmap";
import { electionStarted, isLeader } from "../../doors/kubernetes/leader";
import { PINS_CONFIGMAP } from "../../doors/kubernetes/permissions";
import { coalescer } from "../../doors/runtime/coalesce";
import { AppError } from "../../doors/runtime/errors";
import { registerCache, registerWorkers } from "../../doors/runtime/caches";
import { config, type Target } from "../../doors/runtime/config";
import { log } from "../../doors/runtime/log";
import { processWide } from "../../doors/runtime/process-wide";
import { invalidateOllama, listLoaded, listModels } from "../../doors/ollama/cache";
import { loadModelForever } from "../../doors/ollama/manage";
import { declaredState } from "./declared";
import { modelKey } from "../../shared/models/drift";
import type { PinStatus } from "./desired-types";


export type { PinStatus } from "./desired-types";

export const MAX_TRIES = 5;
const BACKOFF_FIRST_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;
const PASS_EVERY_MS = 15_000;
const SYSTEM = { id: "system:pins", name: "pinned-models", role: "operator" as const };

interface PinMemory {
  failures: number;
  lastError: string | null;
  notBefore: number;
  lastLoadedAt: string | null;
}

const memory = processWide("model-pins", () => new Map<string, Map<string, PinMemory>>());
const passes = processWide("model-pin-passes", () => new Map<string, Promise<PinStatus[]>>());
/** Per target: the newest Retry request the leader has acted on. */
const published = processWide("model-pins-published", () => new Map<string, { retrySeen: string }>());
registerWorkers("pinned model memory", () => {
  memory.clear();
  passes.clear();
  published.clear();
});

// The leader's memory (failures, back-off, last error) is shared through ConfigMap PINS_CONFIGMAP (issue 19), so
// every replica shows the same state, and a new leader does not start a pin that gave up over again. Written only
// when it changed (at most once per pass, passes are 15 s apart); followers read it at most every 5 s.
const MEMORY_KEY = "memory.json";
const RETRY_KEY = "retry.json";
/** The newest Retry request the leader has acted on (ISO time). */
const RETRY_SEEN_KEY = "retry-seen";
const RETRIES_KEPT = 20;
const sharedMemory = z.record(z.string(), z.object({ failures: z.number(), lastError: z.string().nullable(), notBefore: z.number(), lastLoadedAt: z.string().nullable() }));
const retryRequests = z.array(z.object({ model: z.string(), at: z.string(), by: z.string() }));
const shared = registerCache("shared pin memory", coalescer<Record<string, string>>(5_000));

const parse = <T>(schema: z.ZodType<T>, text: string | undefined, fallback: T): T => {
  try {
    const r = schema.safeParse(text ? JSON.parse(text) : undefined);
    return r.success ? r.data : fallback;
  } catch {
    return fallback;
  }
};

async function sharedData(target: Target): Promise<Record<string, string>> {
  return shared.get(targetKey(target), async () => {
    const cm = await readConfigMap(target, PINS_CONFIGMAP);
    return cm.state === "present" ? cm.data : {};
  });
}

/** Whether this process keeps the pins (the leader, or a console without election such as a test). */
const leads = () => !electionStarted() || isLeader();

/** Before a pass: a new leader takes the shared memory over; Retry requests made at any replica reset their pin. */
async function adoptShared(target: Target): Promise<void> {
  shared.invalidate(targetKey(target));
  const data: Record<string, string> = await sharedData(target).catch(() => ({}));
  const key = targetKey(target);
  let byModel = memory.get(key);
  if (!byModel) {
    byModel = new Map(Object.entries(parse(sharedMemory, data[MEMORY_KEY], {})).map(([model, m]) => [model, { ...m }]));
    memory.set(key, byModel);
  }
  // A new leader starts from what the last one published, so a Retry request already acted on is not acted on twice.
  const state = published.get(key) ?? { retrySeen: data[RETRY_SEEN_KEY] ?? "" };
  for (const r of parse(retryRequests, data[RETRY_KEY], [])) {
    if (r.at <= state.retrySeen) continue;
    byModel.delete(modelKey(r.model));
    state.retrySeen = r.at;
  }
  published.set(key, state);
}

/** After a pass: the leader's memory, written when it changed. */
async function publish(target: Target): Promise<void> {
  const key = targetKey(target);
  const json = JSON.stringify(Object.fromEntries([...(memory.get(key) ?? new Map<string, PinMemory>())].sort(([a], [b]) => a.localeCompare(b))));
  const state = published.get(key) ?? { retrySeen: "" };
  const data: Record<string, string> = await sharedData(target).catch(() => ({}));
  if (data[MEMORY_KEY] === json && (data[RETRY_SEEN_KEY] ?? "") === state.retrySeen) return;
  await updateConfigMap(target, PINS_CONFIGMAP, (current) => ({ ...(current?.data ?? {}), [MEMORY_KEY]: json, [RETRY_SEEN_KEY]: state.retrySeen }));
  shared.invalidate(key);
}

const targetKey = (t: Target) => `${t.context ?? ""}|${t.namespace}|${t.ollamaUrl}`;

function memoryOf(target: Target, model: string): PinMemory {
  let byModel = memory.get(targetKey(target));
  if (!byModel) memory.set(targetKey(target), (byModel = new Map<string, PinMemory>()));
  let m = byModel.get(modelKey(model));
  if (!m) byModel.set(modelKey(model), (m = { failures: 0, lastError: null, notBefore: 0, lastLoadedAt: null }));
  return m;
}

function status(model: string, m: PinMemory, state: PinStatus["state"]): PinStatus {
  return {
    model,
    state,
    failures: m.failures,
    lastError: m.lastError,
    nextAttemptAt: state === "reloading" && m.notBefore > Date.now() ? new Date(m.notBefore).toISOString() : null,
    lastLoadedAt: m.lastLoadedAt,
  };
}

async function pass(target: Target): Promise<PinStatus[]> {
  await adoptShared(target);
  const out = await loadPins(target);
  await publish(target).catch((err: unknown) => log.warn("pinned models: their state was not shared", { reason: err instanceof Error ? err.message : String(err) }));
  return out;
}

async function loadPins(target: Target): Promise<PinStatus[]> {
  const declared = await declaredState(target);
  const pins = declared.status === "ok" ? (declared.set?.models ?? []).filter((m) => m.pin) : [];
  if (pins.length === 0) return [];
  invalidateOllama(target);
  const [installed, loaded] = await Promise.all([listModels(target), listLoaded(target)]);
  const have = new Map(installed.map((m) => [modelKey(m.name), m.name]));
  const ps = new Map(loaded.map((m) => [modelKey(m.name), m]));
  const out: PinStatus[] = [];
  for (const pin of pins) {
    const m = memoryOf(target, pin.name);
    const name = have.get(modelKey(pin.name));
    if (!name) {
      out.push(status(pin.name, m, "not_installed"));
      continue;
    }
    const running = ps.get(modelKey(pin.name));
    if (running?.keptLoaded) {
      m.failures = 0;
      m.lastError = null;
      out.push(status(name, m, "loaded"));
      continue;
    }
    if (m.failures >= MAX_TRIES) {
      out.push(status(name, m, "failed"));
      continue;
    }
    if (Date.now() < m.notBefore) {
      out.push(status(name, m, "reloading"));
      continue;
    }
    // One load at a time: this pass waits for it before the next pin.
    const why = running ? `expires at ${running.expiresAt} (a client changed keep_alive)` : "not in memory (unloaded, or Ollama restarted)";
    try {
      await loadModelForever(target, name);
      m.failures = 0;
      m.lastError = null;
      m.lastLoadedAt = new Date().toISOString();
      audit(SYSTEM, { action: "PinnedModelLoaded", subject: name, outcome: "success", message: `re-loaded with keep_alive -1: ${why}` });
      out.push(status(name, m, "loaded"));
    } catch (err) {
      m.failures++;
      m.lastError = err instanceof Error ? err.message : String(err);
      m.notBefore = Date.now() + Math.min(BACKOFF_FIRST_MS * 2 ** (m.failures - 1), BACKOFF_MAX_MS);
      audit(SYSTEM, {
        action: "PinnedModelLoaded",
        subject: name,
        outcome: "failure",
        message: `${m.lastError}${m.failures >= MAX_TRIES ? `; gave up after ${MAX_TRIES} tries` : ""}`,
      });
      out.push(status(name, m, m.failures >= MAX_TRIES ? "failed" : "reloading"));
    } finally {
      invalidateOllama(target);
    }
  }
  return out;
}

/**
 * Loads every pinned model that is not in memory with keep_alive -1, one at a time (joins a pass under way). Call it
 * after anything that empties Ollama's memory (e.g. a restart of the Ollama pod) to have pins back at once. Never throws.
 */
export function reassertPins(target: Target = config().target): Promise<PinStatus[]> {
  const key = targetKey(target);
  let running = passes.get(key);
  if (!running) {
    running = pass(target)
      .catch((err: unknown) => {
        log.warn("pinned models: pass failed", { reason: err instanceof Error ? err.message : String(err) });
        return [];
      })
      .finally(() => passes.delete(key));
    passes.set(key, running);
  }
  return running;
}

/** The pins' state without loading anything (for the Models page and the Overview). */
export async function pinStatuses(target: Target): Promise<PinStatus[]> {
  const declared = await declaredState(target);
  const pins = declared.status === "ok" ? (declared.set?.models ?? []).filter((m) => m.pin) : [];
  if (pins.length === 0) return [];
  const [installed, loaded, remembered] = await Promise.all([listModels(target), listLoaded(target), leads() ? undefined : sharedData(target).catch(() => undefined)]);
  const have = new Set(installed.map((m) => modelKey(m.name)));
  const kept = new Set(loaded.filter((m) => m.keptLoaded).map((m) => modelKey(m.name)));
  // A follower shows the leader's memory, so every replica tells the same story.
  const theirs = remembered ? parse(sharedMemory, remembered[MEMORY_KEY], {}) : undefined;
  return pins.map((pin) => {
    const m = theirs ? (theirs[modelKey(pin.name)] ?? { failures: 0, lastError: null, notBefore: 0, lastLoadedAt: null }) : memoryOf(target, pin.name);
    const state = !have.has(modelKey(pin.name)) ? "not_installed" : kept.has(modelKey(pin.name)) ? "loaded" : m.failures >= MAX_TRIES ? "failed" : "reloading";
    return status(pin.name, m, state);
  });
}

/**
 * "Retry" on a pin (operator): the leader forgets its failures and loads it at once; another replica records the
 * request in the shared ConfigMap, which the leader acts on in its next pass (at most 15 s). 404 for a model that is
 * not a declared pin.
 */
export async function retryPin(target: Target, user: { id: string; name: string; role: "viewer" | "operator" | "admin" }, model: string): Promise<{ pins: PinStatus[]; handedOver: boolean }> {
  const declared = await declaredState(target);
  const pin = declared.status === "ok" ? declared.set?.models.find((m) => m.pin && modelKey(m.name) === modelKey(model)) : undefined;
  if (!pin) throw new AppError("not_found", `${model} is not a pinned model in ${declared.configMap}`);
  if (leads()) {
    memory.get(targetKey(target))?.delete(modelKey(pin.name));
    audit(user, { action: "PinRetried", subject: pin.name, outcome: "success", message: "failures forgotten; loading now" });
    await reassertPins(target);
    return { pins: await pinStatuses(target), handedOver: false };
  }
  const at = new Date().toISOString();
  await updateConfigMap(target, PINS_CONFIGMAP, (current) => ({
    ...(current?.data ?? {}),
    [RETRY_KEY]: JSON.stringify([...parse(retryRequests, current?.data?.[RETRY_KEY], []), { model: pin.name, at, by: user.name }].slice(-RETRIES_KEPT)),
  }));
  shared.invalidate(targetKey(target));
  audit(user, { action: "PinRetried", subject: pin.name, outcome: "success", message: "handed to the leading replica" });
  return { pins: await pinStatuses(target), handedOver: true };
}

/** Re-asserts pins every 15 s until `signal` aborts. */
export function startPins(signal: AbortSignal, target: Target = config().target): void {
  const timer = setInterval(() => void reassertPins(target), PASS_EVERY_MS);
  timer.unref();
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}
