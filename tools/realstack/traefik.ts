// The real Traefik for the real tier (issue 16): built with the Go toolchain from tools/realstack/traefik/ (a module
// that pins github.com/traefik/traefik/v3), cached outside the checkout by version and module hash, and started with
// the kubernetesCRD provider against the real kube-apiserver. Test-support code: it never enters the console image.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheRoot } from "./ollama.ts";

/** The release the module pins (v3.7.x needs github.com/traefik/traefik/dynamic/ext, which the module proxy does not serve). */
export const TRAEFIK_VERSION = "v3.6.12";
const MODULE_DIR = join(dirname(fileURLToPath(import.meta.url)), "traefik");

export class RealTraefikError extends Error {}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = tmpdir()) {
  return spawnSync(cmd, args, { env, cwd, encoding: "utf8", maxBuffer: 64 << 20 });
}

const keyLine = (text: string) => text.trim().split("\n").map((l) => l.trim()).find((l) => /error|server response|not found/i.test(l)) ?? text.trim().split("\n").at(-1) ?? "";

/** Cache folder: version + a hash of the module files, so a change of pins builds anew. */
export function traefikBinaryPath(): string {
  const hash = createHash("sha256");
  for (const f of ["go.mod", "go.sum", "tools.go"]) hash.update(f).update(readFileSync(join(MODULE_DIR, f)));
  return join(cacheRoot(), "real", `traefik-${TRAEFIK_VERSION}-${hash.digest("hex").slice(0, 12)}`, "bin", "traefik");
}

/** The cached binary, or a build of it (into a temporary folder, then moved, so no half-written binary is ever cached). */
export function buildTraefik(log: (line: string) => void = () => undefined): { binary: string; built: boolean; seconds: number } {
  const started = performance.now();
  const binary = traefikBinaryPath();
  if (existsSync(binary) && run(binary, ["version"]).stdout.includes(TRAEFIK_VERSION)) return { binary, built: false, seconds: 0 };
  if (run("go", ["version"]).error) throw new RealTraefikError("no Go toolchain on PATH: install Go ≥ 1.24 to build the real Traefik");
  const home = dirname(dirname(binary));
  mkdirSync(home, { recursive: true });
  const work = mkdtempSync(join(home, ".build-"));
  try {
    log(`building github.com/traefik/traefik/v3@${TRAEFIK_VERSION} with ${run("go", ["version"]).stdout.trim()} (several minutes cold)…`);
    const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false -mod=readonly -trimpath" };
    const ldflags = `-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=${TRAEFIK_VERSION}`;
    const build = run("go", ["build", `-ldflags=${ldflags}`, "-o", join(work, "traefik"), "github.com/traefik/traefik/v3/cmd/traefik"], env, MODULE_DIR);
    if (build.status !== 0) throw new RealTraefikError(`go build of Traefik ${TRAEFIK_VERSION} failed: ${keyLine(build.stderr)}`);
    mkdirSync(dirname(binary), { recursive: true });
    renameSync(join(work, "traefik"), binary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { binary, built: true, seconds: (performance.now() - started) / 1000 };
}

/** Folder of Traefik's CRD definitions in the module cache (the same module the binary is built from). */
export function traefikCrdFile(): string {
  const r = run("go", ["mod", "download", "-json", `github.com/traefik/traefik/v3@${TRAEFIK_VERSION}`], { ...process.env, GOFLAGS: "-mod=mod" });
  const dir = r.status === 0 ? (JSON.parse(r.stdout) as { Dir?: string }).Dir : undefined;
  if (!dir) throw new RealTraefikError(`the Go module proxy refused github.com/traefik/traefik/v3@${TRAEFIK_VERSION}: ${keyLine(r.stdout + r.stderr)}`);
  return join(dir, "docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml");
}

export interface RealTraefik {
  /** https://127.0.0.1:port: the `websecure` entry point (Traefik's default certificate). */
  readonly url: string;
  readonly logPath: string;
  stop(): Promise<void>;
}

/** Starts Traefik with the kubernetesCRD provider on `kubeconfig`, watching `namespace`, `websecure` on `port`. */
export function startTraefik(opts: { binary: string; kubeconfig: string; namespace: string; port: number }): RealTraefik {
  const scratch = mkdtempSync(join(tmpdir(), "real-traefik-"));
  const logPath = join(scratch, "traefik.log");
  const fd = openSync(logPath, "a");
  const args = [
    `--entryPoints.websecure.address=127.0.0.1:${opts.port}`,
    "--providers.kubernetescrd=true",
    `--providers.kubernetescrd.namespaces=${opts.namespace}`,
    // The simulated cluster's pods have no network: fail fast instead of Traefik's 30 s dial timeout.
    "--serversTransport.forwardingTimeouts.dialTimeout=1s",
    "--log.level=INFO",
  ];
  // No proxy settings: Go's HTTP transport would send Traefik's backend traffic through the machine's egress proxy.
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: opts.kubeconfig, HOME: scratch };
  for (const k of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(k)) delete env[k];
  const child: ChildProcess = spawn(opts.binary, args, { env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  return {
    url: `https://127.0.0.1:${opts.port}`,
    logPath,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(rmSync(scratch, { recursive: true, force: true }));
        child.once("exit", () => resolve(rmSync(scratch, { recursive: true, force: true })));
        child.kill("SIGTERM");
      }),
  };
}
