// The real Ollama for the real test tier: built from a released module with the Go toolchain (cgo + the system C++
// compiler, no cmake), cached outside the checkout by version, and started as `ollama serve` on a loopback port over
// a private models directory. Test-support code: it never enters the console image.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, closeSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The released Ollama the real tier runs (its llama runner builds with plain `go install`). */
export const OLLAMA_VERSION = process.env.OLLAMA_REAL_VERSION ?? "v0.17.4";

/**
 * The module zip drops every `vendor/` folder, and llama.cpp keeps three single-header libraries there. Two come from
 * Debian packages (found on the default include path); miniaudio, which Debian does not package, comes from the Go
 * module that wraps it, read from the module cache like any other Go dependency.
 */
const SYSTEM_HEADERS = [
  { header: "/usr/include/nlohmann/json.hpp", debian: "nlohmann-json3-dev" },
  { header: "/usr/include/stb/stb_image.h", debian: "libstb-dev" },
];
const MINIAUDIO_MODULE = "github.com/gen2brain/malgo@v0.11.24";

/** `${OLLAMA_OPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ollama-ops}`: shared with the Kubernetes binaries (real/<key>/). */
export function cacheRoot(): string {
  return process.env.OLLAMA_OPS_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "ollama-ops");
}

/** Where the binary of `version` lives once built. */
export function ollamaBinaryPath(version = OLLAMA_VERSION): string {
  return join(cacheRoot(), "real", `ollama-${version}`, "bin", "ollama");
}

/** A problem the caller can print as one line (missing Go, a header, a module the proxy refuses). */
export class RealOllamaError extends Error {}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = tmpdir()) {
  return spawnSync(cmd, args, { env, cwd, encoding: "utf8", maxBuffer: 64 << 20 });
}

/** The line of a Go/gcc failure worth printing: a compiler error, the proxy's answer, else the last line. */
function keyLine(text: string): string {
  const lines = text.trim().split("\n").map((l) => l.trim());
  return lines.find((l) => /fatal error|error:|server response:|not found|no such/i.test(l)) ?? lines.at(-1) ?? "";
}

/** The cached binary when it exists, runs and reports `version` (a build without the version ldflag says 0.0.0). */
export function cachedOllama(version = OLLAMA_VERSION): string | undefined {
  const bin = ollamaBinaryPath(version);
  if (!existsSync(bin)) return undefined;
  const probe = run(bin, ["--version"]);
  return probe.status === 0 && `${probe.stdout}${probe.stderr}`.includes(`version is ${version.replace(/^v/, "")}`) ? bin : undefined;
}

/**
 * The simulator reads Ollama's chat template library from this module's source in the Go module cache
 * (sim/ollama/template-library.ts). A cold build's `go install` leaves it there; a warm run puts it back when the module
 * cache was cleaned while the binary stayed cached (a no-op in milliseconds otherwise).
 */
function keepModuleSource(version: string, log: (line: string) => void): void {
  const download = run("go", ["mod", "download", `github.com/ollama/ollama@${version}`]);
  if (download.error || download.status !== 0) {
    log(`warning: github.com/ollama/ollama@${version} is not in the Go module cache (${download.error ? "no Go toolchain" : keyLine(download.stderr)}): the simulator detects no chat template`);
  }
}

/**
 * Returns the cached binary, or builds it with `go install github.com/ollama/ollama@<version>` into a temporary
 * folder and moves it into the cache (so an interrupted build never leaves a half-written binary behind).
 */
export function buildOllama(opts: { version?: string; log?: (line: string) => void } = {}): { binary: string; built: boolean; seconds: number } {
  const version = opts.version ?? OLLAMA_VERSION;
  const log = opts.log ?? (() => undefined);
  const started = performance.now();
  const cached = cachedOllama(version);
  if (cached) {
    keepModuleSource(version, log);
    return { binary: cached, built: false, seconds: (performance.now() - started) / 1000 };
  }

  if (run("go", ["version"]).error) throw new RealOllamaError("no Go toolchain on PATH: install Go ≥ 1.24 to build the real Ollama");
  for (const { header, debian } of SYSTEM_HEADERS) {
    if (!existsSync(header)) throw new RealOllamaError(`missing C++ header ${header}: apt-get install ${debian}`);
  }
  const download = run("go", ["mod", "download", "-json", MINIAUDIO_MODULE]);
  const moduleDir = download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
  if (!moduleDir) throw new RealOllamaError(`the Go module proxy refused ${MINIAUDIO_MODULE}: ${keyLine(download.stdout + download.stderr)}`);

  const home = dirname(dirname(ollamaBinaryPath(version)));
  mkdirSync(home, { recursive: true });
  const work = mkdtempSync(join(home, ".build-"));
  try {
    mkdirSync(join(work, "include", "miniaudio"), { recursive: true });
    copyFileSync(join(moduleDir, "miniaudio.h"), join(work, "include", "miniaudio", "miniaudio.h"));
    log(`building github.com/ollama/ollama@${version} with ${run("go", ["version"]).stdout.trim()} (several minutes cold)…`);
    // CPATH, not CGO_CPPFLAGS: gcc reads it, and Go leaves it out of its cache keys, so a build that stopped at the
    // missing headers (or a second version) reuses every ggml/llama.cpp object already compiled.
    const cpath = [join(work, "include"), process.env.CPATH].filter(Boolean).join(":");
    const goflags = `${process.env.GOFLAGS ?? ""} -trimpath`.trim();
    const env = { ...process.env, GOBIN: join(work, "bin"), CGO_ENABLED: "1", CPATH: cpath, GOFLAGS: goflags };
    // Release builds stamp the version with this ldflag; without it /api/version answers 0.0.0.
    const ldflags = `-X=github.com/ollama/ollama/version.Version=${version.replace(/^v/, "")}`;
    const build = run("go", ["install", `-ldflags=${ldflags}`, `github.com/ollama/ollama@${version}`], env);
    if (build.status !== 0) throw new RealOllamaError(`go install github.com/ollama/ollama@${version} failed: ${keyLine(build.stderr)}`);
    mkdirSync(join(home, "bin"), { recursive: true });
    renameSync(join(work, "bin", "ollama"), ollamaBinaryPath(version));
  } finally {
    rmSync(work, { recursive: true, force: true });
    // A failed first build leaves no empty version folder behind.
    if (!existsSync(ollamaBinaryPath(version))) rmSync(home, { recursive: true, force: true });
  }
  return { binary: ollamaBinaryPath(version), built: true, seconds: (performance.now() - started) / 1000 };
}

/** A free loopback TCP port (bound and released; good enough for a test server started right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RealOllama {
  readonly url: string;
  readonly modelsDir: string;
  readonly logPath: string;
  /** Milliseconds from spawn to the first answer of /api/version. */
  readonly startMs: number;
  readonly process: ChildProcess;
  /** SIGKILL: the process dies mid-whatever, as an OOM kill or a node failure would do it. */
  kill(): Promise<void>;
  /** SIGTERM and wait; then removes its scratch folder (HOME, log, and the models dir when it made that one). */
  stop(): Promise<void>;
}

export interface StartOptions {
  binary: string;
  /** Models directory (OLLAMA_MODELS); a fresh temporary one when absent. */
  modelsDir?: string;
  port?: number;
  /** Extra environment (OLLAMA_NOPRUNE, OLLAMA_KEEP_ALIVE, …). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));

/** Starts `ollama serve` on 127.0.0.1:<port> and resolves once /api/version answers. */
export async function startOllama(opts: StartOptions): Promise<RealOllama> {
  const scratch = mkdtempSync(join(tmpdir(), "real-ollama-"));
  const modelsDir = opts.modelsDir ?? join(scratch, "models");
  mkdirSync(modelsDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logPath = join(scratch, "serve.log");
  const logFd = openSync(logPath, "a");
  const started = performance.now();
  // No OLLAMA_* from the caller's environment leaks in; HOME is scratch because ollama writes its key pair there.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("OLLAMA_")) delete env[key];
  Object.assign(env, { HOME: scratch, OLLAMA_HOST: `127.0.0.1:${port}`, OLLAMA_MODELS: modelsDir }, opts.env);
  const child = spawn(opts.binary, ["serve"], { env, stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ollama serve exited with ${child.exitCode}; see ${logPath}`);
    const ok = await fetch(`${url}/api/version`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`ollama serve did not answer ${url}/api/version in time; see ${logPath}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const startMs = performance.now() - started;
  return {
    url,
    modelsDir,
    logPath,
    startMs,
    process: child,
    async kill() {
      child.kill("SIGKILL");
      await exited(child);
    },
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited(child);
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
