// Watch semantics of the Kubernetes simulator over raw HTTP: replay, selectors, bookmarks, expiry, restarts.
import { afterEach, describe, expect, it } from "vitest";
import { api, openWatch, startKubeSim, until, type KubeFixture } from "./kube-sim-fixture.ts";

const PODS = "/api/v1/namespaces/ollama/pods";
const CONFIGMAPS = "/api/v1/namespaces/ollama/configmaps";
const POD = "ollama-5d8f7c9b4-x2k4q";

let f: KubeFixture;
afterEach(() => f.close());

function configMap(name: string, labels: Record<string, string> = {}): unknown {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels }, data: { a: "1" } };
}

describe("lists and watches", () => {
  it("lists carry the store's resourceVersion; built-in items drop kind, custom resources keep it", async () => {
    f = await startKubeSim();
    const pods = await api(f, PODS);
    expect(pods.body).toMatchObject({ kind: "PodList", apiVersion: "v1", metadata: { resourceVersion: f.sim.store.resourceVersion } });
    expect((pods.body.items as Record<string, unknown>[])[0]).not.toHaveProperty("kind");
    const snaps = await api(f, "/apis/snapshot.storage.k8s.io/v1/namespaces/ollama/volumesnapshots");
    expect((snaps.body.items as Record<string, unknown>[])[0]).toMatchObject({ kind: "VolumeSnapshot", apiVersion: "snapshot.storage.k8s.io/v1" });
  });

  it("without a resourceVersion replays every object as ADDED, then streams changes", async () => {
    f = await startKubeSim();
    const w = await openWatch(f, PODS);
    await until(() => w.events.length === 1);
    expect(w.events[0]).toMatchObject({ type: "ADDED", object: { kind: "Pod", metadata: { name: POD } } });
    const pod = f.sim.store.get("Pod", "ollama", POD);
    if (!pod) throw new Error("fixture pod missing");
    f.sim.put({ ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, touched: "yes" } } });
    f.sim.put({ apiVersion: "v1", kind: "Pod", metadata: { name: "extra", namespace: "ollama" }, spec: { containers: [] }, status: { phase: "Succeeded" } });
    await until(() => w.events.length === 3);
    expect(w.events[1]).toMatchObject({ type: "MODIFIED", object: { metadata: { labels: { touched: "yes" } } } });
    expect(w.events[2]).toMatchObject({ type: "ADDED", object: { metadata: { name: "extra", resourceVersion: f.sim.store.resourceVersion }, status: { phase: "Succeeded" } } });
    w.close();
  });

  it("from a resourceVersion sends only later changes, and objects leaving the selector as DELETED", async () => {
    f = await startKubeSim();
    await api(f, CONFIGMAPS, { method: "POST", body: configMap("journal", { app: "ops" }) });
    const rv = f.sim.store.resourceVersion;
    await api(f, CONFIGMAPS, { method: "POST", body: configMap("other", { app: "else" }) });
    const w = await openWatch(f, `${CONFIGMAPS}?resourceVersion=${rv}&labelSelector=app%20in%20(ops)`);
    await api(f, `${CONFIGMAPS}/journal`, { method: "PATCH", contentType: "application/merge-patch+json", body: { metadata: { labels: { app: "gone" } } } });
    await api(f, `${CONFIGMAPS}/other`, { method: "PATCH", contentType: "application/merge-patch+json", body: { metadata: { labels: { app: "ops" } } } });
    await until(() => w.events.length === 2);
    expect(w.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(["DELETED journal", "ADDED other"]);
    w.close();
  });

  it("answers a too-old resourceVersion with HTTP 200 and one 410 Expired ERROR event, then closes", async () => {
    f = await startKubeSim({ historySize: 3 });
    const rv = Number(f.sim.store.resourceVersion);
    for (let i = 0; i < 5; i++) await api(f, CONFIGMAPS, { method: "POST", body: configMap(`cm-${i}`) });
    const w = await openWatch(f, `${CONFIGMAPS}?resourceVersion=${rv}`);
    await w.ended;
    expect(w.status).toBe(200);
    // The second number is the oldest resourceVersion still in history; the simulated controllers may have written too.
    expect(w.events).toEqual([
      {
        type: "ERROR",
        object: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: expect.stringMatching(new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`)) as string, reason: "Expired", code: 410 },
      },
    ]);
    expect(Number(/\((\d+)\)$/.exec(String(w.events[0]?.object.message))?.[1])).toBeGreaterThanOrEqual(rv + 2);
  });

  it("sends BOOKMARK events carrying only kind, apiVersion and resourceVersion when asked", async () => {
    f = await startKubeSim({ bookmarkIntervalMs: 50 });
    const w = await openWatch(f, `${PODS}?resourceVersion=${f.sim.store.resourceVersion}&allowWatchBookmarks=true`);
    await until(() => w.events.length > 0);
    expect(w.events[0]).toEqual({ type: "BOOKMARK", object: { kind: "Pod", apiVersion: "v1", metadata: { resourceVersion: f.sim.store.resourceVersion } } });
    w.close();
  });

  it("ends the stream after timeoutSeconds and honours field selectors on events", async () => {
    f = await startKubeSim();
    const started = Date.now();
    const w = await openWatch(f, `/api/v1/namespaces/ollama/events?timeoutSeconds=1&fieldSelector=involvedObject.kind%3DPod,involvedObject.name%3D${POD}`);
    const pod = f.sim.store.get("Pod", "ollama", POD);
    const deploy = f.sim.store.get("Deployment", "ollama", "ollama");
    if (!pod || !deploy) throw new Error("fixture objects missing");
    f.sim.recordEvent(deploy, { type: "Normal", reason: "ScalingReplicaSet", message: "Scaled up", component: "deployment-controller" });
    f.sim.recordEvent(pod, { type: "Warning", reason: "BackOff", message: "Back-off restarting failed container ollama", component: "kubelet" });
    await w.ended;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(w.events.map((e) => e.object.reason)).toEqual(["BackOff"]);
  });

  it("expireWatches() sends 410 to every open watch and makes their resourceVersions too old", async () => {
    f = await startKubeSim();
    const rv = f.sim.store.resourceVersion;
    const w = await openWatch(f, `${PODS}?resourceVersion=${rv}`);
    await until(() => f.sim.openWatches === 1);
    f.sim.expireWatches();
    await w.ended;
    // The simulated controllers may still be writing (pods starting, claims binding), so events can precede the ERROR and
    // the current resourceVersion in its message may be past rv + 1: what matters is one 410 naming rv as too old.
    const errors = w.events.filter((e) => e.type === "ERROR");
    expect(errors).toHaveLength(1);
    expect(w.events.at(-1)).toMatchObject({ type: "ERROR", object: { reason: "Expired", code: 410 } });
    const current = /^too old resource version: (\d+) \((\d+)\)$/.exec(String((errors[0]?.object as { message?: unknown }).message));
    expect(current?.[1]).toBe(String(rv));
    expect(Number(current?.[2])).toBeGreaterThan(Number(rv));
    f.sim.patch("Pod", "ollama", POD, { metadata: { labels: { after: "expiry" } } });
    const again = await openWatch(f, `${PODS}?resourceVersion=${rv}`);
    await again.ended;
    expect(again.events[0]?.type).toBe("ERROR");
  });

  it("load() replaces every object and expires open watches", async () => {
    f = await startKubeSim();
    const w = await openWatch(f, PODS);
    await until(() => w.events.length === 1);
    const others = f.sim.load("apiVersion: v1\nkind: Namespace\nmetadata: {name: ollama}\n---\napiVersion: sim.ollama-ops.dev/v1\nkind: SimulatorState\n");
    await w.ended;
    expect(others).toEqual([{ apiVersion: "sim.ollama-ops.dev/v1", kind: "SimulatorState" }]);
    expect(w.events.at(-1)).toMatchObject({ type: "ERROR", object: { code: 410 } });
    expect((await api(f, PODS)).body.items).toEqual([]);
  });

  it("stop() refuses connections and cuts watches; start() serves again on the same port", async () => {
    f = await startKubeSim();
    const url = f.sim.url;
    const w = await openWatch(f, PODS);
    await until(() => w.events.length === 1);
    await f.sim.stop();
    await w.ended;
    await expect(fetch(`${url}/version`)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
    await f.sim.start();
    expect(f.sim.url).toBe(url);
    expect((await api(f, "/version")).body).toMatchObject({ major: "1", gitVersion: expect.stringMatching(/^v1\./) as unknown });
  });
});
