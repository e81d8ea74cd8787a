// Coalesced Ollama reads (tags, ps, version): one request in flight, refreshed every 2 s while read, whatever the number of viewers.
import "server-only";
import type { ModelResponse } from "ollama";
import type { Target } from "../runtime/config";
import { iso } from "../../shared/kubernetes/wire";
import { refresher } from "../runtime/coalesce";
import { registerCache } from "../runtime/caches";
import { ollama } from "./client";
import { ollamaError } from "./errors";
import { readVersion as fetchVersion, type OllamaVersion } from "./version";

export type { OllamaVersion } from "./version";

/** While someone reads, the server refreshes each answer this often; every viewer gets the latest one. */
export const OLLAMA_REFRESH_MS = 2_000;
/** An expiry further away than this means keep_alive < 0: the model stays loaded (Ollama reports ≈ now + 292 years). */
const KEPT_LOADED_AFTER_MS = 100 * 365.25 * 24 * 3600 * 1000;

export interface ModelSummary {
  name: string;
  size: number;
  /** sha256 hex of the manifest (no "sha256:" prefix), as /api/tags reports it. */
  digest: string;
  family: string;
  parameterSize: string;
  quantization: string;
  format: string;
  modifiedAt: string;
}

export interface LoadedModelSummary {
  name: string;
  size: number;
  sizeVram: number;
  /** size_vram / size: 1 = all on GPU, 0 = CPU only. */
  gpuRatio: number;
  contextLength: number | undefined;
  expiresAt: string;
  keptLoaded: boolean;
}

type PsModel = ModelResponse & { context_length?: number };

/** One /api/tags entry → ModelSummary. */
export function summarizeModel(m: ModelResponse): ModelSummary {
  return {
    name: m.name,
    size: m.size,
    digest: m.digest,
    family: m.details?.family ?? "",
    parameterSize: m.details?.parameter_size ?? "",
    quantization: m.details?.quantization_level ?? "",
    format: m.details?.format ?? "",
    modifiedAt: iso(m.modified_at) ?? "",
  };
}

/** One /api/ps entry → LoadedModelSummary (`context_length` is on the wire though ollama-js does not type it). */
export function summarizeLoaded(m: PsModel, now = Date.now()): LoadedModelSummary {
  const expiresAt = iso(m.expires_at) ?? "";
  return {
    name: m.name,
    size: m.size,
    sizeVram: m.size_vram,
    gpuRatio: m.size > 0 ? Math.min(1, m.size_vram / m.size) : 0,
    contextLength: m.context_length,
    expiresAt,
    keptLoaded: expiresAt !== "" && Date.parse(expiresAt) - now > KEPT_LOADED_AFTER_MS,
  };
}

const tags = registerCache("Ollama installed models", refresher<ModelSummary[]>(OLLAMA_REFRESH_MS));
const ps = registerCache("Ollama loaded models", refresher<LoadedModelSummary[]>(OLLAMA_REFRESH_MS));
const version = registerCache("Ollama version", refresher<OllamaVersion>(OLLAMA_REFRESH_MS));

async function call<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw ollamaError(err);
  }
}

/** Installed models (GET /api/tags), coalesced. Throws AppError. */
export function listModels(target: Target): Promise<ModelSummary[]> {
  return tags.get(target.ollamaUrl, () => call(async () => (await ollama(target).list()).models.map(summarizeModel)));
}

/** Models in memory (GET /api/ps), coalesced. Throws AppError. */
export function listLoaded(target: Target): Promise<LoadedModelSummary[]> {
  return ps.get(target.ollamaUrl, () => call(async () => (await ollama(target).ps()).models.map((m) => summarizeLoaded(m))));
}

/** Ollama's version and how long it took to answer (GET /api/version), coalesced. Throws AppError. */
export function readVersion(target: Target): Promise<OllamaVersion> {
  return version.get(target.ollamaUrl, () => fetchVersion(target));
}

/** Forgets cached answers for the target: call after a pull, delete or unload so the next read is fresh. */
export function invalidateOllama(target: Target): void {
  for (const c of [tags, ps, version]) c.invalidate(target.ollamaUrl);
}
