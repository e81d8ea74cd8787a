// What the Overview's data routes answer: small serialisable shapes shared by the server and the browser.
import type { Settled } from "../api/settle";
import type { ErrorBody } from "../errors";
import type { DiskUsage } from "../disk";
import type { SpaceBreakdown } from "../disk/breakdown";
import type { DiskHistory } from "../disk/history";
import type { Forecast } from "../disk/forecast";
import type { LoadedModelSummary } from "../ollama/cache";
import type { Freshness } from "../cluster/reflector";
import type { RouteSummary } from "../cluster/network";
import type { RestartRecord } from "../cluster/restarts";
import type { EventSummary } from "../cluster/events";

export type { DiskHistory, Freshness, LoadedModelSummary, RouteSummary, RestartRecord, Settled, SpaceBreakdown };

/** Green / amber / red. */
export type Level = "ok" | "warn" | "bad";

/** One health indicator: a level, a short verdict and the reason in words. */
export interface Signal {
  level: Level;
  title: string;
  reason: string;
  /** The technical words behind the plain reason (a Kubernetes reason and message, the URL called), when there are any. */
  detail?: string;
}

export type RolloutState = "complete" | "progressing" | "stuck" | "paused";

export interface HealthResponse {
  deployment: Settled<Signal & { rollout: RolloutState; freshness: Freshness }>;
  api: Signal & { version: string | undefined; latencyMs: number | undefined };
  cache: Settled<Signal & { pvc: string | undefined; freshness: Freshness }>;
}

export interface PodRow {
  name: string;
  phase: string;
  /** What an operator would call the state: Running, CrashLoopBackOff, Unschedulable, Terminating… */
  status: string;
  level: Level;
  /** Why (waiting message, scheduler message, pod message). */
  message: string | undefined;
  ready: number;
  containers: number;
  restarts: number;
  lastTermination: { container: string; reason: string; exitCode: number; finishedAt: string | undefined } | undefined;
  node: string | undefined;
  createdAt: string | undefined;
  image: string;
  imageTag: string;
}

export interface PodsResponse {
  pods: PodRow[];
  restarts: RestartRecord[];
  freshness: Freshness;
}

/** A Warning event as the Overview lists it (repeats merged). */
export type WarningEvent = Pick<EventSummary, "reason" | "message" | "object" | "count" | "firstSeen" | "lastSeen">;

export interface EventsResponse {
  events: WarningEvent[];
  freshness: Freshness;
}

export interface ProbeResult {
  url: string;
  ok: boolean;
  status: number | undefined;
  latencyMs: number | undefined;
  error: string | undefined;
  time: string;
}

export interface AccessResponse extends Signal {
  service: { name: string; type: string; clusterIP: string | undefined; ports: string[] } | undefined;
  endpoints: { ready: { address: string; pod: string | undefined; node: string | undefined }[]; notReady: number };
  routes: RouteSummary[];
  /** False when the Traefik IngressRoute CRD is not installed (not an error). */
  ingressRoutesInstalled: boolean;
  probe: ProbeResult | undefined;
  freshness: Freshness;
}

export interface ServiceCardField {
  key: string;
  label: string;
  value: string;
}

export interface ServiceCardResponse {
  fields: ServiceCardField[];
}

export interface LoadedResponse {
  /** The models in memory; while Ollama cannot be read, the last list read (see `error` and `asOf`). */
  models: LoadedModelSummary[];
  /** Server time of the answer, so the browser's countdown does not depend on its own clock. */
  time: string;
  /** Why Ollama could not be read now (the answer is still 200, like the other widgets' partial errors). */
  error: ErrorBody["error"] | undefined;
  /** When `models` was read; differs from `time` only while `error` is set. Undefined: never read. */
  asOf: string | undefined;
}

export interface DiskResponse extends Omit<DiskUsage, "inventory"> {
  thresholds: { warnPercent: number; criticalPercent: number };
  breakdown: SpaceBreakdown;
  /** Counts from the cache agent's inventory (absent for other sources). */
  inventory: { models: number; partialDownloads: number; unreferencedBlobs: number; errors: { path: string; message: string }[] } | undefined;
  /** When the volume fills at the current rate (null: the forecast could not be made). */
  forecast: (Forecast & { source: string }) | null;
  /** A volume expansion under way, from the cache PVC's conditions (null: none). */
  resize: { condition: string; message: string; targetBytes: number | null } | null;
}
