// Starts one real cluster (npm run cluster) for the whole real tier and stops it afterwards; tests get its kubeconfig
// and control URL through inject("realCluster").
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";

export interface RealClusterInfo {
  kubeconfig: string;
  control: string;
  startSeconds: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    realCluster: RealClusterInfo;
  }
}

let child: ChildProcess | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  // A cluster already running (`npm run cluster` in another terminal): REAL_KUBECONFIG and REAL_CONTROL reuse it.
  if (process.env.REAL_KUBECONFIG && process.env.REAL_CONTROL) {
    project.provide("realCluster", { kubeconfig: process.env.REAL_KUBECONFIG, control: process.env.REAL_CONTROL, startSeconds: 0 });
    return;
  }
  dir = mkdtempSync(join(tmpdir(), "real-tier-"));
  const started = performance.now();
  const proc = spawn(process.execPath, ["scripts/cluster.ts", "--kubeconfig", join(dir, "kubeconfig"), "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
  child = proc;
  let stderr = "";
  proc.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const lines: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: proc.stdout }).on("line", (line) => {
      const m = /^(\w+): (.*)$/.exec(line);
      if (m?.[1] && m[2]) lines[m[1]] = m[2];
      if (line === "ready") resolve();
    });
    proc.on("exit", (code) => reject(new Error(`npm run cluster exited (${code}): ${stderr.trim()}`)));
  });
  const startSeconds = Math.round((performance.now() - started) / 100) / 10;
  console.log(`real: control plane ready in ${startSeconds} s (warm start)`);
  project.provide("realCluster", { kubeconfig: lines.kubeconfig ?? "", control: lines.control ?? "", startSeconds });
}

export async function teardown(): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child?.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}
