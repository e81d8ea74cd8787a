// Pieces several areas' answers share: freshness of watched data, restart records, loaded models, health signals.
import { z } from "zod";

/** How current a kind's watched data is (lib/doors/kubernetes/reflector.ts); the UI says "stale since …: <error>" when not synced. */
export const freshness = z.object({
  synced: z.boolean(),
  lastSyncAt: z.string().optional(),
  error: z.string().optional(),
  staleSince: z.string().optional(),
  notInstalled: z.boolean(),
});
export type Freshness = z.infer<typeof freshness>;

/** One container termination the console saw (lib/doors/kubernetes/restarts.ts). */
export const restartRecord = z.object({
  pod: z.string(),
  container: z.string(),
  restartCount: z.number(),
  reason: z.string(),
  exitCode: z.number(),
  signal: z.number().optional(),
  message: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type RestartRecord = z.infer<typeof restartRecord>;

/** A model in memory (/api/ps, lib/doors/ollama/cache.ts). */
export const loadedModel = z.object({
  name: z.string(),
  size: z.number(),
  sizeVram: z.number(),
  /** size_vram / size: 1 = all on GPU, 0 = CPU only. */
  gpuRatio: z.number(),
  contextLength: z.number().optional(),
  expiresAt: z.string(),
  keptLoaded: z.boolean(),
});
export type LoadedModelSummary = z.infer<typeof loadedModel>;

/** An installed model (/api/tags, lib/doors/ollama/cache.ts). */
export const installedModel = z.object({
  name: z.string(),
  size: z.number(),
  digest: z.string(),
  family: z.string(),
  parameterSize: z.string(),
  quantization: z.string(),
  format: z.string(),
  modifiedAt: z.string(),
});
export type ModelSummary = z.infer<typeof installedModel>;

/** Green / amber / red. */
export const level = z.enum(["ok", "warn", "bad"]);
export type Level = z.infer<typeof level>;

/** One health indicator: a level, a short verdict, the reason in words and the technical words behind it. */
export const signal = z.object({ level, title: z.string(), reason: z.string(), detail: z.string().optional() });
export type Signal = z.infer<typeof signal>;
