// One fixture, two targets: TARGET=sim (default) runs the console's Kubernetes code against the Kubernetes simulator,
// TARGET=real against the real control plane started by tests/real/global-setup.ts (npm run test:real). Ollama, the
// registry and the cache agent are the simulated ones on both targets. Faults are the simulator's control API on one
// target and the real thing on the other: kube-apiserver really stopped, etcd really compacted, a kubelet's pods/status.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { parse, stringify } from "yaml";
import { kubeconfigYaml } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";

export type TargetKind = "sim" | "real";
export const TARGET: TargetKind = process.env.TARGET === "real" ? "real" : "sim";

export interface KubeTarget {
  kind: TargetKind;
  /** The simulated world: Ollama, registry and agent on both targets, Kubernetes too on "sim". */
  world: World;
  dir: string;
  /** An admin kubeconfig with `contexts` contexts c0…cN (the console caches per context). */
  kubeconfig: string;
  kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The API server refuses connections until kubeUp(). */
  kubeDown(): Promise<void>;
  kubeUp(): Promise<void>;
  /** Every watch the console has open must relist: sim sends 410 Expired; real compacts etcd past the watches' resourceVersion and restarts kube-apiserver. */
  expireWatches(): Promise<void>;
  /** The Ollama container is OOMKilled and waits in CrashLoopBackOff. */
  oomCrash(): Promise<void>;
  /** After oomCrash(): the Ollama pod runs again (real: the pod is deleted and the ReplicaSet makes a new one; sim: a reset). */
  healPod(): Promise<void>;
  /** The Ollama pod is deleted and the Deployment's replacement runs (a new pod name, no memory of the old one's terminations). */
  replacePod(): Promise<void>;
  /** Snapshot controller behaviour. */
  snapshotController(mode: "normal" | "stalled" | "error"): Promise<void>;
  close(): Promise<void>;
}

async function control(url: string, path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`cluster control ${path}: ${String(json.error)}`);
  return json;
}

export async function startKubeTarget(options: { snapshotReadyAfterMs?: number } = {}): Promise<KubeTarget> {
  const world = await createWorld("homelab", { snapshotReadyAfterMs: options.snapshotReadyAfterMs ?? 300 });
  const dir = mkdtempSync(join(tmpdir(), `kube-target-${TARGET}-`));
  const kubeconfig = join(dir, "kubeconfig");
  const real = TARGET === "real" ? inject("realCluster") : undefined;
  if (TARGET === "real" && !real?.kubeconfig) throw new Error("TARGET=real needs the real cluster: run `npm run test:real`");
  const base = real ? (parse(await readFile(real.kubeconfig, "utf8")) as Record<string, unknown>) : (parse(kubeconfigYaml(world.kube.url, { context: "c0" })) as Record<string, unknown>);
  const kc = base as { clusters: { cluster: Record<string, unknown> }[]; contexts: { name: string; context: unknown }[]; "current-context": string };
  if (!real) for (const c of kc.clusters) c.cluster["insecure-skip-tls-verify"] = true; // client-node 2.x needs this for plain http
  const [first] = kc.contexts;
  kc.contexts = [{ name: "c0", context: first?.context }];
  kc["current-context"] = "c0";
  writeFileSync(kubeconfig, stringify(kc), { mode: 0o600 });
  if (real) await control(real.control, "/snapshotter", { controller: "normal", readyAfterMs: options.snapshotReadyAfterMs ?? 300 });

  const env = { ...process.env, HOME: dir, KUBECONFIG: "" };
  const kubectl = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache"), ...args], { env, timeout: 60_000, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
      });
    });

  const healPod = async (): Promise<void> => {
    if (!real) return world.load("homelab");
    await kubectl("delete", "pods", "-n", "ollama", "-l", "app.kubernetes.io/name=ollama", "--wait=true");
    // `kubectl wait` fails at once when no pod matches yet: first wait for the ReplicaSet to create the replacement.
    for (let i = 0; i < 150; i++) {
      const listed = await kubectl("get", "pods", "-n", "ollama", "-l", "app.kubernetes.io/name=ollama", "-o", "name");
      if (listed.stdout.trim()) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const ready = await kubectl("wait", "pods", "-n", "ollama", "-l", "app.kubernetes.io/name=ollama", "--for=condition=Ready", "--timeout=45s");
    if (ready.code !== 0) throw new Error(`the new Ollama pod did not become ready: ${ready.stderr}`);
    // The real EndpointSlice controller follows the pod's readiness on its own schedule; the suites that run after
    // this one on the same cluster expect the homelab whole again, with its one ready endpoint listed.
    let endpoints = "";
    for (let i = 0; i < 150; i++) {
      const slices = await kubectl("get", "endpointslices", "-n", "ollama", "-l", "kubernetes.io/service-name=ollama", "-o", "jsonpath={.items[*].endpoints[*].conditions.ready}");
      endpoints = slices.stdout.trim();
      if (endpoints === "true") return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the Service's EndpointSlice did not list the new pod as its one ready endpoint (ready: "${endpoints}")`);
  };
  return {
    kind: TARGET,
    world,
    dir,
    kubeconfig,
    kubectl,
    kubeDown: async () => {
      if (real) await control(real.control, "/apiserver/stop");
      else await world.setFaults({ kube: "down" });
    },
    kubeUp: async () => {
      if (real) await control(real.control, "/apiserver/start");
      else await world.clearFaults();
    },
    expireWatches: async () => {
      if (!real) return world.action("expire-watches");
      // Changes the console does not watch move etcd's revision past every watch's resourceVersion; compaction
      // then deletes the history the watches would resume from, and a restarted kube-apiserver must answer 410.
      for (let i = 0; i < 3; i++) await kubectl("create", "configmap", `compaction-${Date.now()}-${i}`, "-n", "default");
      await control(real.control, "/apiserver/stop");
      await control(real.control, "/etcd/compact");
      await control(real.control, "/apiserver/start");
    },
    oomCrash: async () => {
      if (real) await control(real.control, "/pods/oom", { namespace: "ollama", labelSelector: "app.kubernetes.io/name=ollama", container: "ollama" });
      else world.action("oom-crash");
    },
    healPod,
    async replacePod() {
      if (real) return healPod();
      const names = async () => (await kubectl("get", "pods", "-n", "ollama", "-l", "app.kubernetes.io/name=ollama", "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.phase}{\"\\n\"}{end}")).stdout.trim();
      const before = (await names()).split(" ")[0] ?? "";
      const deleted = await kubectl("delete", "pods", "-n", "ollama", "-l", "app.kubernetes.io/name=ollama", "--wait=false");
      if (deleted.code !== 0) throw new Error(`deleting the Ollama pod failed: ${deleted.stderr}`);
      let now = "";
      for (let i = 0; i < 150; i++) {
        now = await names();
        const [name, phase, ...more] = now.split(/\s+/);
        if (name && name !== before && phase === "Running" && more.length === 0) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`the Deployment did not replace the Ollama pod ${before} (pods now: "${now}")`);
    },
    snapshotController: async (mode) => {
      if (real) await control(real.control, "/snapshotter", { controller: mode });
      else await world.setFaults({ snapshotController: mode === "normal" ? null : mode });
    },
    async close() {
      if (real) await control(real.control, "/snapshotter", { controller: "normal" }).catch(() => {});
      await world.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
