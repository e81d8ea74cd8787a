// Loaded models (Ollama's sched): memory estimate, GPU/CPU split, eviction, keep_alive expiry.
import type { ModelSpec } from "../registry/library.ts";

export const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;
export const DEFAULT_CONTEXT = 4096;
const GRAPH_OVERHEAD = 512 * 1024 * 1024;

export interface LoadedModel {
  name: string;
  /** Manifest digest (sha256 hex). */
  digest: string;
  /** Total memory in use (VRAM + RAM). */
  sizeBytes: number;
  /** Part of sizeBytes held on the GPU; 0 = CPU only. */
  sizeVram: number;
  contextLength: number;
  expiresAt: Date;
}

export interface LoadRequest {
  name: string;
  digest: string;
  spec: ModelSpec;
  keepAliveMs?: number;
  contextLength?: number;
  /** Force the VRAM share (scenarios): all, none or bytes; default = what fits on the GPU. */
  sizeVram?: "all" | "none" | number;
}

/** Rough memory of a loaded model: weights + f16 KV cache (GQA ≈ 1/4) + compute graph. */
export function estimateMemory(spec: ModelSpec, contextLength: number): number {
  const weights = spec.modelBytes + (spec.projectorBytes ?? 0);
  const kvCache = (2 * spec.blockCount * spec.embeddingLength * contextLength * 2) / 4;
  return Math.round(weights + kvCache + GRAPH_OVERHEAD);
}

export class Scheduler {
  gpuMemoryBytes: number;
  maxLoadedModels = 3;
  /** Called after each fresh load (not a keep_alive refresh): the server writes its load lines to the log. */
  onLoad: ((loaded: LoadedModel, spec: ModelSpec) => void) | undefined;
  readonly #loaded = new Map<string, LoadedModel>();

  constructor(gpuMemoryBytes: number) {
    this.gpuMemoryBytes = gpuMemoryBytes;
  }

  /** Models still loaded at `now`, longest remaining first (as /api/ps sorts them). */
  list(now = Date.now()): LoadedModel[] {
    for (const [key, m] of this.#loaded) if (m.expiresAt.getTime() <= now) this.#loaded.delete(key);
    return [...this.#loaded.values()].sort((a, b) => Math.floor(b.expiresAt.getTime() / 1000) - Math.floor(a.expiresAt.getTime() / 1000));
  }

  get(name: string): LoadedModel | undefined {
    return this.list().find((m) => m.name.toLowerCase() === name.toLowerCase());
  }

  /** Loads a model (or refreshes its keep_alive), evicting others when the GPU or the model limit is full. */
  load(req: LoadRequest): LoadedModel {
    const key = req.name.toLowerCase();
    const expiresAt = new Date(Date.now() + (req.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS));
    const existing = this.list().find((m) => m.name.toLowerCase() === key);
    if (existing && req.contextLength === undefined && req.sizeVram === undefined) {
      existing.expiresAt = expiresAt;
      return existing;
    }
    this.#loaded.delete(key);
    const contextLength = Math.min(req.contextLength ?? DEFAULT_CONTEXT, req.spec.contextLength);
    const sizeBytes = estimateMemory(req.spec, contextLength);
    while (this.#loaded.size >= this.maxLoadedModels) this.#evictOne();
    const sizeVram =
      req.sizeVram === "all" ? sizeBytes : req.sizeVram === "none" ? 0 : req.sizeVram ?? this.#fitOnGpu(sizeBytes, req.spec.blockCount);
    const loaded = { name: req.name, digest: req.digest, sizeBytes, sizeVram, contextLength, expiresAt };
    this.#loaded.set(key, loaded);
    this.onLoad?.(loaded, req.spec);
    return loaded;
  }

  /** Starts unloading: the model stays listed for `afterMs` (unload is asynchronous in Ollama). */
  expire(name: string, afterMs: number): void {
    const m = this.#loaded.get(name.toLowerCase());
    if (m) m.expiresAt = new Date(Math.min(m.expiresAt.getTime(), Date.now() + afterMs));
  }

  unloadAll(): void {
    this.#loaded.clear();
  }

  #vramUsed(): number {
    return [...this.#loaded.values()].reduce((sum, m) => sum + m.sizeVram, 0);
  }

  /** Evicts idle models until the new one fits; otherwise offloads whole layers to the CPU. */
  #fitOnGpu(sizeBytes: number, blockCount: number): number {
    if (this.gpuMemoryBytes <= 0) return 0;
    while (sizeBytes > this.gpuMemoryBytes - this.#vramUsed() && this.#loaded.size > 0) this.#evictOne();
    const free = Math.max(0, this.gpuMemoryBytes - this.#vramUsed());
    if (sizeBytes <= free) return sizeBytes;
    const perLayer = sizeBytes / (blockCount + 1);
    return Math.round(Math.floor(free / perLayer) * perLayer);
  }

  #evictOne(): void {
    const soonest = [...this.#loaded.entries()].sort((a, b) => a[1].expiresAt.getTime() - b[1].expiresAt.getTime())[0];
    if (soonest) this.#loaded.delete(soonest[0]);
  }
}
