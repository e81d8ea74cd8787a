// Drives the simulators' control API from browser tests (faults, scenarios, actions). See sim/README.md.
import { readFileSync } from "node:fs";
import type { SimEndpoints } from "../../sim/launch.ts";

export const SIM_ENV_FILE = ".tmp/e2e-sim.json";

export interface Faults {
  ollama?: "down" | "slow" | "error" | null;
  ollamaSlowMs?: number;
  kube?: "down" | null;
  diskFull?: boolean;
  snapshotApi?: boolean;
  forbid?: { verb: string; resource: string; group?: string }[];
  snapshotController?: "stalled" | "error" | null;
  ollamaLoadError?: string | null;
}

/** The simulators the launcher started for this run. */
export function simEndpoints(): SimEndpoints {
  return JSON.parse(readFileSync(SIM_ENV_FILE, "utf8")) as SimEndpoints;
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${simEndpoints().control}${path}`, {
    method,
    headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sim control ${method} ${path} → ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Control-API client used through the `sim` fixture. */
export const simControl = {
  scenario: (name: string) => call("POST", "/__sim/scenario", { name }),
  faults: (faults: Faults) => call("POST", "/__sim/faults", faults),
  clearFaults: () => call("DELETE", "/__sim/faults"),
  action: (name: "expire-watches" | "oom-crash" | "unschedulable") => call("POST", `/__sim/actions/${name}`),
  speed: (bytesPerSecond: number) => call("POST", "/__sim/speed", { bytesPerSecond }),
  state: () => call("GET", "/__sim/state"),
  /** Watches open on the simulated API server (the console's, in a browser test). */
  openWatches: async () => ((await call("GET", "/__sim/state")) as { kube: { openWatches: number } }).kube.openWatches,
  /** Appends lines to the Ollama container's log. */
  ollamaLog: (lines: string[]) => call("POST", "/__sim/ollama/log", { lines }),
  /** The registry serves a new build of `model`'s tag (a new weights layer of `modelBytes`). */
  publish: (model: string, opts: { modelBytes?: number; reserialize?: boolean } = {}) => call("POST", "/__sim/registry/publish", { model, ...opts }),
  /** Ollama's process restarts: memory emptied. */
  restartOllama: () => call("POST", "/__sim/ollama/restart"),
};
export type SimControl = typeof simControl;
