// Shared setup for the Kubernetes simulator tests: the small test cluster, a kubeconfig, and a kubectl runner.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKubeSim, writeKubeconfig, type KubeSim, type KubeSimOptions } from "../../sim/kube/index.ts";

const CLUSTER_YAML = new URL("../../sim/kube/testdata/cluster.yaml", import.meta.url);

export interface KubeFixture {
  sim: KubeSim;
  dir: string;
  kubeconfig: string;
  /** Runs kubectl against the simulator with a private HOME and discovery cache. */
  kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts a long-running kubectl (e.g. `get -w`); the caller kills it. */
  spawnKubectl(...args: string[]): ChildProcess;
  close(): Promise<void>;
}

/** Starts the simulator on a free loopback port, loaded with sim/kube/testdata/cluster.yaml. */
export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeFixture> {
  const sim = createKubeSim({ snapshotReadyAfterMs: 300, pvcBindAfterMs: 50, podStartMs: 100, podTerminateMs: 100, ...options });
  sim.load(await readFile(CLUSTER_YAML, "utf8"));
  const url = await sim.listen();
  const dir = await mkdtemp(join(tmpdir(), "kube-sim-"));
  const kubeconfig = await writeKubeconfig(join(dir, "kubeconfig"), url);
  const base = ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache")];
  const env = { ...process.env, HOME: dir, KUBECONFIG: "" };
  return {
    sim,
    dir,
    kubeconfig,
    kubectl: (...args) =>
      new Promise((resolve) => {
        execFile("kubectl", [...base, ...args], { env, timeout: 25_000 }, (err, stdout, stderr) => {
          resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
        });
      }),
    spawnKubectl: (...args) => spawn("kubectl", [...base, ...args], { env }),
    async close() {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` holds (or fails after timeoutMs). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A JSON request to the simulator; resolves to the status code and parsed body. */
export async function api(f: KubeFixture, path: string, init: { method?: string; body?: unknown; contentType?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${f.sim.url}${path}`, {
    method: init.method ?? "GET",
    headers: { "Content-Type": init.contentType ?? "application/json" },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** One event of a watch stream. */
export interface WatchEvent {
  type: string;
  object: { metadata: { name?: string; resourceVersion?: string }; [field: string]: unknown };
}

/** An open watch: events so far, whether the server ended it, and a way to leave. */
export interface OpenWatch {
  status: number;
  events: WatchEvent[];
  ended: Promise<void>;
  close(): void;
}

/** Opens a watch (`path` without `watch=1`) and collects its newline-delimited events. */
export async function openWatch(f: KubeFixture, path: string): Promise<OpenWatch> {
  const controller = new AbortController();
  const res = await fetch(`${f.sim.url}${path}${path.includes("?") ? "&" : "?"}watch=1`, { signal: controller.signal });
  const events: WatchEvent[] = [];
  const ended = (async () => {
    let buffered = "";
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body ?? []) {
        buffered += decoder.decode(chunk, { stream: true });
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) if (line) events.push(JSON.parse(line) as WatchEvent);
      }
    } catch {
      // aborted by close()
    }
  })();
  return { status: res.status, events, ended, close: () => controller.abort() };
}
