// The log lines that matter, each with a plain explanation. Pure and browser-safe.
import "server-only";
import type { ParsedLine } from "./parse";

export type HighlightKind = "disk-full" | "oom" | "load-time" | "offload" | "prune" | "error" | "warning";

export interface Highlight {
  kind: HighlightKind;
  /** error: something failed; warn: worth a look; info: a fact worth seeing. */
  severity: "error" | "warn" | "info";
  /** One sentence an operator understands without reading Ollama's source. */
  explanation: string;
}

const OOM =
  /out of memory|cudaMalloc failed|hipMalloc failed|CUDA error: out of memory|ErrorOutOfDeviceMemory|model request too large for system|memory layout cannot be allocated|unable to allocate .*buffer/i;

/** The highlight of a line, or undefined for an ordinary one. The most specific match wins. */
export function highlight(line: ParsedLine): Highlight | undefined {
  const text = line.text;
  if (/no space left on device/i.test(text)) {
    return { kind: "disk-full", severity: "error", explanation: "The model cache volume is full: pulls and blob writes fail until space is freed or the PVC grows." };
  }
  if (OOM.test(text)) {
    return {
      kind: "oom",
      severity: "error",
      explanation: "Out of memory while allocating for a model: lower the context length or NUM_PARALLEL, use a smaller quantization, or load fewer models at once.",
    };
  }
  const started = /llama runner started in (\d+(?:\.\d+)?) seconds/.exec(line.msg);
  if (started) {
    return { kind: "load-time", severity: "info", explanation: `A model finished loading in ${started[1]} s (time from runner start to ready).` };
  }
  const offload = /offloaded (\d+)\/(\d+) layers to GPU/.exec(text);
  if (offload) {
    const [on, total] = [Number(offload[1]), Number(offload[2])];
    if (on >= total) return { kind: "offload", severity: "info", explanation: `All ${total} layers run on the GPU.` };
    if (on === 0) return { kind: "offload", severity: "warn", explanation: `None of the ${total} layers fit on the GPU: this model runs on the CPU, which is much slower.` };
    return {
      kind: "offload",
      severity: "warn",
      explanation: `Only ${on} of ${total} layers fit on the GPU; the other ${total - on} run on the CPU, which slows every token.`,
    };
  }
  const removed = /^total unused blobs removed: (\d+)$/.exec(line.msg);
  if (removed) {
    return { kind: "prune", severity: "info", explanation: `Start-up pruning deleted ${removed[1]} unused blob(s) from the cache (OLLAMA_NOPRUNE=true keeps them).` };
  }
  if (/^total blobs: \d+$/.test(line.msg)) {
    return { kind: "prune", severity: "info", explanation: "Start-up pruning counted the blobs on the cache volume before removing unused ones." };
  }
  if (line.level === "error") return { kind: "error", severity: "error", explanation: "Ollama reported an error." };
  if (line.level === "warn") return { kind: "warning", severity: "warn", explanation: "Ollama reported a warning." };
  return undefined;
}
