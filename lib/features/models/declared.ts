// The declared model set as this replica sees it: ConfigMap MODELS_CONFIGMAP (key models.yaml), followed by get + watch.
import "server-only";
import { registerWorkers } from "../../doors/runtime/caches";
import { config, type Target } from "../../doors/runtime/config";
import { followConfigMap, type WatchedConfigMap } from "../../doors/kubernetes/configmap-watch";
import { processWide } from "../../doors/runtime/process-wide";
import { onShutdown } from "../../doors/runtime/shutdown";
import { parseDeclaredSet } from "./declared-set";
import type { DeclaredState } from "./desired-types";

export type { DeclaredState } from "./desired-types";

export const MODELS_KEY = "models.yaml";


interface Follower {
  state: DeclaredState;
  abort: AbortController;
  listeners: Set<(state: DeclaredState) => void>;
  first: Promise<void>;
}

const followers = processWide("declared-models", () => new Map<string, Follower>());
const FIRST_WAIT_MS = 5_000;

function stopAll(): void {
  for (const f of followers.values()) f.abort.abort();
  followers.clear();
}

registerWorkers("declared model set watches", stopAll);

onShutdown("declared-models", () => {
  stopAll();
  return Promise.resolve();
});

/** ConfigMap content → the declared state (pure; exported for tests). */
export function toDeclaredState(configMap: string, cm: WatchedConfigMap, registries: readonly string[]): DeclaredState {
  const base = { configMap, set: null, problem: null, error: null, version: null, changedAt: new Date().toISOString() };
  if (cm.state === "error") return { ...base, status: "error", error: cm.message };
  if (cm.state === "absent") return { ...base, status: "absent" };
  const text = cm.data[MODELS_KEY];
  if (text === undefined) {
    return { ...base, status: "invalid", version: cm.resourceVersion, problem: { line: 1, column: 1, message: `the ConfigMap has no key ${MODELS_KEY}` } };
  }
  const parsed = parseDeclaredSet(text, registries);
  if (!parsed.ok) return { ...base, status: "invalid", version: cm.resourceVersion, problem: parsed.problem };
  return { ...base, status: "ok", version: cm.resourceVersion, set: parsed.set };
}

function follower(target: Target): Follower {
  const key = `${target.context ?? ""}|${target.namespace}`;
  const f = followers.get(key);
  if (f) return f;
  const cfg = config();
  const name = cfg.models.configMap;
  let ready = () => undefined as void;
  const created: Follower = {
    state: { configMap: name, status: "loading", set: null, problem: null, error: null, version: null, changedAt: null },
    abort: new AbortController(),
    listeners: new Set(),
    first: new Promise<void>((resolve) => (ready = resolve)),
  };
  followConfigMap(
    target,
    name,
    (cm) => {
      const next = toDeclaredState(name, cm, cfg.pulls.registries);
      // A re-read after a watch restart with the same version is no change; keep the error visible only while it lasts.
      const same = next.status === created.state.status && next.version === created.state.version && next.error === created.state.error;
      ready();
      if (same) return;
      created.state = next;
      for (const l of created.listeners) l(next);
    },
    created.abort.signal,
  );
  followers.set(key, created);
  return created;
}

/** The declared set now (waits for the first read, up to 5 s). */
export async function declaredState(target: Target): Promise<DeclaredState> {
  const f = follower(target);
  await Promise.race([f.first, new Promise((resolve) => setTimeout(resolve, FIRST_WAIT_MS))]);
  return f.state;
}

/** Calls `listener` with each change of the declared set (a ConfigMap edit delivered by the watch). Returns the unsubscribe. */
export function onDeclaredChange(target: Target, listener: (state: DeclaredState) => void): () => void {
  const f = follower(target);
  f.listeners.add(listener);
  return () => f.listeners.delete(listener);
}

/** Stops following the target's ConfigMap (tests; a new read starts again). */
export function stopDeclared(target: Target): void {
  const key = `${target.context ?? ""}|${target.namespace}`;
  followers.get(key)?.abort.abort();
  followers.delete(key);
}
