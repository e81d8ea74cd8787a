// The Overview's server side against the simulated world over real HTTP: shared watches, coalescing, recovery from faults.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeKubeconfig } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { stopWatches, watchCounts } from "../../lib/doors/kubernetes/cache";
import { config, type Target } from "../../lib/doors/runtime/config";
import { overviewAccess, overviewDisk, overviewEvents, overviewHealth, overviewLoaded, overviewPods, overviewServiceCard } from "../../lib/features/overview/read";

let world: World;
let target: Target;
let dir: string;

beforeAll(async () => {
  world = await createWorld("homelab");
  dir = mkdtempSync(join(tmpdir(), "overview-it-"));
  const kubeconfig = join(dir, "kubeconfig");
  await writeKubeconfig(kubeconfig, world.kube.url);
  process.env.KUBECONFIG = kubeconfig;
  process.env.OLLAMA_URL = world.ollama.url;
  process.env.CACHE_AGENT_URL = world.agentUrl;
  target = config().target;
});

afterAll(async () => {
  stopWatches(target);
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

const readAll = () =>
  Promise.all([overviewHealth(target), overviewPods(target), overviewEvents(target), overviewAccess(target), overviewServiceCard(target)]);

describe("Overview data from the simulated homelab", () => {
  it("shows a healthy service with its disk, access path and service card", async () => {
    const [health, pods, , access, card] = await readAll();
    expect(health.deployment).toMatchObject({ ok: true, data: { level: "ok", title: "Healthy", rollout: "complete" } });
    expect(health.api).toMatchObject({ level: "ok", version: "0.12.6" });
    expect(health.cache).toMatchObject({ ok: true, data: { level: "ok", title: "Mounted", pvc: "ollama-models" } });
    expect(pods.pods).toHaveLength(1);
    expect(pods.pods[0]).toMatchObject({ status: "Running", level: "ok", ready: 2, containers: 2, imageTag: "0.12.6", node: "gpu-node-1" });
    expect(access).toMatchObject({ level: "ok", title: "Reachable", ingressRoutesInstalled: true });
    expect(access.routes.some((r) => r.kind === "IngressRoute" && r.hosts.includes("ollama.example.com") && r.tls)).toBe(true);
    expect(card.fields.map((f) => f.key)).toEqual(["tier", "owner", "exposure", "backup-class", "rpo", "rto", "last-reviewed"]);

    const disk = await overviewDisk(target);
    expect(disk).toMatchObject({ source: "agent", pvcName: "ollama-models", level: "ok" });
    expect(disk.usedRatio).toBeGreaterThan(0.4);
    expect(disk.usedRatio).toBeLessThan(0.8);
    expect(disk.breakdown.slices.some((s) => s.kind === "unreferenced")).toBe(true);
  });

  it("opens one upstream watch per kind however many viewers read, and coalesces Ollama", async () => {
    await readAll();
    // Readers are answered after the first list; wait until the watch that follows it is open for every kind.
    await vi.waitFor(() => expect(world.kube.openWatches).toBeGreaterThanOrEqual(Object.keys(watchCounts(target)).length), { timeout: 10_000 });
    const watchesBefore = watchCounts(target);
    world.resetRequests();
    await Promise.all(Array.from({ length: 50 }, () => readAll()));
    const loaded = await Promise.all(Array.from({ length: 50 }, () => overviewLoaded(target)));
    expect(world.requests().kube).toBe(0);
    // version (health) and ps (loaded): at most one request each per 2 s TTL.
    expect(world.requests().ollama).toBeLessThanOrEqual(2);
    expect(loaded[0]?.models.map((m) => m.name).sort()).toEqual(["nomic-embed-text:latest", "qwen2.5:7b"]);
    expect(loaded[0]?.models.find((m) => m.name === "nomic-embed-text:latest")?.keptLoaded).toBe(true);
    expect(Object.keys(watchesBefore)).toHaveLength(8);
    expect(watchCounts(target)).toEqual(watchesBefore);
    for (const count of Object.values(watchesBefore)) expect(count).toBe(1);
  });

  it("keeps watching after every watch is expired (410), and sees an OOM crash with its reason", async () => {
    const before = watchCounts(target);
    world.action("expire-watches");
    // Every kind relists and watches again.
    await vi.waitFor(() => {
      const after = watchCounts(target);
      for (const [kind, n] of Object.entries(before)) expect(after[kind as keyof typeof after]).toBeGreaterThan(n);
    });
    world.action("oom-crash");
    await vi.waitFor(
      async () => {
        const pods = await overviewPods(target);
        expect(pods.pods[0]?.lastTermination).toMatchObject({ reason: "OOMKilled", exitCode: 137 });
        expect(pods.restarts[0]).toMatchObject({ reason: "OOMKilled", exitCode: 137, container: "ollama" });
      },
      { timeout: 10_000, interval: 100 },
    );
    const events = await overviewEvents(target);
    expect(events.events.some((e) => e.reason === "BackOff")).toBe(true);
  });

  it("serves the last objects as stale while the API server is down, then recovers without anyone asking twice", async () => {
    await world.setFaults({ kube: "down" });
    await vi.waitFor(
      async () => {
        const pods = await overviewPods(target);
        expect(pods.freshness).toMatchObject({ synced: false, error: "Kubernetes API unreachable: connection refused" });
        expect(pods.freshness.staleSince).toBeDefined();
        expect(pods.pods).toHaveLength(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    await world.clearFaults();
    await vi.waitFor(
      async () => {
        const [health, pods] = await readAll();
        expect(pods.freshness).toMatchObject({ synced: true, error: undefined });
        expect(health.deployment).toMatchObject({ ok: true, data: { freshness: { synced: true } } });
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it("switches to another scenario's objects after a reset (every watch gets 410 and relists)", async () => {
    await world.load("unschedulable");
    await vi.waitFor(
      async () => {
        const pods = await overviewPods(target);
        expect(pods.pods.some((p) => p.status === "Unschedulable" && /nodes are available/.test(p.message ?? ""))).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});
