// Turns Ollama's per-layer pull lines (api-facts A2) into one overall progress: bytes, smoothed speed, ETA, phase. Pure.
import "server-only";

import { PHASES } from "../../shared/contracts/enums";

/** Every state a pull job can be in (the API contract's list). */
export { PHASES };
export type Phase = (typeof PHASES)[number];

/** One NDJSON line of a streamed /api/pull, as ollama-js yields it. */
export interface PullLine {
  status?: string;
  digest?: string;
  total?: number;
  completed?: number;
}

export interface ProgressSnapshot {
  phase: Phase;
  /** Ollama's own status text, e.g. "pulling 6a0746a1ec1a". */
  status: string;
  completedBytes: number;
  totalBytes: number;
  /** Smoothed download speed; undefined until measured or outside the download phase. */
  bytesPerSecond: number | undefined;
  etaSeconds: number | undefined;
}

/** Time constant of the speed's exponential smoothing: a few seconds, so one slow tick does not swing the ETA. */
const SMOOTHING_MS = 3_000;
/** Speed is re-measured at most this often (Ollama repeats lines every 60 ms, often with the same byte count). */
const SAMPLE_MS = 500;

function phaseOf(status: string, hasDigest: boolean): Phase | undefined {
  if (status === "pulling manifest") return "pulling_manifest";
  if (hasDigest || status.startsWith("pulling ")) return "downloading";
  if (status.startsWith("verifying")) return "verifying";
  if (status === "writing manifest" || status.startsWith("removing")) return "writing_manifest";
  return undefined;
}

/** Accumulates pull lines across layers and retries; memory stays proportional to the number of layers. */
export class ProgressTracker {
  readonly #layers = new Map<string, { total: number; completed: number }>();
  readonly #expectedTotal: number;
  #phase: Phase = "pulling_manifest";
  #status = "";
  /** Bytes seen arriving (growth of `completed`), excluding what was already on disk when a layer first showed up. */
  #transferred = 0;
  #sample: { at: number; transferred: number } | undefined;
  #speed: number | undefined;

  /** `expectedTotal`: the model's size from the pre-flight manifest, so the bar is right before every layer has shown up. */
  constructor(expectedTotal = 0) {
    this.#expectedTotal = expectedTotal;
  }

  /** Applies one line at time `now` (ms); returns true when the phase or status text changed. */
  apply(line: PullLine, now: number): boolean {
    const status = line.status ?? "";
    const before = `${this.#phase}|${this.#status}`;
    this.#status = status;
    this.#phase = phaseOf(status, Boolean(line.digest)) ?? this.#phase;
    if (line.digest) this.#recordLayer(line.digest, line.total ?? 0, line.completed ?? 0);
    this.#measure(now);
    return `${this.#phase}|${this.#status}` !== before;
  }

  #recordLayer(digest: string, total: number, completed: number): void {
    const layer = this.#layers.get(digest);
    if (!layer) {
      // First sight: a cache hit or resumed partial is already on disk, not downloaded now.
      this.#layers.set(digest, { total, completed });
      return;
    }
    if (completed > layer.completed) this.#transferred += completed - layer.completed;
    layer.completed = completed;
    layer.total = Math.max(layer.total, total);
  }

  #measure(now: number): void {
    if (this.#phase !== "downloading") return;
    if (!this.#sample) {
      this.#sample = { at: now, transferred: this.#transferred };
      return;
    }
    const elapsed = now - this.#sample.at;
    if (elapsed < SAMPLE_MS) return;
    const rate = ((this.#transferred - this.#sample.transferred) * 1000) / elapsed;
    const weight = 1 - Math.exp(-elapsed / SMOOTHING_MS);
    this.#speed = this.#speed === undefined ? rate : this.#speed + weight * (rate - this.#speed);
    this.#sample = { at: now, transferred: this.#transferred };
  }

  /** A new attempt begins (after a connection loss): keep bytes, forget the speed measured before the gap. */
  restart(): void {
    this.#sample = undefined;
    this.#speed = undefined;
    this.#phase = "pulling_manifest";
    this.#status = "";
  }

  /** The overall progress right now. */
  snapshot(): ProgressSnapshot {
    let completedBytes = 0;
    let seenTotal = 0;
    for (const layer of this.#layers.values()) {
      completedBytes += Math.min(layer.completed, layer.total || layer.completed);
      seenTotal += layer.total;
    }
    const totalBytes = Math.max(seenTotal, this.#expectedTotal, completedBytes);
    const downloading = this.#phase === "downloading";
    const speed = downloading ? this.#speed : undefined;
    const etaSeconds = speed && speed > 0 ? (totalBytes - completedBytes) / speed : undefined;
    return { phase: this.#phase, status: this.#status, completedBytes, totalBytes, bytesPerSecond: speed, etaSeconds };
  }
}
