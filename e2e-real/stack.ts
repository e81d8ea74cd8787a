// Where the real stack's pieces listen: written by e2e-real/launch.ts, read by the smoke.
import { readFileSync } from "node:fs";

export const REAL_ENV_FILE = ".tmp/e2e-real-env.json";

export interface RealEndpoints {
  kubeconfig: string;
  /** The cluster's control API (tools/realstack/README.md). */
  control: string;
  ollama: string;
  registry: string;
  /** host:port of the registry simulator: the registry part of a model name real Ollama can pull. */
  registryHost: string;
  agent: string;
}

export function realEndpoints(): RealEndpoints {
  return JSON.parse(readFileSync(REAL_ENV_FILE, "utf8")) as RealEndpoints;
}
