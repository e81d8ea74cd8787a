// Ollama server simulator: the HTTP API over a SimVolume, plus the programmatic controls scenarios and tests use.
import type { IncomingMessage, ServerResponse } from "node:http";
import { catalogue as defaultCatalogue, type Catalogue, type CatalogueModel } from "../registry/catalogue.ts";
import { manifestBlobs } from "../registry/manifest.ts";
import { normalizeModelName } from "../registry/names.ts";
import type { SimVolume, StoredManifest } from "../volume.ts";
import { DownloadManager } from "./downloads.ts";
import { sendError } from "./http.ts";
import { createListener } from "./listener.ts";
import { route, type OllamaState } from "./routes.ts";
import { ginLine, loadLines, oomPreludeLines, startupLines, type OllamaLogSink } from "./log.ts";
import { Scheduler, type LoadRequest, type LoadedModel } from "./scheduler.ts";

export interface OllamaSimOptions {
  volume: SimVolume;
  catalogue?: Catalogue;
  port?: number;
  host?: string;
  /** Pull speed shared by all concurrent blob downloads (default 20 GB/s: fast for tests). */
  bytesPerSecond?: number;
  /** Fetched blobs end on ticks of this many ms, as real Ollama's 1 s part ticker makes them (default 0 = at once). */
  completionTickMs?: number;
  /** Hashing speed of the "verifying sha256 digest" phase (default 0 = instant). */
  verifyBytesPerSecond?: number;
  /** GPU memory for the VRAM split in /api/ps (default 24 GiB; 0 = CPU only). */
  gpuMemoryBytes?: number;
  version?: string;
  loadDelayMs?: number;
  unloadDelayMs?: number;
  /** Where the process's own log goes (the pod log in the Kubernetes simulator); absent = no log. */
  logs?: OllamaLogSink;
  /**
   * Partial downloads younger than this survive the start-up prune (api-facts A5: current Ollama keeps 1 h; v0.17.4,
   * the real tier's build, has no grace and removes them all: 0). Default 1 h.
   */
  partialGraceMs?: number;
}

export interface OllamaSimState {
  up: boolean;
  fault: { kind: "slow"; ms: number } | { kind: "error"; message: string } | null;
  loaded: LoadedModel[];
  activeDownloads: number;
  /** Bytes fetched from the registry since start (resumed bytes are not fetched again). */
  downloadedBytes: number;
  requestCount: number;
  /** Requests per "METHOD /path" (query dropped), to tell the console's own polling from calls that name a model. */
  requestsByRoute: Record<string, number>;
}

/**
 * The one record of the requests Ollama saw, per "METHOD /path" (query dropped): counted when a request arrives, and
 * by status once answered. Tests and benchmarks read it ("the exposure check changed nothing", "one /api/ps per 2 s").
 */
export interface RouteRequests {
  count: number;
  /** Answered requests by HTTP status ("200": n); a stream still open has no status yet. */
  statuses: Record<string, number>;
}

export interface OllamaSim {
  readonly url: string;
  readonly requestCount: number;
  /** Requests per "METHOD /path" with their statuses (a copy); emptied by resetRequestCount(). */
  readonly routes: Record<string, RouteRequests>;
  /** Requests per "METHOD /path" (counts of `routes`). */
  readonly requestsByRoute: Record<string, number>;
  readonly state: OllamaSimState;
  /** Keep downloading after the last client disconnects (ollama#13142 behaviour). */
  continueAfterDisconnect: boolean;
  listen(): Promise<string>;
  /** Brings the server back on the same port after stop(). */
  start(): Promise<string>;
  /** The process dies: listener closed, sockets destroyed, downloads cancelled (partials kept), models unloaded. */
  stop(): Promise<void>;
  /**
   * The process dies and starts again on the same port. Starting, real Ollama prunes the models dir (server.Serve →
   * PruneLayers): blobs no manifest references and partial downloads older than the grace period are deleted, unless
   * OLLAMA_NOPRUNE is set.
   */
  restart(opts?: { noPrune?: boolean }): Promise<string>;
  close(): Promise<void>;
  setFault(kind: "slow", ms: number): void;
  setFault(kind: "error", message?: string): void;
  clearFaults(): void;
  setSpeed(bytesPerSecond: number): void;
  /** Makes every new model load fail with `message` (null = loads work again). */
  setLoadError(message: string | null): void;
  setGpuMemory(bytes: number): void;
  /** Writes a model's blobs and manifest at once; `previous` installs the older build (an update is available). */
  installModel(name: string, opts?: { modifiedAt?: Date; previous?: boolean }): StoredManifest;
  /** Leaves an interrupted download of `fraction` of the model on disk (complete blobs first, then one partial). */
  addPartial(name: string, fraction: number): void;
  /** Loads an installed model into memory, as if a generate request had done it. */
  load(name: string, opts?: Pick<LoadRequest, "keepAliveMs" | "contextLength" | "sizeVram">): LoadedModel;
  resetRequestCount(): void;
  /** Writes what a starting process logs (server config from the container env, GPU inventory) to the log sink. */
  announce(): void;
  /** Writes raw text to the process's log (the control API's log injection). */
  log(text: string): void;
  /** The kernel OOM-kills the process while it loads the largest installed model: its last log lines, then stop(). */
  oomKill(): Promise<void>;
  /** Back to a fresh process for a new scenario: downloads cancelled, models unloaded, faults cleared (the volume is the caller's). */
  reset(opts?: { version?: string }): void;
}

/** download.go: a blob is fetched in up to 16 parts of 100 MB to 1 GB. */
function downloadPartSize(total: number): number {
  return Math.min(Math.max(Math.floor(total / 16), 100e6), 1000e6);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the Ollama simulator (not yet listening: call listen()). */
export function createOllamaSim(opts: OllamaSimOptions): OllamaSim {
  const { volume } = opts;
  const catalogue = opts.catalogue ?? defaultCatalogue;
  const st: OllamaState = {
    volume,
    catalogue,
    downloads: Object.assign(new DownloadManager(volume, opts.bytesPerSecond ?? 20e9), { completionTickMs: opts.completionTickMs ?? 0 }),
    verifyBytesPerSecond: opts.verifyBytesPerSecond ?? 0,
    scheduler: new Scheduler(opts.gpuMemoryBytes ?? 24 * 1024 ** 3),
    version: opts.version ?? "0.12.6",
    loadDelayMs: opts.loadDelayMs ?? 0,
    unloadDelayMs: opts.unloadDelayMs ?? 100,
    loadError: null,
  };
  let fault: OllamaSimState["fault"] = null;
  let requestCount = 0;
  let routes = new Map<string, RouteRequests>();

  const writeLog = (lines: string[]) => opts.logs?.write(lines.join("\n"));
  const weightsDigest = (name: string) => volume.getManifest(name)?.manifest.layers[0]?.digest.replace(/^sha256:/, "") ?? "";
  st.scheduler.onLoad = (m, spec) =>
    writeLog(loadLines({ spec, weightsDigest: weightsDigest(m.name), sizeBytes: m.sizeBytes, sizeVram: m.sizeVram, contextLength: m.contextLength, loadSeconds: 1.5 + spec.modelBytes / 2e9 }));
  const announce = () =>
    writeLog(startupLines({ env: opts.logs?.env() ?? {}, version: st.version, gpuMemoryBytes: st.scheduler.gpuMemoryBytes, blobs: volume.list().blobs.length }));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requestCount++;
    const key = `${req.method ?? "GET"} ${(req.url ?? "/").split("?")[0]}`;
    const seen = routes.get(key) ?? { count: 0, statuses: {} };
    routes.set(key, seen);
    seen.count++;
    const counted = routes;
    res.on("finish", () => {
      // Not into a record reset since the request arrived.
      if (counted === routes) seen.statuses[res.statusCode] = (seen.statuses[res.statusCode] ?? 0) + 1;
    });
    if (opts.logs) {
      const started = performance.now();
      res.on("finish", () => writeLog([ginLine(res.statusCode, performance.now() - started, req.socket.remoteAddress ?? "", req.method ?? "GET", (req.url ?? "/").split("?")[0] ?? "/")]));
    }
    if (fault?.kind === "slow") await sleep(fault.ms);
    if (fault?.kind === "error" && req.url?.startsWith("/api/")) return sendError(res, 500, fault.message);
    await route(req, res, st);
  };
  const listener = createListener((req, res) => {
    handle(req, res).catch((error: Error) => (res.headersSent ? res.destroy() : sendError(res, 500, error.message)));
  }, opts);

  const resolve = (name: string, previous = false): { name: string; model: CatalogueModel } => {
    const display = normalizeModelName(name);
    const model = display === undefined ? undefined : previous ? catalogue.previous(display) : catalogue.get(display);
    if (!display || !model) throw new Error(`model ${name} is not in the catalogue`);
    return { name: display, model };
  };
  const stop = async () => {
    await listener.stop();
    st.downloads.cancelAll();
    st.scheduler.unloadAll();
  };

  return {
    get url() {
      return listener.url;
    },
    get requestCount() {
      return requestCount;
    },
    get routes() {
      return Object.fromEntries([...routes].map(([k, r]) => [k, { count: r.count, statuses: { ...r.statuses } }]));
    },
    get requestsByRoute() {
      return Object.fromEntries([...routes].map(([k, r]) => [k, r.count]));
    },
    get state() {
      return {
        up: listener.listening,
        fault,
        loaded: st.scheduler.list(),
        activeDownloads: st.downloads.active,
        downloadedBytes: st.downloads.downloadedBytes,
        requestCount,
        requestsByRoute: Object.fromEntries([...routes].map(([k, r]) => [k, r.count])),
      };
    },
    get continueAfterDisconnect() {
      return st.downloads.continueAfterDisconnect;
    },
    set continueAfterDisconnect(on: boolean) {
      st.downloads.continueAfterDisconnect = on;
    },
    listen: () => listener.listen(),
    async start() {
      const wasUp = listener.listening;
      const url = await listener.listen();
      if (!wasUp) announce();
      return url;
    },
    announce,
    log: (text) => writeLog([text]),
    async oomKill() {
      const largest = volume
        .manifests()
        .map((m) => ({ stored: m, model: catalogue.get(m.name) }))
        .sort((a, b) => (b.model?.spec.modelBytes ?? 0) - (a.model?.spec.modelBytes ?? 0))[0];
      if (largest?.model) writeLog(oomPreludeLines({ spec: largest.model.spec, weightsDigest: weightsDigest(largest.stored.name) }));
      await stop();
    },
    stop,
    async restart(restartOpts = {}) {
      await stop();
      const { blobs, partials } = volume.list();
      if (!restartOpts.noPrune) {
        const cutoff = Date.now() - (opts.partialGraceMs ?? 3_600_000);
        for (const p of partials) if (p.modifiedAt.getTime() <= cutoff) volume.removePartial(p.digest);
        volume.removeUnreferenced(blobs.map((b) => b.digest));
      } else {
        // A killed download only keeps the parts it had finished: a part's progress reaches its `-partial-N` file
        // when the part ends (download.go), so bytes of the parts in flight are fetched again.
        for (const p of partials) {
          const kept = Math.floor(p.completed / downloadPartSize(p.total)) * downloadPartSize(p.total);
          volume.removePartial(p.digest);
          volume.writePartial(p.digest, p.total, kept);
        }
      }
      return listener.listen();
    },
    close: stop,
    setFault(kind: "slow" | "error", arg?: number | string) {
      fault = kind === "slow" ? { kind, ms: Number(arg ?? 0) } : { kind, message: String(arg ?? "internal server error") };
    },
    clearFaults() {
      fault = null;
    },
    setLoadError(message) {
      st.loadError = message;
    },
    setSpeed(bytesPerSecond) {
      st.downloads.bytesPerSecond = bytesPerSecond;
    },
    setGpuMemory(bytes) {
      st.scheduler.gpuMemoryBytes = bytes;
    },
    installModel(name, installOpts = {}) {
      const { name: display, model } = resolve(name, installOpts.previous);
      for (const blob of manifestBlobs(model.manifest)) volume.addBlob(blob.digest, blob.size);
      return volume.writeManifest(display, model.manifest, installOpts.modifiedAt);
    },
    addPartial(name, fraction) {
      const { model } = resolve(name);
      let budget = Math.floor(model.size * fraction);
      for (const blob of manifestBlobs(model.manifest)) {
        if (budget <= 0 || volume.hasBlob(blob.digest)) continue;
        if (budget >= blob.size) volume.addBlob(blob.digest, blob.size);
        else volume.writePartial(blob.digest, blob.size, budget);
        budget -= blob.size;
      }
    },
    load(name, loadOpts = {}) {
      const { name: display, model } = resolve(name);
      const stored = volume.getManifest(display);
      if (!stored) throw new Error(`model ${display} is not installed`);
      return st.scheduler.load({ name: stored.name, digest: stored.digest, spec: model.spec, ...loadOpts });
    },
    resetRequestCount() {
      requestCount = 0;
      routes = new Map();
    },
    reset(resetOpts = {}) {
      st.downloads.cancelAll();
      st.scheduler.unloadAll();
      fault = null;
      st.loadError = null;
      st.version = resetOpts.version ?? st.version;
    },
  };
}
