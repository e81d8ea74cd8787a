// Shared setup for the Ollama integration tests: a fresh volume + simulator + official client per test, and the
// TARGET switch that runs the shared suites against the real Ollama instead.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { Ollama } from "ollama";
import { cachedOllama, ollamaBinaryPath, startOllama } from "../../tools/realstack/ollama.ts";
import { createRegistrySim, type RegistrySim } from "../../sim/registry/server.ts";
import { catalogue, type CatalogueModel } from "../../sim/registry/catalogue.ts";
import { createOllamaSim, type OllamaSim, type OllamaSimOptions } from "../../sim/ollama/server.ts";
import { SimVolume } from "../../sim/volume.ts";

export interface SimFixture {
  volume: SimVolume;
  sim: OllamaSim;
  ollama: Ollama;
}

/** Starts a simulator on a free loopback port over an empty volume without overhead. */
export async function startSim(opts: Partial<OllamaSimOptions> & { capacityBytes?: number } = {}): Promise<SimFixture> {
  const volume = new SimVolume({ capacityBytes: opts.capacityBytes ?? 500e9, overheadBytes: 0 });
  const sim = createOllamaSim({ volume, ...opts });
  await sim.listen();
  return { volume, sim, ollama: new Ollama({ host: sim.url }) };
}

/** Polls until `check` holds (or fails after timeoutMs). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One POST to an Ollama (bytes, a string, or JSON of anything else); the body as text, as NDJSON lines when streamed. */
export async function send(base: string, path: string, body: unknown) {
  const payload = Buffer.isBuffer(body) ? new Uint8Array(body) : typeof body === "string" ? body : JSON.stringify(body);
  const res = await fetch(`${base}${path}`, { method: "POST", body: payload });
  const text = await res.text();
  const type = res.headers.get("content-type");
  const lines = type === "application/x-ndjson" ? text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  return { status: res.status, type, text, lines };
}

/** Drains an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** A catalogue model that must exist. */
export function libraryModel(name: string): CatalogueModel {
  const model = catalogue.get(name);
  if (!model) throw new Error(`${name} is not in the catalogue`);
  return model;
}

/**
 * Which Ollama the shared suites (tests/real/ollama-*.test.ts) run against: `TARGET=real` starts the real
 * `ollama serve` built by `npm run real:ollama`; anything else uses the simulator. Both pull from the registry
 * simulator's `tiny` model, the one model with real bytes.
 */
export const TARGET: "sim" | "real" = process.env.TARGET === "real" ? "real" : "sim";

export interface OllamaTarget {
  readonly kind: "sim" | "real";
  readonly url: string;
  readonly ollama: Ollama;
  readonly registry: RegistrySim;
  /** `<registry host:port>/library/tiny:latest`: pull it with `insecure: true`. */
  readonly tiny: string;
  /** The tiny model as the registry serves it (manifest, digests, sizes). */
  readonly tinyModel: CatalogueModel;
  /** Blob download speed from now on (bytes/s; 0 = as fast as loopback goes). */
  setPullSpeed(bytesPerSecond: number): void;
  /** Blob bytes fetched from the registry since start (resumed bytes are not fetched again). */
  downloadedBytes(): number;
  /** Bytes an interrupted download of `digest` holds on disk; undefined when there is no partial file. */
  partialBytes(digest: string): number | undefined;
  hasBlob(digest: string): boolean;
  /** Everything the current server process has written to its own log so far (stderr for the real one). */
  logText(): string;
  /** Kills the process (SIGKILL for the real one): downloads die with it. */
  kill(): Promise<void>;
  /** Starts the server again on the same port over the same models dir. */
  restart(opts?: { noPrune?: boolean }): Promise<void>;
  close(): Promise<void>;
}

const SIM_FAST = 20e9;

export interface TargetOptions {
  /** Restart without pruning the models dir (OLLAMA_NOPRUNE=1). */
  noPrune?: boolean;
  /** A models filesystem of this size: a tmpfs mount for the real server (root only), the volume's capacity for the simulator. */
  capacityBytes?: number;
}

async function startSimTarget(opts: TargetOptions): Promise<Omit<OllamaTarget, "registry" | "tiny" | "tinyModel">> {
  // No GPU: the real server runs on this machine's CPU, so size_vram is 0 on both.
  const logLines: string[] = [];
  const { sim, volume, ollama } = await startSim({
    logs: { write: (text) => void logLines.push(text), env: () => ({}) },
    bytesPerSecond: SIM_FAST,
    gpuMemoryBytes: 0,
    completionTickMs: 1000,
    capacityBytes: opts.capacityBytes,
    // The real tier runs v0.17.4, whose start-up prune has no grace period for partial downloads.
    partialGraceMs: 0,
  });
  sim.announce(); // what a starting process writes first, as the real server does on its own
  return {
    kind: "sim",
    url: sim.url,
    ollama,
    downloadedBytes: () => sim.state.downloadedBytes,
    setPullSpeed: (bps) => sim.setSpeed(bps > 0 ? bps : SIM_FAST),
    partialBytes: (digest) => volume.partial(digest)?.completed,
    hasBlob: (digest) => volume.hasBlob(digest),
    logText: () => logLines.join("\n"),
    kill: () => sim.stop(),
    restart: async (r = {}) => void (await sim.restart({ noPrune: r.noPrune ?? opts.noPrune })),
    close: () => sim.close(),
  };
}

/** Completed bytes of a real partial download: the sum over its `-partial-N` part files (`{"N","Offset","Size","Completed"}`). */
function realPartialBytes(modelsDir: string, digest: string): number | undefined {
  const base = join(modelsDir, "blobs", digest.replace(":", "-"));
  if (!existsSync(`${base}-partial`)) return undefined;
  const dir = dirname(base);
  const prefix = `${basename(base)}-partial-`;
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .reduce((sum, f) => {
      try {
        return sum + ((JSON.parse(readFileSync(join(dir, f), "utf8")) as { Completed?: number }).Completed ?? 0);
      } catch {
        return sum; // a part file being rewritten right now
      }
    }, 0);
}

/** Mounts a tmpfs of `bytes` on a fresh folder; the unmount function, or the reason it cannot (not root, no mount). */
export function mountTmpfs(bytes: number): { dir: string; unmount: () => void } | { reason: string } {
  const dir = mkdtempSync(join(tmpdir(), "real-ollama-tmpfs-"));
  const mount = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir], { encoding: "utf8" });
  if (mount.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `mount -t tmpfs failed: ${(mount.stderr || mount.error?.message || "").trim()}` };
  }
  return {
    dir,
    unmount: () => {
      spawnSync("umount", [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startRealTarget(registry: RegistrySim, opts: TargetOptions) {
  const binary = cachedOllama();
  if (!binary) throw new Error(`no real Ollama at ${ollamaBinaryPath()}: run \`npm run real:ollama\` first`);
  const env = (noPrune?: boolean): Record<string, string> => (noPrune ? { OLLAMA_NOPRUNE: "1" } : {});
  let unmount = () => undefined as void;
  let modelsDir: string | undefined;
  if (opts.capacityBytes !== undefined) {
    const mounted = mountTmpfs(opts.capacityBytes);
    if ("reason" in mounted) throw new Error(mounted.reason);
    ({ dir: modelsDir, unmount } = mounted);
  }
  let server = await startOllama({ binary, modelsDir, env: env(opts.noPrune) });
  const firstModelsDir = server.modelsDir;
  const port = Number(new URL(server.url).port);
  const target: Omit<OllamaTarget, "registry" | "tiny" | "tinyModel"> = {
    kind: "real",
    url: server.url,
    ollama: new Ollama({ host: server.url }),
    downloadedBytes: () => registry.blobBytesSent,
    setPullSpeed: (bps) => void (registry.bytesPerSecond = bps),
    partialBytes: (digest) => realPartialBytes(server.modelsDir, digest),
    hasBlob: (digest) => existsSync(join(server.modelsDir, "blobs", digest.replace(":", "-"))),
    logText: () => readFileSync(server.logPath, "utf8"),
    kill: () => server.kill(),
    async restart(restartOpts = {}) {
      await server.kill();
      server = await startOllama({ binary, port, modelsDir: server.modelsDir, env: env(restartOpts.noPrune ?? opts.noPrune) });
    },
    async close() {
      await server.stop();
      unmount();
      // After a restart the models dir still lives in the first server's scratch folder.
      if (opts.capacityBytes === undefined) rmSync(dirname(firstModelsDir), { recursive: true, force: true });
    },
  };
  return target;
}

/** Starts the registry simulator and the target Ollama (TARGET) over an empty models dir. */
export async function startTarget(opts: TargetOptions = {}): Promise<OllamaTarget> {
  const registry = createRegistrySim();
  await registry.listen();
  const tiny = `${new URL(registry.url).host}/library/tiny:latest`;
  const base = TARGET === "real" ? await startRealTarget(registry, opts) : await startSimTarget(opts);
  const closeServer = base.close;
  const close = async () => {
    await closeServer();
    await registry.close();
  };
  return Object.assign(base, { registry, tiny, tinyModel: libraryModel("tiny"), close });
}
