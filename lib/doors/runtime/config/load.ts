// Turns process.env into validated settings, or one line naming the bad variable.
import type { z } from "zod";
import { authSettings, type AuthSettings } from "./auth.ts";
import { envSchema } from "./schema.ts";

/** Where one Ollama installation lives: every data-layer call takes one of these explicitly. */
export interface Target {
  /** kubeconfig context; undefined = current context (or in-cluster). */
  context: string | undefined;
  namespace: string;
  deployment: string;
  ollamaUrl: string;
  /** Explicit cache PVC name; undefined = discover from the Deployment's volumes. */
  cachePvc: string | undefined;
  /** Cache agent sidecar URL. */
  agentUrl: string;
}

/** Free space a pull must leave: fixed bytes or a share of capacity; undefined = the larger of 10 % and 5 GiB. */
export type Headroom = { bytes: number } | { percent: number };

export interface Config {
  target: Target;
  prometheusUrl: string | undefined;
  kubeletSummary: boolean;
  externalUrl: string | undefined;
  /** Thresholds of the disk gauge; how often the console samples usage when Prometheus is not configured. */
  disk: { warnPercent: number; criticalPercent: number; sampleSeconds: number };
  logLevel: "debug" | "info" | "warn" | "error";
  /** Bearer token for /metrics; undefined = /metrics is off. */
  metricsToken: string | undefined;
  /** `insecureRegistries`: lower-case hosts whose pulls send `insecure: true` (plain HTTP / unverified TLS), from PULL_INSECURE_REGISTRIES. */
  pulls: { registries: string[]; insecureRegistries: string[]; headroom: Headroom | undefined; concurrency: number; journalConfigMap: string };
  /** Registry host (lower case) → base URL the pre-flight fetches manifests from instead of https://<host>. */
  registryMirrors: Record<string, string>;
  /** Leader election (issue 19): `lease` = campaign for Lease `lease`; `off` = this process runs background work alone. */
  leader: { mode: "lease" | "off"; lease: string };
  /** API keys for Traefik forwardAuth: pepper undefined = the feature is off (DEMO_MODE uses a fixed demo pepper). */
  keys: { pepper: string | undefined; configMap: string };
  /** Models as desired state (issue #14): the declared set's ConfigMap, the update-check period (0 = off), auto-reconcile. */
  models: { configMap: string; updateCheckSeconds: number; reconcile: "off" | "auto" };
  auth: AuthSettings;
}

export class ConfigError extends Error {
  readonly variable: string;
  readonly problem: string;
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable}: ${problem}`);
    this.name = "ConfigError";
    this.variable = variable;
    this.problem = problem;
  }
}

function firstIssue(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  const variable = issue?.path.join(".") || "environment";
  return new ConfigError(variable, issue?.message ?? "invalid value");
}

/** Validates the environment and derives the defaults that depend on other settings. Throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw firstIssue(parsed.error);
  const e = parsed.data;
  if (e.DISK_WARN_PERCENT >= e.DISK_CRITICAL_PERCENT) {
    throw new ConfigError("DISK_WARN_PERCENT", `must be below DISK_CRITICAL_PERCENT (${e.DISK_CRITICAL_PERCENT})`);
  }
  const allowed = new Set(e.PULL_REGISTRIES.map((h) => h.toLowerCase()));
  const stray = e.PULL_INSECURE_REGISTRIES.find((h) => !allowed.has(h.toLowerCase()));
  if (stray !== undefined) {
    throw new ConfigError("PULL_INSECURE_REGISTRIES", `${stray} is not in PULL_REGISTRIES (${e.PULL_REGISTRIES.join(", ")}); list it there too`);
  }
  const ns = e.OLLAMA_NAMESPACE;
  return {
    target: {
      context: e.KUBE_CONTEXT,
      namespace: ns,
      deployment: e.OLLAMA_DEPLOYMENT,
      ollamaUrl: e.OLLAMA_URL ?? `http://ollama.${ns}.svc:11434`,
      cachePvc: e.CACHE_PVC,
      agentUrl: e.CACHE_AGENT_URL ?? `http://ollama.${ns}.svc:9101`,
    },
    prometheusUrl: e.PROMETHEUS_URL,
    kubeletSummary: e.KUBELET_SUMMARY,
    externalUrl: e.EXTERNAL_URL,
    disk: { warnPercent: e.DISK_WARN_PERCENT, criticalPercent: e.DISK_CRITICAL_PERCENT, sampleSeconds: e.DISK_SAMPLE_SECONDS },
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    pulls: {
      registries: e.PULL_REGISTRIES,
      insecureRegistries: e.PULL_INSECURE_REGISTRIES.map((h) => h.toLowerCase()),
      headroom: e.PULL_HEADROOM, concurrency: e.PULL_CONCURRENCY, journalConfigMap: e.PULL_JOURNAL_CONFIGMAP },
    registryMirrors: e.REGISTRY_MIRRORS,
    leader: { mode: e.LEADER_ELECTION, lease: e.LEADER_LEASE },
    // A demo console has no secrets worth keeping; anywhere else a pepper must be chosen, never defaulted.
    keys: { pepper: e.API_KEY_PEPPER ?? (e.DEMO_MODE ? "demo-pepper-not-for-production-0000000000" : undefined), configMap: e.KEYS_CONFIGMAP },
    models: { configMap: e.MODELS_CONFIGMAP, updateCheckSeconds: e.UPDATE_CHECK_INTERVAL, reconcile: e.RECONCILE },
    auth: authSettings(e),
  };
}
