// The real control-plane binaries (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kwok), built from
// the pinned Go modules under tools/realstack/ with the Go toolchain and cached outside the checkout, keyed by the
// Go version and a hash of every go.mod/go.sum/main.go, so a warm start only checks that the files are there.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REALSTACK = fileURLToPath(new URL(".", import.meta.url));

/** The Kubernetes release the binaries come from (the `replace` lines in go.mod pin the staging modules to v0.34.4). */
export const KUBERNETES_VERSION = "v1.34.4";

/** One binary: the module directory (relative to tools/realstack/) and the package it builds. */
interface Binary {
  name: string;
  module: string;
  pkg: string;
  ldflags: string;
}

// kube-* report their real version (kubectl and the console read /version); upstream sets these from git.
const versionFlags = [
  `-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}`,
  `-X k8s.io/component-base/version.gitMajor=1`,
  `-X k8s.io/component-base/version.gitMinor=34`,
  `-X k8s.io/component-base/version.gitTreeState=clean`,
].join(" ");

export const BINARIES: readonly Binary[] = [
  { name: "kube-apiserver", module: ".", pkg: "k8s.io/kubernetes/cmd/kube-apiserver", ldflags: `-s -w ${versionFlags}` },
  { name: "kube-controller-manager", module: ".", pkg: "k8s.io/kubernetes/cmd/kube-controller-manager", ldflags: `-s -w ${versionFlags}` },
  { name: "kube-scheduler", module: ".", pkg: "k8s.io/kubernetes/cmd/kube-scheduler", ldflags: `-s -w ${versionFlags}` },
  { name: "etcd", module: "etcd", pkg: ".", ldflags: "-s -w" },
  { name: "kwok", module: "kwok", pkg: "sigs.k8s.io/kwok/cmd/kwok", ldflags: "-s -w" },
];

/** The external-snapshotter client module whose config/crd/ holds the VolumeSnapshot CRDs (read from the module cache). */
export const SNAPSHOTTER_MODULE = "github.com/kubernetes-csi/external-snapshotter/client/v8@v8.4.0";

/** KWOK's module (the one tools/realstack/kwok/go.mod pins): kustomize/stage/pod/fast/ holds its default pod stages. */
export const KWOK_MODULE = "sigs.k8s.io/kwok@v0.7.0";

/** Traefik's module: docs/content/reference/dynamic-configuration/ holds its CRDs (IngressRoute, Middleware). */
export const TRAEFIK_MODULE = "github.com/traefik/traefik/v3@v3.6.12";

/** A failure worth one clear line to the operator (no stack trace). */
export class RealStackError extends Error {}

/** `${OLLAMA_OPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ollama-ops}` */
export function cacheRoot(): string {
  return process.env.OLLAMA_OPS_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "ollama-ops");
}

const goEnv = () => ({ ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false -mod=readonly" });

/** `go version`, or a RealStackError saying Go is missing. */
export function goVersion(): string {
  const r = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8", env: goEnv() });
  if (r.error || r.status !== 0) throw new RealStackError("Go toolchain not found: install Go 1.24 or newer and put `go` on PATH (needed to build the real control plane)");
  return r.stdout.trim();
}

/** The cache key: Go version + every input file of the three modules. */
export function cacheKey(): string {
  const hash = createHash("sha256").update(goVersion());
  for (const file of ["go.mod", "go.sum", "etcd/go.mod", "etcd/go.sum", "etcd/main.go", "kwok/go.mod", "kwok/go.sum"]) {
    hash.update(file).update(readFileSync(join(REALSTACK, file)));
  }
  for (const b of BINARIES) hash.update(`${b.name} ${b.pkg} ${b.ldflags}`);
  return `k8s-${KUBERNETES_VERSION}-${hash.digest("hex").slice(0, 16)}`;
}

export interface Built {
  dir: string;
  /** Seconds per binary when this call built them; empty when the cache already had them. */
  seconds: Record<string, number>;
}

/** Where the binaries are (building them first if the cache lacks any). `log` receives progress lines. */
export async function ensureBinaries(log: (line: string) => void = () => {}): Promise<Built> {
  const dir = join(cacheRoot(), "real", cacheKey(), "bin");
  if (BINARIES.every((b) => existsSync(join(dir, b.name)))) return { dir, seconds: {} };
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const seconds: Record<string, number> = {};
  try {
    for (const b of BINARIES) {
      log(`real: building ${b.name} (cold build, several minutes the first time)…`);
      const started = performance.now();
      await goBuild(b, join(staging, b.name));
      seconds[b.name] = Math.round((performance.now() - started) / 100) / 10;
      log(`real: built ${b.name} in ${seconds[b.name]} s`);
    }
    writeFileSync(join(staging, "build-times.json"), JSON.stringify(seconds, null, 2) + "\n");
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir, seconds };
}

function goBuild(b: Binary, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("go", ["build", "-trimpath", `-ldflags=${b.ldflags}`, "-o", out, b.pkg], {
      cwd: join(REALSTACK, b.module),
      env: goEnv(),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", () => reject(new RealStackError("Go toolchain not found: put `go` on PATH")));
    child.on("exit", (code) => {
      if (code === 0) return resolve();
      const lines = stderr.trim().split("\n").filter((l) => l && !l.startsWith("go: downloading"));
      const reason = lines.find((l) => /refused|lookup disabled|not found|410 Gone|404|unknown revision|invalid version|dial tcp|verifying/.test(l)) ?? lines.at(-1) ?? `exit ${code}`;
      reject(new RealStackError(`building ${b.name} failed: ${reason.trim()}`));
    });
  });
}

/** A module's directory in the Go module cache (downloaded through the Go toolchain if absent). */
export function moduleDir(module: string): string {
  const r = spawnSync("go", ["mod", "download", "-json", module], { encoding: "utf8", env: goEnv(), cwd: REALSTACK });
  if (r.error) throw new RealStackError("Go toolchain not found: put `go` on PATH");
  let info: { Dir?: string; Error?: string } = {};
  try {
    info = JSON.parse(r.stdout) as typeof info;
  } catch {
    // reported below
  }
  if (!info.Dir) throw new RealStackError(`Go module ${module} unavailable: ${info.Error ?? (r.stderr.trim() || "go mod download failed")}`);
  return info.Dir;
}

/** The directory holding the VolumeSnapshot CRD YAMLs: the external-snapshotter client module in the Go module cache. */
export function snapshotCrdDir(): string {
  return join(moduleDir(SNAPSHOTTER_MODULE), "config", "crd");
}
