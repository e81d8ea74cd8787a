// Pinned models (issue #14): kept in memory with keep_alive -1; re-loaded when /api/ps shows one missing or with a finite
// expiry (a client overrode keep_alive, or Ollama restarted). One load at a time, with backoff, giving up after MAX_TRIES.
import "server-only";
import { audit } from "../audit";
import { registerWorkers } from "../../doors/runtime/caches";
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
// Failures and back-off are this process's memory: a restarted console starts them over.
registerWorkers("pinned model memory", () => {
  memory.clear();
  passes.clear();
});

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
  const [installed, loaded] = await Promise.all([listModels(target), listLoaded(target)]);
  const have = new Set(installed.map((m) => modelKey(m.name)));
  const kept = new Set(loaded.filter((m) => m.keptLoaded).map((m) => modelKey(m.name)));
  return pins.map((pin) => {
    const m = memoryOf(target, pin.name);
    const state = !have.has(modelKey(pin.name)) ? "not_installed" : kept.has(modelKey(pin.name)) ? "loaded" : m.failures >= MAX_TRIES ? "failed" : "reloading";
    return status(pin.name, m, state);
  });
}

/** Forgets failures, so "Retry" loads a pin that gave up again. */
export function resetPinFailures(target: Target): void {
  memory.delete(targetKey(target));
}

/** Re-asserts pins every 15 s until `signal` aborts. */
export function startPins(signal: AbortSignal, target: Target = config().target): void {
  const timer = setInterval(() => void reassertPins(target), PASS_EVERY_MS);
  timer.unref();
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}
