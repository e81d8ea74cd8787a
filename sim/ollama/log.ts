// The simulated Ollama's own log: start-up, model loads and an OOM kill, in the formats ollama v0.17.4 prints
// (Go slog's text handler with source; format.HumanBytes2 sizes; llm/server.go and ml/device.go messages).
import type { ModelSpec } from "../registry/library.ts";
import { MODELS_DIR } from "../volume.ts";

/** Where the lines go (the Kubernetes simulator's pod log), and the container env the process starts with. */
export interface OllamaLogSink {
  write(text: string): void;
  /** The Ollama container's env from the Deployment's pod template, as the kubelet would pass it. */
  env(): Record<string, string>;
}

type Attr = [string, string | number];

/** Go's slog text value quoting: bare when safe, else a quoted string. */
function slogValue(v: string | number): string {
  const s = String(v);
  return s === "" || /[\s"=\\]/.test(s) || !/^[\x21-\x7e]+$/.test(s) ? JSON.stringify(s) : s;
}

/** One slog text line: `time=… level=INFO source=file.go:N msg="…" k=v`. */
export function slogLine(level: "INFO" | "WARN" | "ERROR" | "DEBUG", source: string, msg: string, attrs: Attr[] = [], now = new Date()): string {
  const key = (k: string) => (/\s/.test(k) ? JSON.stringify(k) : k);
  const rest = attrs.map(([k, v]) => ` ${key(k)}=${slogValue(v)}`).join("");
  return `time=${now.toISOString()} level=${level} source=${source} msg=${slogValue(msg)}${rest}`;
}

/** format.HumanBytes2. */
export function humanBytes2(b: number): string {
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(1)} GiB`;
  if (b >= 1024 ** 2) return `${(b / 1024 ** 2).toFixed(1)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${Math.round(b)} B`;
}

/** time.Duration's String() for whole milliseconds ("30m0s", "1h0m0s", "1.5s"). */
function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  const h = Math.floor(ms / 3.6e6);
  const m = Math.floor((ms % 3.6e6) / 6e4);
  const s = (ms % 6e4) / 1000;
  return `${h ? `${h}h` : ""}${h || m ? `${m}m` : ""}${s}s`;
}

const FOREVER = "2562047h47m16.854775807s";
const trimVar = (s: string | undefined) => (s ?? "").trim().replace(/^["']+|["']+$/g, "");

function duration(raw: string | undefined, def: number, zeroIsForever: boolean): string {
  const s = trimVar(raw);
  let ms = def;
  const go = /^-?(\d+(\.\d+)?(ms|s|m|h))+$/.test(s);
  if (go) {
    ms = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)].reduce((sum, [, n, u]) => sum + Number(n) * ({ ms: 1, s: 1e3, m: 6e4, h: 3.6e6 }[u ?? "s"] ?? 0), 0);
    if (s.startsWith("-")) ms = -ms;
  } else if (/^-?\d+$/.test(s)) ms = Number(s) * 1000;
  return ms < 0 || (zeroIsForever && ms === 0) ? FOREVER : goDuration(ms);
}

function bool(raw: string | undefined): string {
  const s = trimVar(raw);
  if (s === "") return "false";
  return String(!["0", "f", "F", "FALSE", "false", "False"].includes(s));
}

const uint = (raw: string | undefined, def: number) => (/^\d+$/.test(trimVar(raw)) ? String(Number(trimVar(raw))) : String(def));

/** envconfig.Values() for an env: what `server config env=map[…]` prints (Go sorts map keys). */
export function serverConfigValues(env: Record<string, string>): Record<string, string> {
  const debug = trimVar(env.OLLAMA_DEBUG);
  const level = debug === "" || ["0", "false", "f", "F", "FALSE", "False"].includes(debug) ? "INFO" : /^\d+$/.test(debug) && Number(debug) > 1 ? `DEBUG-${(Number(debug) - 1) * 4}` : "DEBUG";
  const host = trimVar(env.OLLAMA_HOST) || "127.0.0.1:11434";
  return {
    CUDA_VISIBLE_DEVICES: trimVar(env.CUDA_VISIBLE_DEVICES),
    HTTPS_PROXY: "",
    HTTP_PROXY: "",
    NO_PROXY: "",
    OLLAMA_CONTEXT_LENGTH: uint(env.OLLAMA_CONTEXT_LENGTH, 0),
    OLLAMA_DEBUG: level,
    OLLAMA_FLASH_ATTENTION: bool(env.OLLAMA_FLASH_ATTENTION),
    OLLAMA_GPU_OVERHEAD: uint(env.OLLAMA_GPU_OVERHEAD, 0),
    OLLAMA_HOST: host.includes("://") ? host : `http://${host}`,
    OLLAMA_KEEP_ALIVE: duration(env.OLLAMA_KEEP_ALIVE, 5 * 6e4, false),
    OLLAMA_KV_CACHE_TYPE: trimVar(env.OLLAMA_KV_CACHE_TYPE),
    OLLAMA_LLM_LIBRARY: "",
    OLLAMA_LOAD_TIMEOUT: duration(env.OLLAMA_LOAD_TIMEOUT, 5 * 6e4, true),
    OLLAMA_MAX_LOADED_MODELS: uint(env.OLLAMA_MAX_LOADED_MODELS, 0),
    OLLAMA_MAX_QUEUE: uint(env.OLLAMA_MAX_QUEUE, 512),
    OLLAMA_MODELS: trimVar(env.OLLAMA_MODELS) || MODELS_DIR,
    OLLAMA_NOHISTORY: "false",
    OLLAMA_NOPRUNE: bool(env.OLLAMA_NOPRUNE),
    OLLAMA_NUM_PARALLEL: uint(env.OLLAMA_NUM_PARALLEL, 1),
    OLLAMA_ORIGINS: "[http://localhost https://localhost http://localhost:* https://localhost:* http://127.0.0.1 https://127.0.0.1 http://127.0.0.1:* https://127.0.0.1:* http://0.0.0.0 https://0.0.0.0 http://0.0.0.0:* https://0.0.0.0:* app://* file://* tauri://* vscode-webview://* vscode-file://*]",
    OLLAMA_SCHED_SPREAD: bool(env.OLLAMA_SCHED_SPREAD),
    ROCR_VISIBLE_DEVICES: "",
    http_proxy: "",
    https_proxy: "",
    no_proxy: "",
  };
}

const goMap = (values: Record<string, string>) =>
  `map[${Object.keys(values)
    .sort()
    .map((k) => `${k}:${values[k]}`)
    .join(" ")}]`;

/** What a starting Ollama prints: settings, prune totals, the listener, the GPU inventory. */
export function startupLines(opts: { env: Record<string, string>; version: string; gpuMemoryBytes: number; blobs: number }): string[] {
  const now = new Date();
  const gpu = opts.gpuMemoryBytes > 0;
  const lines = [
    slogLine("INFO", "routes.go:1663", "server config", [["env", goMap(serverConfigValues(opts.env))]], now),
    slogLine("INFO", "images.go:473", `total blobs: ${opts.blobs}`, [], now),
    slogLine("INFO", "images.go:480", "total unused blobs removed: 0", [], now),
    slogLine("INFO", "routes.go:1718", `Listening on [::]:11434 (version ${opts.version})`, [], now),
    slogLine("INFO", "runner.go:67", "discovering available GPUs...", [], now),
  ];
  const inventory: Attr[] = gpu
    ? [["id", "GPU-4f1e2a3b-5c6d-7e8f-9a0b-1c2d3e4f5a6b"], ["filter_id", ""], ["library", "CUDA"], ["compute", "8.6"], ["name", "CUDA0"], ["description", "NVIDIA GeForce RTX 3090"], ["libdirs", "ollama,cuda_v12"], ["driver", "12.4"], ["pci_id", "0000:01:00.0"], ["type", "discrete"], ["total", humanBytes2(opts.gpuMemoryBytes)], ["available", humanBytes2(opts.gpuMemoryBytes * 0.97)]]
    : [["id", "cpu"], ["library", "cpu"], ["compute", ""], ["name", "cpu"], ["description", "cpu"], ["libdirs", "ollama"], ["driver", ""], ["pci_id", ""], ["type", ""], ["total", "62.7 GiB"], ["available", "58.1 GiB"]];
  lines.push(slogLine("INFO", "types.go:42", "inference compute", inventory, now));
  const ctx = opts.gpuMemoryBytes >= 47 * 1024 ** 3 ? 262144 : opts.gpuMemoryBytes >= 23 * 1024 ** 3 ? 32768 : 4096;
  lines.push(slogLine("INFO", "routes.go:1768", "vram-based default context", [["total_vram", humanBytes2(opts.gpuMemoryBytes)], ["default_num_ctx", ctx]], now));
  return lines;
}

/** What a model load prints, from `starting runner` to `llama runner started in`, for the given GPU/CPU split. */
export function loadLines(opts: { spec: ModelSpec; weightsDigest: string; sizeBytes: number; sizeVram: number; contextLength: number; loadSeconds: number }): string[] {
  const { spec, sizeBytes, sizeVram } = opts;
  const layers = spec.blockCount + 1;
  const share = sizeBytes > 0 ? sizeVram / sizeBytes : 0;
  const onGpu = Math.min(layers, Math.round(share * layers));
  const weights = spec.modelBytes + (spec.projectorBytes ?? 0);
  const kv = Math.max(0, sizeBytes - weights - 512 * 1024 ** 2);
  const gpuPart = onGpu / layers;
  const port = 40000 + Math.floor(Math.random() * 20000);
  const lines: string[] = [
    slogLine("INFO", "server.go:431", "starting runner", [["cmd", `/usr/bin/ollama runner --ollama-engine --model ${MODELS_DIR}/blobs/sha256-${opts.weightsDigest} --port ${port}`]]),
    slogLine("INFO", "server.go:498", "loading model", [["model layers", layers], ["requested", -1]]),
  ];
  lines.push(
    slogLine("INFO", "ggml.go:482", `offloading ${Math.min(onGpu, layers - 1)} repeating layers to GPU`),
    slogLine("INFO", "ggml.go:486", onGpu >= layers ? "offloading output layer to GPU" : "offloading output layer to CPU"),
    slogLine("INFO", "ggml.go:494", `offloaded ${onGpu}/${layers} layers to GPU`),
  );
  const device = (msg: string, bytes: number, src: [string, string]) => {
    if (onGpu > 0 && bytes * gpuPart >= 1) lines.push(slogLine("INFO", src[0], msg, [["device", "CUDA0"], ["size", humanBytes2(bytes * gpuPart)]]));
    if (onGpu < layers && bytes * (1 - gpuPart) >= 1) lines.push(slogLine("INFO", src[1], msg, [["device", "CPU"], ["size", humanBytes2(bytes * (1 - gpuPart))]]));
  };
  device("model weights", weights, ["device.go:240", "device.go:245"]);
  device("kv cache", kv, ["device.go:251", "device.go:256"]);
  lines.push(
    slogLine("INFO", onGpu > 0 ? "device.go:262" : "device.go:267", "compute graph", [["device", onGpu > 0 ? "CUDA0" : "CPU"], ["size", "512.0 MiB"]]),
    slogLine("INFO", "device.go:272", "total memory", [["size", humanBytes2(sizeBytes)]]),
    slogLine("INFO", "server.go:1350", "waiting for llama runner to start responding"),
    slogLine("INFO", "server.go:1388", `llama runner started in ${opts.loadSeconds.toFixed(2)} seconds`),
  );
  return lines;
}

/** The last lines before the kernel's OOM killer ends the process: a load too big for the container's memory limit. */
export function oomPreludeLines(opts: { spec: ModelSpec; weightsDigest: string }): string[] {
  const weights = opts.spec.modelBytes + (opts.spec.projectorBytes ?? 0);
  const layers = opts.spec.blockCount + 1;
  return [
    slogLine("INFO", "server.go:431", "starting runner", [["cmd", `/usr/bin/ollama runner --ollama-engine --model ${MODELS_DIR}/blobs/sha256-${opts.weightsDigest} --port 41999`]]),
    slogLine("INFO", "server.go:498", "loading model", [["model layers", layers], ["requested", -1]]),
    slogLine("INFO", "ggml.go:494", `offloaded 0/${layers} layers to GPU`),
    slogLine("INFO", "device.go:245", "model weights", [["device", "CPU"], ["size", humanBytes2(weights)]]),
    slogLine("INFO", "server.go:1350", "waiting for llama runner to start responding"),
  ];
}

/** Gin's request line: `[GIN] 2006/01/02 - 15:04:05 | 200 |  1.2ms | 10.42.0.7 | GET      "/api/tags"`. */
export function ginLine(status: number, ms: number, client: string, method: string, path: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${now.getUTCFullYear()}/${p(now.getUTCMonth() + 1)}/${p(now.getUTCDate())} - ${p(now.getUTCHours())}:${p(now.getUTCMinutes())}:${p(now.getUTCSeconds())}`;
  const latency = ms < 1 ? `${(ms * 1000).toFixed(1)}µs` : `${ms.toFixed(3)}ms`;
  return `[GIN] ${stamp} | ${status} | ${latency.padStart(13)} | ${client.padStart(15)} | ${method.padEnd(8)} "${path}"`;
}
