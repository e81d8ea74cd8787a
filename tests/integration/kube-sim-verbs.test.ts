// Verbs and Status errors of the Kubernetes simulator over raw HTTP, with the apiserver's exact bodies.
import { afterEach, describe, expect, it } from "vitest";
import { api, startKubeSim, until, type KubeFixture } from "./kube-sim-fixture.ts";

const USER = "system:serviceaccount:ollama:ollama-ops";
const SNAPS = "/apis/snapshot.storage.k8s.io/v1/namespaces/ollama/volumesnapshots";
const CONFIGMAPS = "/api/v1/namespaces/ollama/configmaps";
const POD = "/api/v1/namespaces/ollama/pods/ollama-5d8f7c9b4-x2k4q";
const DEPLOY = "/apis/apps/v1/namespaces/ollama/deployments/ollama";

let f: KubeFixture;
afterEach(() => f.close());

function status(code: number, reason: string, message: string, details?: unknown): unknown {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

describe("verbs", () => {
  it("creates with a generated name and server fields; a taken name is AlreadyExists; a missing namespace is NotFound", async () => {
    f = await startKubeSim();
    const created = await api(f, CONFIGMAPS, { method: "POST", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "pull-journal-", uid: "mine" } } });
    expect(created.status).toBe(201);
    const meta = created.body.metadata as Record<string, string>;
    expect(meta.name).toMatch(/^pull-journal-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(meta.uid).not.toBe("mine");
    expect(meta.resourceVersion).toBe(f.sim.store.resourceVersion);
    expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const again = await api(f, CONFIGMAPS, { method: "POST", body: { metadata: { name: meta.name } } });
    expect(again).toEqual({ status: 409, body: status(409, "AlreadyExists", `configmaps "${meta.name}" already exists`, { name: meta.name, kind: "configmaps" }) });
    const elsewhere = await api(f, "/api/v1/namespaces/nope/configmaps", { method: "POST", body: { metadata: { name: "x" } } });
    expect(elsewhere.body).toEqual(status(404, "NotFound", 'namespaces "nope" not found', { name: "nope", kind: "namespaces" }));
  });

  it("rejects an update carrying a stale resourceVersion with Conflict", async () => {
    f = await startKubeSim();
    const pod = (await api(f, POD)).body as { metadata: Record<string, unknown> };
    const fresh = await api(f, POD, { method: "PUT", body: { ...pod, metadata: { ...pod.metadata, labels: { a: "1" } } } });
    expect(fresh.status).toBe(200);
    const stale = await api(f, POD, { method: "PUT", body: { ...pod, metadata: { ...pod.metadata, labels: { a: "2" } } } });
    expect(stale.body).toEqual(
      status(409, "Conflict", 'Operation cannot be fulfilled on pods "ollama-5d8f7c9b4-x2k4q": the object has been modified; please apply your changes to the latest version and try again', {
        name: "ollama-5d8f7c9b4-x2k4q",
        kind: "pods",
      }),
    );
  });

  it("applies JSON patches (client-node's default) and merge patches; strategic merge is refused for custom resources", async () => {
    f = await startKubeSim();
    await api(f, CONFIGMAPS, { method: "POST", body: { metadata: { name: "journal" }, data: { a: "1" } } });
    const json = await api(f, `${CONFIGMAPS}/journal`, { method: "PATCH", contentType: "application/json-patch+json", body: [{ op: "add", path: "/data/b", value: "2" }, { op: "remove", path: "/data/a" }] });
    expect(json.body.data).toEqual({ b: "2" });
    const failed = await api(f, `${CONFIGMAPS}/journal`, { method: "PATCH", contentType: "application/json-patch+json", body: [{ op: "test", path: "/data/b", value: "3" }] });
    expect(failed.status).toBe(422);
    const merged = await api(f, `${CONFIGMAPS}/journal`, { method: "PATCH", contentType: "application/merge-patch+json", body: { data: { b: null, c: "3" } } });
    expect(merged.body.data).toEqual({ c: "3" });
    const strategic = await api(f, `${SNAPS}/ollama-models-before-upgrade`, { method: "PATCH", contentType: "application/strategic-merge-patch+json", body: { metadata: { labels: { a: "b" } } } });
    expect(strategic.body).toEqual(
      status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
    );
  });

  it("keeps status out of main-resource writes and the spec (and a Pod's owners) out of /status writes", async () => {
    f = await startKubeSim();
    const main = await api(f, POD, { method: "PATCH", contentType: "application/merge-patch+json", body: { metadata: { labels: { x: "y" } }, status: { phase: "Failed" } } });
    expect(main.body).toMatchObject({ metadata: { labels: { x: "y" } }, status: { phase: "Running" } });
    // As real's pod status strategy: the labels a status write sends are kept, its spec and owner references are not.
    const owner = { apiVersion: "v1", kind: "ConfigMap", name: "x", uid: "11111111-1111-1111-1111-111111111111" };
    const sub = await api(f, `${POD}/status`, { method: "PATCH", contentType: "application/merge-patch+json", body: { metadata: { labels: { x: "z" }, ownerReferences: [owner] }, spec: { activeDeadlineSeconds: 5 }, status: { phase: "Failed" } } });
    expect(sub.body).toMatchObject({ metadata: { labels: { x: "z" } }, status: { phase: "Failed" } });
    expect([(sub.body.metadata as Record<string, unknown>).ownerReferences, (sub.body.spec as Record<string, unknown>).activeDeadlineSeconds]).toEqual([main.body.metadata && (main.body.metadata as Record<string, unknown>).ownerReferences, undefined]);
  });

  it("bumps a Deployment's generation on spec changes only", async () => {
    f = await startKubeSim();
    const labelled = await api(f, DEPLOY, { method: "PATCH", contentType: "application/merge-patch+json", body: { metadata: { labels: { team: "ml" } } } });
    expect((labelled.body.metadata as { generation: number }).generation).toBe(1);
    const scaled = await api(f, DEPLOY, { method: "PATCH", contentType: "application/merge-patch+json", body: { spec: { replicas: 2 } } });
    expect((scaled.body.metadata as { generation: number }).generation).toBe(2);
  });

  it("answers Invalid with the CRD's rule text and a cause per field", async () => {
    f = await startKubeSim();
    const res = await api(f, SNAPS, { method: "POST", body: { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: { name: "Snap_1" }, spec: { source: {}, volumeSnapshotClassName: "" } } });
    const nameRule =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const causes = [
      { reason: "FieldValueInvalid", message: `Invalid value: "Snap_1": ${nameRule}`, field: "metadata.name" },
      { reason: "FieldValueInvalid", message: 'Invalid value: "object": exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set', field: "spec.source" },
      { reason: "FieldValueInvalid", message: 'Invalid value: "string": volumeSnapshotClassName must not be the empty string when set', field: "spec.volumeSnapshotClassName" },
    ];
    const message = `VolumeSnapshot.snapshot.storage.k8s.io "Snap_1" is invalid: [${causes.map((c) => `${c.field}: ${c.message}`).join(", ")}]`;
    expect(res.body).toEqual(status(422, "Invalid", message, { name: "Snap_1", group: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", causes }));
  });

  it("serves the snapshot group only while it is switched on", async () => {
    f = await startKubeSim();
    const groups = async () => ((await api(f, "/apis")).body.groups as { name: string }[]).map((g) => g.name);
    expect(await groups()).toContain("snapshot.storage.k8s.io");
    f.sim.setSnapshotApi(false);
    expect(await groups()).not.toContain("snapshot.storage.k8s.io");
    expect(await api(f, SNAPS)).toEqual({ status: 404, body: status(404, "NotFound", "the server could not find the requested resource", {}) });
    expect((await api(f, "/apis/snapshot.storage.k8s.io/v1")).status).toBe(404);
    const resources = ((await api(f, "/api/v1")).body.resources as { name: string; shortNames?: string[]; verbs: string[] }[]).find((r) => r.name === "pods");
    expect(resources).toMatchObject({ shortNames: ["po"], verbs: expect.arrayContaining(["get", "list", "watch", "create", "patch", "delete"]) as unknown });
  });

  it("denies per the forbid list with the authorizer's message, and SelfSubjectAccessReview agrees", async () => {
    f = await startKubeSim();
    f.sim.setForbidden([{ verb: "get", resource: "pods/log" }, { verb: "get", resource: "nodes" }]);
    const log = await api(f, `${POD}/log`);
    expect(log.body).toEqual(
      status(403, "Forbidden", `pods "ollama-5d8f7c9b4-x2k4q" is forbidden: User "${USER}" cannot get resource "pods/log" in API group "" in the namespace "ollama"`, { name: "ollama-5d8f7c9b4-x2k4q", kind: "pods" }),
    );
    expect((await api(f, "/api/v1/nodes/gpu-node-1")).body.message).toBe(`nodes "gpu-node-1" is forbidden: User "${USER}" cannot get resource "nodes" in API group "" at the cluster scope`);
    expect((await api(f, POD)).status).toBe(200);
    const review = (resourceAttributes: Record<string, string>) =>
      api(f, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", { method: "POST", body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes } } });
    const denied = await review({ verb: "get", resource: "pods", subresource: "log", namespace: "ollama" });
    expect(denied.status).toBe(201);
    expect(denied.body.status).toEqual({ allowed: false });
    expect((await review({ verb: "get", resource: "pods", namespace: "ollama" })).body.status).toMatchObject({ allowed: true });
  });

  it("rejects unknown field selectors and supports set-based label selectors", async () => {
    f = await startKubeSim();
    expect((await api(f, "/api/v1/namespaces/ollama/pods?fieldSelector=spec.foo%3Dbar")).body).toEqual(status(400, "BadRequest", "field label not supported: spec.foo"));
    const names = async (selector: string) => ((await api(f, `/api/v1/namespaces/ollama/pods?labelSelector=${encodeURIComponent(selector)}`)).body.items as { metadata: { name: string } }[]).map((p) => p.metadata.name);
    expect(await names("app.kubernetes.io/name in (ollama,other),!missing")).toEqual(["ollama-5d8f7c9b4-x2k4q"]);
    expect(await names("app.kubernetes.io/name notin (ollama)")).toEqual([]);
    expect(await names("pod-template-hash!=x")).toEqual(["ollama-5d8f7c9b4-x2k4q"]);
  });

  it("deleting a snapshot returns it terminating; the controller's finalizer removal then deletes it", async () => {
    f = await startKubeSim();
    const res = await api(f, `${SNAPS}/ollama-models-before-upgrade`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "VolumeSnapshot", metadata: { name: "ollama-models-before-upgrade", deletionTimestamp: expect.any(String) as unknown } });
    await until(() => f.sim.store.list("VolumeSnapshot").length === 0);
    expect(f.sim.store.list("VolumeSnapshotContent")).toEqual([]);
  });
});
