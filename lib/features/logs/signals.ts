// What Ollama's own log says about the process: its settings, its GPUs, and how each model load was placed on them.
// Pure and browser-safe; formats from ollama v0.17.4 (discover/types.go LogDetails, server/routes.go "server config",
// llm/server.go "starting runner" / "llama runner started in", ml/device.go BackendMemory.Log, ml/backend/ggml "offloaded",
// and llama.cpp's load_tensors / KV buffer lines for the older engine). Anything unrecognised stays undefined ("unknown").
import "server-only";
import { parseGoMap, parseHumanBytes, parseMiB, type ParsedLine } from "./parse";

export interface GpuDevice {
  id: string;
  /** cuda, rocm, metal, vulkan, cpu. */
  library: string;
  name: string;
  description: string | undefined;
  compute: string | undefined;
  driver: string | undefined;
  /** "discrete" or "iGPU" (empty for the CPU line). */
  type: string | undefined;
  totalBytes: number | undefined;
  availableBytes: number | undefined;
}

export interface DeviceMemory {
  /** Backend device name as Ollama logs it: CUDA0, ROCm0, CPU. */
  device: string;
  weightsBytes: number | undefined;
  kvCacheBytes: number | undefined;
  graphBytes: number | undefined;
}

export interface ModelLoad {
  /** Time of the `starting runner` line. */
  startedAt: string | undefined;
  /** sha256 hex of the model blob the runner was started with (`--model …/blobs/sha256-<hex>`). */
  blobDigest: string | undefined;
  layersOnGpu: number | undefined;
  layersTotal: number | undefined;
  devices: DeviceMemory[];
  totalBytes: number | undefined;
  /** Seconds from runner start to ready ("llama runner started in N seconds"). */
  loadSeconds: number | undefined;
  /** The scheduler's or runner's words when memory was short ("model request too large for system", "model layout did not fit"). */
  memoryNote: string | undefined;
  /** The load failed (runner terminated, Load failed). */
  failed: string | undefined;
}

export interface ServerSignals {
  /** The `server config env=map[…]` values, when the line was seen. */
  config: { env: Record<string, string>; time: string | undefined } | undefined;
  /** From `inference compute` lines of the current process start. */
  gpus: GpuDevice[];
  /** From "Listening on … (version X)". */
  version: string | undefined;
  /** "vram-based default context" default_num_ctx. */
  defaultContext: number | undefined;
  /** Model loads, oldest first (bounded). */
  loads: ModelLoad[];
}

const MAX_LOADS = 50;

function emptyLoad(time: string | undefined, digest: string | undefined): ModelLoad {
  return {
    startedAt: time,
    blobDigest: digest,
    layersOnGpu: undefined,
    layersTotal: undefined,
    devices: [],
    totalBytes: undefined,
    loadSeconds: undefined,
    memoryNote: undefined,
    failed: undefined,
  };
}

const opt = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);

/** Folds parsed lines, in order, into ServerSignals. Feed it every line of one container's log. */
export class SignalTracker {
  #signals: ServerSignals = { config: undefined, gpus: [], version: undefined, defaultContext: undefined, loads: [] };
  /** The inventory block is a run of consecutive `inference compute` lines; a new run replaces the old one. */
  #inInventory = false;
  /** The load the following lines describe (the latest runner started with a model). */
  #current: ModelLoad | undefined;
  /** Devices of each load whose weights came from llama.cpp's buffer lines (what was allocated, not estimated). */
  #allocated = new WeakMap<ModelLoad, Set<string>>();

  /** Current signals (a copy, safe to serialise). */
  get signals(): ServerSignals {
    return structuredClone(this.#signals);
  }

  observe(line: ParsedLine): void {
    const inventory = line.msg === "inference compute";
    if (inventory && !this.#inInventory) this.#signals.gpus = [];
    this.#inInventory = inventory;
    if (inventory) return this.#gpu(line);
    if (line.msg === "server config") {
      const env = parseGoMap(line.attrs.env ?? "");
      // A new process: what the previous one loaded is gone.
      this.#signals = { config: env ? { env, time: line.time } : undefined, gpus: [], version: undefined, defaultContext: undefined, loads: [] };
      this.#current = undefined;
      return;
    }
    const listening = /^Listening on \S+ \(version ([^)]+)\)$/.exec(line.msg);
    if (listening) this.#signals.version = listening[1];
    if (line.msg === "vram-based default context") {
      const n = Number(line.attrs.default_num_ctx);
      this.#signals.defaultContext = Number.isInteger(n) && n > 0 ? n : undefined;
    }
    if (line.msg === "starting runner") {
      const cmd = line.attrs.cmd ?? "";
      // A runner without --model is GPU discovery (at start-up and on refresh), not a model load: its lines
      // belong to no load. The real v0.17.4 log shows one right after "discovering available GPUs...".
      if (!/\s--model\s/.test(cmd)) {
        this.#current = undefined;
        return;
      }
      const digest = /--model \S*sha256[-:]([0-9a-f]{64})/.exec(cmd)?.[1];
      this.#current = emptyLoad(line.time, digest);
      this.#signals.loads.push(this.#current);
      if (this.#signals.loads.length > MAX_LOADS) this.#signals.loads.shift();
      return;
    }
    if (this.#current) this.#load(this.#current, line);
  }

  #gpu(line: ParsedLine): void {
    const a = line.attrs;
    if (!a.id && !a.name) return;
    this.#signals.gpus.push({
      id: a.id ?? "",
      library: a.library ?? "",
      name: a.name ?? "",
      description: opt(a.description),
      compute: opt(a.compute),
      driver: opt(a.driver),
      type: opt(a.type),
      totalBytes: parseHumanBytes(a.total),
      availableBytes: parseHumanBytes(a.available),
    });
  }

  #device(load: ModelLoad, name: string): DeviceMemory {
    let d = load.devices.find((x) => x.device === name);
    if (!d) load.devices.push((d = { device: name, weightsBytes: undefined, kvCacheBytes: undefined, graphBytes: undefined }));
    return d;
  }

  #load(load: ModelLoad, line: ParsedLine): void {
    const offload = /offloaded (\d+)\/(\d+) layers to GPU/.exec(line.text);
    if (offload) {
      load.layersOnGpu = Number(offload[1]);
      load.layersTotal = Number(offload[2]);
      return;
    }
    const started = /^llama runner started in (\d+(?:\.\d+)?) seconds$/.exec(line.msg);
    if (started) {
      load.loadSeconds = Number(started[1]);
      return;
    }
    // ml/device.go: one line per device and kind, sizes in HumanBytes2.
    const field = { "model weights": "weightsBytes", "kv cache": "kvCacheBytes", "compute graph": "graphBytes" } as const;
    const key = field[line.msg as keyof typeof field];
    if (key && line.attrs.device && line.attrs.size !== undefined) {
      this.#device(load, line.attrs.device)[key] = parseHumanBytes(line.attrs.size);
      return;
    }
    if (line.msg === "total memory") {
      load.totalBytes = parseHumanBytes(line.attrs.size);
      return;
    }
    // llama.cpp (older engine): "load_tensors:        CUDA0 model buffer size =  1918.35 MiB", "…:      CUDA0 KV buffer size =   224.00 MiB".
    const buffer = /^\w+:\s+(\S+) (model|KV|compute) buffer size =\s+([\d.]+) MiB$/.exec(line.text);
    if (buffer) {
      const device = buffer[1] === "CPU_Mapped" ? "CPU" : (buffer[1] ?? "");
      const d = this.#device(load, device);
      const bytes = parseMiB(buffer[3]);
      if (buffer[2] === "model") {
        // ml/device.go logs the scheduler's estimate first, then llama.cpp logs what it allocated (one line per
        // buffer type, e.g. CPU and CPU_Mapped): the allocation replaces the estimate, and buffers add up.
        const allocated = this.#allocated.get(load) ?? new Set<string>();
        this.#allocated.set(load, allocated);
        const before = allocated.has(device) ? d.weightsBytes : 0;
        allocated.add(device);
        d.weightsBytes = before === undefined || bytes === undefined ? undefined : before + bytes;
      }
      else if (buffer[2] === "KV") d.kvCacheBytes = bytes;
      else d.graphBytes = bytes;
      return;
    }
    if (/model request too large for system|model layout did not fit|memory layout cannot be allocated|requires more gpu memory/.test(line.msg)) {
      const a = line.attrs;
      load.memoryNote = a.requested && a.available ? `${line.msg} (requested ${a.requested}, available ${a.available})` : line.msg;
      return;
    }
    if (line.msg === "llama runner terminated" || line.msg === "Load failed" || line.msg === "NewLlamaServer failed") {
      load.failed = line.attrs.error ? `${line.msg}: ${line.attrs.error}` : line.msg;
    }
  }
}

/** Why a model is not (all) on the GPU, in words, from its latest load; "unknown" when the log does not say. */
export function offloadReason(load: ModelLoad | undefined): string {
  if (!load) return "unknown";
  const parts: string[] = [];
  if (load.layersOnGpu !== undefined && load.layersTotal !== undefined) {
    parts.push(
      load.layersOnGpu === 0
        ? `no layers fit on the GPU (0/${load.layersTotal})`
        : `offloaded ${load.layersOnGpu}/${load.layersTotal} layers to GPU; the rest run on the CPU`,
    );
  }
  if (load.memoryNote) parts.push(load.memoryNote);
  if (load.failed) parts.push(load.failed);
  return parts.length ? parts.join("; ") : "unknown";
}
