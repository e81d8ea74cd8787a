// What the Overview's data routes answer (GET /api/overview/*).
import { z } from "zod";
import { diskForecast, resizeCondition } from "./disk";
import { apiError, settled } from "./error";
import { freshness, loadedModel, restartRecord, signal } from "./shared";

export const rolloutState = z.enum(["complete", "progressing", "stuck", "paused"]);
export type RolloutState = z.infer<typeof rolloutState>;

/** GET /api/overview/health */
export const healthResponse = z.object({
  deployment: settled(signal.extend({ rollout: rolloutState, freshness })),
  api: signal.extend({ version: z.string().optional(), latencyMs: z.number().optional() }),
  cache: settled(signal.extend({ pvc: z.string().optional(), freshness })),
});
export type HealthResponse = z.infer<typeof healthResponse>;

export const podRow = z.object({
  name: z.string(),
  phase: z.string(),
  /** What an operator would call the state: Running, CrashLoopBackOff, Unschedulable, Terminating… */
  status: z.string(),
  level: signal.shape.level,
  message: z.string().optional(),
  ready: z.number(),
  containers: z.number(),
  restarts: z.number(),
  lastTermination: z.object({ container: z.string(), reason: z.string(), exitCode: z.number(), finishedAt: z.string().optional() }).optional(),
  node: z.string().optional(),
  createdAt: z.string().optional(),
  image: z.string(),
  imageTag: z.string(),
});
export type PodRow = z.infer<typeof podRow>;

/** GET /api/overview/pods */
export const podsResponse = z.object({ pods: z.array(podRow), restarts: z.array(restartRecord), freshness });
export type PodsResponse = z.infer<typeof podsResponse>;

/** A Warning event as the Overview lists it (repeats merged). */
export const warningEvent = z.object({
  reason: z.string(),
  message: z.string(),
  object: z.string(),
  count: z.number(),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
});
export type WarningEvent = z.infer<typeof warningEvent>;

/** GET /api/overview/events */
export const eventsResponse = z.object({ events: z.array(warningEvent), freshness });
export type EventsResponse = z.infer<typeof eventsResponse>;

export const routeSummary = z.object({
  kind: z.enum(["Ingress", "IngressRoute"]),
  name: z.string(),
  hosts: z.array(z.string()),
  services: z.array(z.string()),
  tls: z.boolean(),
  tlsSecret: z.string().optional(),
  entryPoints: z.array(z.string()),
  address: z.string().optional(),
  /** Traefik Middlewares the route passes through, as "namespace/name" (namespace "" = the route's own). */
  middlewares: z.array(z.string()),
});
export type RouteSummary = z.infer<typeof routeSummary>;

export const probeResult = z.object({
  url: z.string(),
  ok: z.boolean(),
  status: z.number().optional(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
  time: z.string(),
});
export type ProbeResult = z.infer<typeof probeResult>;

/** GET /api/overview/access */
export const accessResponse = signal.extend({
  service: z.object({ name: z.string(), type: z.string(), clusterIP: z.string().optional(), ports: z.array(z.string()) }).optional(),
  endpoints: z.object({
    ready: z.array(z.object({ address: z.string(), pod: z.string().optional(), node: z.string().optional() })),
    notReady: z.number(),
  }),
  routes: z.array(routeSummary),
  /** False when the Traefik IngressRoute CRD is not installed (not an error). */
  ingressRoutesInstalled: z.boolean(),
  probe: probeResult.optional(),
  freshness,
});
export type AccessResponse = z.infer<typeof accessResponse>;

export const serviceCardField = z.object({ key: z.string(), label: z.string(), value: z.string() });
export type ServiceCardField = z.infer<typeof serviceCardField>;

/** GET /api/overview/service-card */
export const serviceCardResponse = z.object({ fields: z.array(serviceCardField) });
export type ServiceCardResponse = z.infer<typeof serviceCardResponse>;

/** GET /api/overview/loaded */
export const loadedResponse = z.object({
  /** The models in memory; while Ollama cannot be read, the last list read (see `error` and `asOf`). */
  models: z.array(loadedModel),
  /** Server time of the answer, so the browser's countdown does not depend on its own clock. */
  time: z.string(),
  /** Why Ollama could not be read now (the answer is still 200, like the other widgets' partial errors). */
  error: apiError.optional(),
  /** When `models` was read; differs from `time` only while `error` is set. Absent: never read. */
  asOf: z.string().optional(),
});
export type LoadedResponse = z.infer<typeof loadedResponse>;

export const spaceSlice = z.object({
  kind: z.enum(["model", "shared", "partial", "unreferenced", "other", "outside"]),
  label: z.string(),
  bytes: z.number(),
});
export type SpaceSlice = z.infer<typeof spaceSlice>;

export const spaceBreakdown = z.object({
  slices: z.array(spaceSlice),
  /** True when shared layers could not be told apart (no cache agent): model sizes may overlap. */
  approximate: z.boolean(),
});
export type SpaceBreakdown = z.infer<typeof spaceBreakdown>;

export const diskLevel = z.enum(["ok", "warn", "critical"]);

/** GET /api/overview/disk */
export const diskResponse = z.object({
  source: z.enum(["agent", "prometheus", "kubelet", "estimate"]),
  sourceNote: z.string(),
  pvcName: z.string().optional(),
  capacityBytes: z.number(),
  usedBytes: z.number(),
  availableBytes: z.number(),
  usedRatio: z.number(),
  level: diskLevel,
  time: z.string(),
  pvcCapacityBytes: z.number().optional(),
  measuredPath: z.string().optional(),
  capacityWarning: z.string().optional(),
  thresholds: z.object({ warnPercent: z.number(), criticalPercent: z.number() }),
  breakdown: spaceBreakdown,
  /** Counts from the cache agent's inventory (absent for other sources). */
  inventory: z
    .object({
      models: z.number(),
      partialDownloads: z.number(),
      unreferencedBlobs: z.number(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    })
    .optional(),
  /** When the volume fills at the current rate (null: the forecast could not be made). */
  forecast: diskForecast.nullable(),
  /** A volume expansion under way, from the cache PVC's conditions (null: none). */
  resize: resizeCondition.nullable(),
});
export type DiskResponse = z.infer<typeof diskResponse>;

/** GET /api/overview/disk-history */
export const diskHistory = z.object({
  source: z.enum(["prometheus", "sampled"]),
  note: z.string(),
  since: z.string().optional(),
  points: z.array(z.object({ t: z.string(), usedBytes: z.number(), capacityBytes: z.number() })),
});
export type DiskHistory = z.infer<typeof diskHistory>;
