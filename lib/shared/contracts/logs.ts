// What the Logs and Settings pages' routes answer (GET /api/logs*, /api/gpu, /api/settings, POST /api/settings/patch).
import { z } from "zod";
import { settled } from "./error";
import { loadedModel, restartRecord } from "./shared";

export const highlight = z.object({
  kind: z.enum(["disk-full", "oom", "load-time", "offload", "prune", "error", "warning"]),
  severity: z.enum(["error", "warn", "info"]),
  /** One sentence an operator understands without reading Ollama's source. */
  explanation: z.string(),
});

/** One line of the Ollama container's log. */
export const logEntry = z.object({
  /** Increases by one per line read from this target (gaps = lines dropped for a slow viewer). */
  seq: z.number(),
  time: z.string().optional(),
  level: z.enum(["error", "warn", "info", "debug", "trace", "other"]),
  text: z.string(),
  highlight: highlight.optional(),
});
export type LogEntry = z.infer<typeof logEntry>;

/** GET /api/logs */
export const logRead = z.object({ pod: z.string(), container: z.string(), previous: z.boolean(), entries: z.array(logEntry) });
export type LogRead = z.infer<typeof logRead>;

/** GET /api/logs/restart: where the lines came from too. */
export const restartLines = logRead.extend({ source: z.enum(["console", "kubelet"]) });
export type RestartLines = z.infer<typeof restartLines>;

/** A restart the Overview lists (its record), and where its last lines can still be read. */
export const restartEntry = restartRecord.pick({ pod: true, container: true, restartCount: true, reason: true, exitCode: true, finishedAt: true }).extend({
  /** console: the console kept the last lines; kubelet: still readable with previous=true; gone: neither. */
  lines: z.enum(["console", "kubelet", "gone"]),
});
export type RestartEntry = z.infer<typeof restartEntry>;

export const debugWarning = z.object({ variables: z.array(z.string()), message: z.string() });
export type DebugWarning = z.infer<typeof debugWarning>;

/** GET /api/logs/restarts */
export const logRestartsResponse = z.object({ restarts: settled(z.array(restartEntry)), debug: settled(debugWarning.optional()) });
export type LogRestartsResponse = z.infer<typeof logRestartsResponse>;

/** What the shared follow is doing, for the "live / reconnecting / waiting" badge. */
export const followStatus = z.object({
  state: z.enum(["starting", "following", "reconnecting", "waiting", "error"]),
  pod: z.string().optional(),
  container: z.string().optional(),
  message: z.string().optional(),
  since: z.string(),
});
export type FollowStatus = z.infer<typeof followStatus>;

/** Each event of GET /api/logs/stream. */
export const logStreamEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("lines"), lines: z.array(logEntry) }),
  z.object({ type: z.literal("status"), status: followStatus }),
  z.object({ type: z.literal("instance"), pod: z.string(), container: z.string(), restartCount: z.number(), time: z.string() }),
  z.object({ type: z.literal("skipped"), count: z.number() }),
]);
export type LogStreamEvent = z.infer<typeof logStreamEvent>;

export const gpuDevice = z.object({
  id: z.string(),
  library: z.string(),
  name: z.string(),
  description: z.string().optional(),
  compute: z.string().optional(),
  driver: z.string().optional(),
  type: z.string().optional(),
  totalBytes: z.number().optional(),
  availableBytes: z.number().optional(),
});
export type GpuDevice = z.infer<typeof gpuDevice>;

export const deviceMemory = z.object({
  device: z.string(),
  weightsBytes: z.number().optional(),
  kvCacheBytes: z.number().optional(),
  graphBytes: z.number().optional(),
});
export type DeviceMemory = z.infer<typeof deviceMemory>;

/** A loaded model (as /api/ps has it) and where its memory went, from the server log. */
export const modelPlacement = loadedModel.pick({ name: true, size: true, sizeVram: true, contextLength: true }).extend({
  devices: z.array(deviceMemory),
  layersOnGpu: z.number().optional(),
  layersTotal: z.number().optional(),
  loadSeconds: z.number().optional(),
  /** Only when size_vram < size: the log's reason, or "unknown". */
  offloadReason: z.string().optional(),
});
export type ModelPlacement = z.infer<typeof modelPlacement>;

/** GET /api/gpu */
export const gpuView = z.object({
  gpus: z.array(gpuDevice),
  inventoryKnown: z.boolean(),
  version: z.string().optional(),
  defaultContext: z.number().optional(),
  models: z.array(modelPlacement),
  modelsError: z.string().optional(),
  follow: followStatus,
});
export type GpuView = z.infer<typeof gpuView>;

export const specValue = z.union([z.object({ value: z.string() }), z.object({ from: z.string() })]);

export const settingRow = z.object({
  name: z.string(),
  kind: z.enum(["duration", "uint", "bool", "string", "level"]),
  defaultValue: z.string(),
  explanation: z.string(),
  spec: specValue.optional(),
  running: z.string().optional(),
  status: z.enum(["same", "differs", "unknown"]),
});
export type SettingRow = z.infer<typeof settingRow>;

/** GET /api/settings */
export const settingsView = z.object({
  deployment: z.string(),
  namespace: z.string(),
  container: z.string(),
  rows: z.array(settingRow),
  runningSince: z.string().optional(),
  differences: z.number(),
  debug: debugWarning.optional(),
  follow: followStatus,
});
export type SettingsView = z.infer<typeof settingsView>;

/** POST /api/settings/patch */
export const patchResult = z.object({
  patch: z.string(),
  memory: z.array(z.object({ model: z.string(), currentBytes: z.number().optional(), estimateBytes: z.number().optional(), basis: z.string() })),
});
export type PatchResult = z.infer<typeof patchResult>;
