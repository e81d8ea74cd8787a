// The console's Kubernetes side on both targets (kube-target-fixture.ts): TARGET=sim against the simulator in the unit
// tier, TARGET=real against a real kube-apiserver, controller-manager, scheduler and KWOK in `npm run test:real`.
// Overview reads through the shared watches, recovery from 410 and from a stopped API server, an OOM kill, and the
// snapshot lifecycle (create → ready → restore → Bound → delete).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetProcessState } from "../../lib/doors/runtime/caches";
import { watchCounts } from "../../lib/doors/kubernetes/cache";
import type { Target } from "../../lib/doors/runtime/config";
import { listRestartEvents, writeRestartEvent } from "../../lib/doors/kubernetes/restart-events";
import { startRestartEvents } from "../../lib/features/overview/restart-log";
import { diskHistory } from "../../lib/features/disk/history";
import { startDiskSamples } from "../../lib/features/disk/samples";
import { overviewAccess, overviewEvents, overviewHealth, overviewPods, overviewServiceCard } from "../../lib/features/overview/read";
import { createSnapshot } from "../../lib/features/snapshots/create";
import { deleteSnapshot } from "../../lib/features/snapshots/delete";
import { listSnapshots } from "../../lib/features/snapshots/read";
import { listRestores, restoreSnapshot } from "../../lib/features/snapshots/restore";
import { startKubeTarget, TARGET, type KubeTarget } from "./kube-target-fixture";

const operator = { id: "olga", name: "olga", role: "operator" as const };
const admin = { id: "ada", name: "ada", role: "admin" as const };

let t: KubeTarget;

/** The console's target, as a freshly started console sees it: every cache empty, no watch open (lib/doors/runtime/caches.ts). */
function fresh(): Target {
  resetProcessState();
  return { context: "c0", namespace: "ollama", deployment: "ollama", ollamaUrl: t.world.ollama.url, cachePvc: undefined, agentUrl: t.world.agentUrl };
}

beforeAll(async () => {
  t = await startKubeTarget();
  Object.assign(process.env, { KUBECONFIG: t.kubeconfig, OLLAMA_URL: t.world.ollama.url, CACHE_AGENT_URL: t.world.agentUrl, LOG_LEVEL: "error" });
});

afterAll(async () => {
  resetProcessState();
  await t?.close();
});

const readAll = (target: Target) => Promise.all([overviewHealth(target), overviewPods(target), overviewEvents(target), overviewAccess(target), overviewServiceCard(target)]);

describe(`Overview on the ${TARGET} cluster`, () => {
  it("shows the homelab healthy: Deployment rolled out, pod Running 2/2 on the GPU node, cache mounted, Reachable", async () => {
    const target = fresh();
    await vi.waitFor(
      async () => {
        const [health, pods, , access, card] = await readAll(target);
        expect(health.deployment).toMatchObject({ ok: true, data: { level: "ok", title: "Healthy", rollout: "complete" } });
        expect(health.cache).toMatchObject({ ok: true, data: { level: "ok", title: "Mounted", pvc: "ollama-models" } });
        expect(pods.pods).toHaveLength(1);
        expect(pods.pods[0]).toMatchObject({ status: "Running", level: "ok", ready: 2, containers: 2, imageTag: "0.12.6", node: "gpu-node-1" });
        expect(access).toMatchObject({ level: "ok", title: "Reachable", ingressRoutesInstalled: true });
        expect(access.routes.some((r) => r.kind === "IngressRoute" && r.hosts.includes("ollama.example.com") && r.tls)).toBe(true);
        expect(card.fields.map((f) => f.key)).toEqual(["tier", "owner", "exposure", "backup-class", "rpo", "rto", "last-reviewed"]);
      },
      { timeout: 15_000, interval: 200 },
    );
    // One upstream watch per kind, however many readers.
    await Promise.all(Array.from({ length: 20 }, () => readAll(target)));
    for (const count of Object.values(watchCounts(target))) expect(count).toBe(1);
  });

  it("relists every kind after its watches expire (a real 410 after etcd compaction), then sees an OOM kill", async () => {
    const target = fresh();
    await readAll(target);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the watches that follow the first list connect
    const before = watchCounts(target);
    await t.expireWatches();
    await vi.waitFor(
      () => {
        const after = watchCounts(target);
        for (const [kind, n] of Object.entries(before)) expect(after[kind as keyof typeof after], kind).toBeGreaterThan(n);
      },
      { timeout: 30_000, interval: 200 },
    );
    await t.oomCrash();
    await vi.waitFor(
      async () => {
        const pods = await overviewPods(target);
        expect(pods.pods[0]?.lastTermination).toMatchObject({ reason: "OOMKilled", exitCode: 137 });
        expect(pods.restarts[0]).toMatchObject({ reason: "OOMKilled", exitCode: 137, container: "ollama" });
      },
      { timeout: 15_000, interval: 200 },
    );
    await t.healPod();
  });

  it("a console started after the OOM-killed pod was replaced lists the termination the leader recorded as an Event", async () => {
    const target = fresh();
    await readAll(target);
    const leader = new AbortController();
    startRestartEvents(leader.signal, target);
    try {
      await t.oomCrash();
      const killed = await vi.waitFor(
        async () => {
          const recorded = (await listRestartEvents(target)).find((r) => r.reason === "OOMKilled");
          expect(recorded).toMatchObject({ container: "ollama", exitCode: 137 });
          return recorded!;
        },
        { timeout: 20_000, interval: 250 },
      );
      leader.abort();
      await t.replacePod();
      // A new replica: empty caches, and the pod it watches has never been OOM-killed.
      const later = fresh();
      await vi.waitFor(
        async () => {
          const pods = await overviewPods(later);
          expect(pods.pods).toHaveLength(1);
          expect(pods.pods[0]?.name).not.toBe(killed.pod);
          expect(pods.restarts).toContainEqual(expect.objectContaining({ pod: killed.pod, container: "ollama", reason: "OOMKilled", exitCode: 137, finishedAt: killed.finishedAt }));
        },
        { timeout: 20_000, interval: 250 },
      );
      // Recorded once, however many leaders saw it: a second leadership writes nothing new.
      const again = new AbortController();
      startRestartEvents(again.signal, later);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      again.abort();
      expect((await listRestartEvents(later)).filter((r) => r.pod === killed.pod && r.finishedAt === killed.finishedAt)).toHaveLength(1);
      // A termination another replica's leadership records while this one runs (its pod watch never saw that pod)
      // reaches this replica through its watch of the Events, without a restart or a poll.
      const elsewhere = { pod: `${killed.pod}-gone`, container: "ollama", reason: "OOMKilled", exitCode: 137, restartCount: 4, finishedAt: new Date().toISOString(), startedAt: undefined, signal: undefined, message: undefined };
      await writeRestartEvent(later, elsewhere);
      await vi.waitFor(
        async () => expect((await overviewPods(later)).restarts).toContainEqual(expect.objectContaining({ pod: elsewhere.pod, finishedAt: elsewhere.finishedAt, reason: "OOMKilled" })),
        { timeout: 5_000, interval: 100 },
      );
    } finally {
      leader.abort();
    }
  });

  it("charts the disk samples the leader takes on every replica, and a new leader carries the series on", async () => {
    const target = fresh();
    const first = new AbortController();
    startDiskSamples(first.signal, target);
    const one = await vi.waitFor(
      async () => {
        // Another replica (empty caches) reads the series the leader wrote.
        const h = await diskHistory(fresh());
        expect(h).toMatchObject({ source: "sampled" });
        expect(h.points.length).toBeGreaterThan(0);
        return h.points;
      },
      { timeout: 15_000, interval: 250 },
    );
    first.abort();
    const next = new AbortController();
    startDiskSamples(next.signal, fresh());
    try {
      await vi.waitFor(
        async () => {
          const h = await diskHistory(fresh());
          expect(h.points.length).toBeGreaterThan(one.length);
          // The earlier points are still there, in order: one series across leaders.
          expect(h.points.slice(0, one.length)).toEqual(one);
          expect(h.points.at(-1)?.capacityBytes).toBeGreaterThan(0);
          expect(h.since).toBe(one[0]?.t);
        },
        { timeout: 15_000, interval: 250 },
      );
    } finally {
      next.abort();
    }
  });

  it("serves the last objects as stale while the API server is down, then recovers on its own", async () => {
    const target = fresh();
    await readAll(target);
    await t.kubeDown();
    try {
      await vi.waitFor(
        async () => {
          const pods = await overviewPods(target);
          expect(pods.freshness).toMatchObject({ synced: false, error: "Kubernetes API unreachable: connection refused" });
          expect(pods.pods).toHaveLength(1);
        },
        { timeout: 20_000, interval: 200 },
      );
    } finally {
      await t.kubeUp();
    }
    await vi.waitFor(
      async () => {
        const [health, pods] = await readAll(target);
        expect(pods.freshness).toMatchObject({ synced: true, error: undefined });
        expect(health.deployment).toMatchObject({ ok: true, data: { freshness: { synced: true } } });
      },
      { timeout: 30_000, interval: 200 },
    );
  });
});

describe(`Snapshots on the ${TARGET} cluster`, () => {
  it("creates a snapshot that becomes ready with the PVC's size, restores it into a PVC that binds, and deletes it", async () => {
    const target = fresh();
    const name = `it-${TARGET}-${Date.now().toString(36)}`;
    const created = await createSnapshot(target, operator, { name });
    expect(created).toMatchObject({ name, sourcePvc: "ollama-models", className: "longhorn-snapshot", createdBy: "olga" });
    await vi.waitFor(
      async () => {
        const s = (await listSnapshots(target)).items.find((i) => i.name === name);
        expect(s).toMatchObject({ ready: true, restoreSize: "100Gi", deletionPolicy: "Delete", error: undefined });
      },
      { timeout: 15_000, interval: 200 },
    );
    const restore = await restoreSnapshot(target, admin, name, {});
    expect(restore).toMatchObject({ snapshot: name, request: "100Gi", createdBy: "ada" });
    await vi.waitFor(
      async () => {
        const bound = (await listRestores(target)).find((r) => r.name === restore.name);
        expect(bound).toMatchObject({ phase: "Bound", capacity: "100Gi", waitingForConsumer: false });
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(await deleteSnapshot(target, admin, name)).toEqual({ name, deletionPolicy: "Delete" });
    await vi.waitFor(async () => expect((await listSnapshots(target)).items.some((i) => i.name === name)).toBe(false), { timeout: 15_000, interval: 200 });
  });

  it("shows the error the snapshot controller wrote in the status", async () => {
    const target = fresh();
    await t.snapshotController("error");
    try {
      const created = await createSnapshot(target, operator, { name: `doomed-${TARGET}-${Date.now().toString(36)}` });
      await vi.waitFor(
        async () => {
          const s = (await listSnapshots(target)).items.find((i) => i.name === created.name);
          expect(s?.error?.message).toBeTruthy();
        },
        { timeout: 15_000, interval: 200 },
      );
    } finally {
      await t.snapshotController("normal");
    }
  });
});
