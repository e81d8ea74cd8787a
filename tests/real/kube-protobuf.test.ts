// kubectl's protobuf creates on the real kube-apiserver v1.34, read back with kubectl: the same cases and expectations
// as the simulator's (tests/support/kubectl-proto-cases.ts), and the protobuf creates of the kinds no kubectl command
// sends that way (tests/support/protobuf-objects.ts).
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { beforeAll, describe, expect, inject, it, vi } from "vitest";
import { parse } from "yaml";
import { checkEndpoints } from "../support/endpoints-cases.ts";
import { checkCascades, checkDeleteOptions, checkOwnerReferences } from "../support/garbage-collection-cases.ts";
import { checkInvalidQuantities } from "../support/invalid-quantity-cases.ts";
import { checkKubectlProtobufCreates } from "../support/kubectl-proto-cases.ts";
import { checkNamespaceDeletion, checkNamespaceFinalize } from "../support/namespace-lifecycle-cases.ts";
import { checkNodeMetadata, checkNotReadyTaint, checkResourceFit } from "../support/node-lifecycle-cases.ts";
import { checkProgress } from "../support/progress-cases.ts";
import { checkProtobufObjects } from "../support/protobuf-objects.ts";
import { checkRollouts } from "../support/rollout-cases.ts";
import { checkServiceAccounts } from "../support/serviceaccount-cases.ts";
import { checkWireNulls, type WireTarget } from "../support/wire-null-cases.ts";
import { realKubectl } from "./support/kubectl.ts";

const { kubectl } = realKubectl();

/** One request to the real API server with the kubeconfig's CA and token, answered as JSON (and its Warning headers). */
async function call(method: string, path: string, body?: Buffer, contentType = "application/vnd.kubernetes.protobuf", token?: string, extra: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; warning?: string }> {
  const res = await callText(method, path, body, contentType, token, extra);
  return { status: res.status, body: JSON.parse(res.text || "{}") as Record<string, unknown>, warning: res.warning };
}

/** A watch read to its end (the path's timeoutSeconds): its events. */
async function watchEvents(path: string): Promise<unknown[]> {
  const res = await callText("GET", path);
  if (res.status !== 200) throw new Error(`watch ${path}: ${res.status} ${res.text}`);
  return res.text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as unknown);
}

function callText(method: string, path: string, body?: Buffer, contentType = "application/vnd.kubernetes.protobuf", token?: string, extra: Record<string, string> = {}): Promise<{ status: number; text: string; warning?: string }> {
  const config = parse(readFileSync(inject("realCluster").kubeconfig, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]?.cluster;
  const url = new URL(path, cluster?.server);
  const headers: Record<string, string> = { Authorization: `Bearer ${token ?? config.users[0]?.user.token ?? ""}`, Accept: "application/json", ...extra };
  // With its length: Node does not chunk a DELETE's body, which would then not reach the server.
  if (body) Object.assign(headers, { "Content-Type": contentType, "Content-Length": String(body.length) });
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: Buffer.from(cluster?.["certificate-authority-data"] ?? "", "base64") }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, warning: res.headers.warning }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** How the shared wire cases reach the real server: JSON (a PATCH as a merge patch), protobuf POSTs and watches. */
const wireTarget: WireTarget = {
  send: (method, path, body, headers) => call(method, path, body === undefined ? undefined : Buffer.from(JSON.stringify(body)), method === "PATCH" ? "application/merge-patch+json" : "application/json", undefined, headers),
  post: (path, protobuf) => call("POST", path, protobuf),
  patch: (path, contentType, body) => call("PATCH", path, Buffer.from(JSON.stringify(body)), contentType),
  sendText: (method, path, contentType, text) => call(method, path, Buffer.from(text), contentType),
  watch: watchEvents,
};

describe("kubectl's protobuf creates on a real control plane", () => {
  // The cases read what the controllers made (revisions, ReplicaSets, pods): after an earlier suite restarted the
  // kube-apiserver, they act only once their informers have reconnected.
  beforeAll(async () => {
    const res = await fetch(`${inject("realCluster").control}/controllers/settle`, { method: "POST" });
    if (!res.ok) throw new Error(`/controllers/settle answered ${res.status}: ${await res.text()}`);
  }, 150_000);

  it("stores each as the shared cases expect, with the server's defaults, allocations and admission", async () => {
    await checkKubectlProtobufCreates({
      kubectl,
      async podsAllowed(namespace) {
        await vi.waitFor(async () => expect((await kubectl("get", "serviceaccount", "default", "-n", namespace)).code).toBe(0), { timeout: 20_000, interval: 200 });
      },
    });
  }, 180_000);

  it("stores protobuf Nodes, claims, Events, StorageClasses, Leases and EndpointSlices, and protobuf status writes, as the shared cases expect", async () => {
    const ns = `pb-objects-${Date.now().toString(36)}`;
    expect((await kubectl("create", "namespace", ns)).code).toBe(0);
    try {
      await checkProtobufObjects({ post: (path, body) => call("POST", path, body), put: (path, body) => call("PUT", path, body), remove: async (path) => void (await call("DELETE", path)) }, ns);
    } finally {
      await kubectl("delete", "namespace", ns, "--wait=false");
    }
  }, 60_000);

  it("refuses quantities it cannot read (400) or that are negative or above their limit (422)", async () => {
    await checkInvalidQuantities((path, body) => call("POST", path, Buffer.from(JSON.stringify(body)), "application/json"), "default");
  });

  it("rolls out a restart and an undo with one ReplicaSet per template and its revisions", async () => {
    await checkRollouts(kubectl, async (namespace) => {
      await vi.waitFor(async () => expect((await kubectl("get", "serviceaccount", "default", "-n", namespace)).code).toBe(0), { timeout: 20_000, interval: 200 });
    });
  }, 180_000);

  it("reports a rollout's progress: its deadline, a crash after it, minReadySeconds, a proportional scale", async () => {
    // A crash is the kubelet's report of an OOM kill (CrashLoopBackOff, not ready), written by the control API.
    const crash = async (namespace: string, app: string) => {
      const res = await fetch(`${inject("realCluster").control}/pods/oom`, { method: "POST", body: JSON.stringify({ namespace, labelSelector: `app=${app}`, container: "c" }) });
      expect(res.status, await res.text()).toBe(200);
    };
    await checkProgress(
      kubectl,
      async (namespace) => {
        await vi.waitFor(async () => expect((await kubectl("get", "serviceaccount", "default", "-n", namespace)).code).toBe(0), { timeout: 20_000, interval: 200 });
      },
      crash,
    );
  }, 60_000);

  it("keeps a default ServiceAccount per namespace, admits Pods by it, issues tokens and tells who is calling", async () => {
    // The kubeconfig's user is the admin of the token file `npm run cluster` gives kube-apiserver.
    const postAs = (token: string, path: string, body: unknown) => call("POST", path, Buffer.from(JSON.stringify(body)), "application/json", token);
    await checkServiceAccounts(kubectl, postAs, { username: "ollama-ops-admin", uid: "ollama-ops-admin", groups: ["system:masters", "system:authenticated"] });
  }, 60_000);

  it("writes Go's null, {} and zeros for what a client left out, and cuts a long generateName", async () => {
    const ns = `wire-nulls-${Date.now().toString(36)}`;
    expect((await kubectl("create", "namespace", ns)).code).toBe(0);
    try {
      await vi.waitFor(async () => expect((await kubectl("get", "serviceaccount", "default", "-n", ns)).code).toBe(0), { timeout: 20_000, interval: 200 });
      await checkWireNulls(wireTarget, ns);
    } finally {
      await kubectl("delete", "namespace", ns, "--wait=false");
    }
  }, 60_000);

  it("deletes a Namespace (NamespaceLifecycle, the namespace controller) and finalizes one on request", async () => {
    const base = `lifecycle-${Date.now().toString(36)}`;
    // Side by side (each waits on the controller); both end before the test does, so a failure in one stops nothing mid-request.
    for (const result of await Promise.allSettled([checkNamespaceDeletion(wireTarget, base), checkNamespaceFinalize(wireTarget, base)])) if (result.status === "rejected") throw result.reason;
  }, 90_000);

  it("reads a DELETE's options and collects garbage by owner references (kube-apiserver, the garbage collector)", async () => {
    const base = `gc-${Date.now().toString(36)}`;
    const cases = [checkDeleteOptions(wireTarget, base), checkOwnerReferences(wireTarget, base), checkCascades(wireTarget, base)];
    for (const result of await Promise.allSettled(cases)) if (result.status === "rejected") throw result.reason;
  }, 90_000);

  it("serves v1 Endpoints, deprecated, and keeps them by its endpoints controller", async () => {
    await checkEndpoints(wireTarget, `ep-${Date.now().toString(36)}`);
  }, 60_000);

  it("annotates a new Node's TTL and mirrors its beta OS and arch labels (TTL and node lifecycle controllers)", async () => {
    await checkNodeMetadata(wireTarget, `nm-${Date.now().toString(36)}`);
  }, 30_000);

  it("leaves a Pod that fits no node Unschedulable with the scheduler's counted reasons (NodeResourcesFit)", async () => {
    await checkResourceFit(wireTarget, `fit-${Date.now().toString(36)}`);
  }, 30_000);

  it("lifts a new Ready Node's not-ready taint (node lifecycle controller) and keeps a not Ready one's", async () => {
    await checkNotReadyTaint(kubectl);
  }, 30_000);
});
