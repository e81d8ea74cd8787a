// Where the Kubernetes simulator disagreed with a real kube-apiserver (npm run cluster), now answering as the real one
// does; sim/README.md "Differences found against real servers" lists each one.
import { afterEach, describe, expect, it } from "vitest";
import { readFile, writeFile } from "node:fs/promises";
import { get as httpGet } from "node:http";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { FORBIDDEN_CASES } from "../support/forbidden-cases.ts";
import { checkEndpoints } from "../support/endpoints-cases.ts";
import { checkCascades, checkDeleteOptions, checkOwnerReferences } from "../support/garbage-collection-cases.ts";
import { checkInvalidQuantities } from "../support/invalid-quantity-cases.ts";
import { checkKubectlProtobufCreates } from "../support/kubectl-proto-cases.ts";
import { checkListsAndWatchesAtOldVersions } from "../support/list-rv-cases.ts";
import { checkNamespaceDeletion, checkNamespaceFinalize } from "../support/namespace-lifecycle-cases.ts";
import { checkNodeMetadata, checkNotReadyTaint, checkResourceFit } from "../support/node-lifecycle-cases.ts";
import { checkProgress } from "../support/progress-cases.ts";
import { checkProtobufObjects } from "../support/protobuf-objects.ts";
import { checkRollouts } from "../support/rollout-cases.ts";
import { checkScenarioManagedFields } from "../support/scenario-fields-cases.ts";
import { checkServiceAccounts } from "../support/serviceaccount-cases.ts";
import { checkWireNulls, type WireTarget } from "../support/wire-null-cases.ts";
import { loadScenario, objectsYaml } from "../../sim/scenario.ts";
import { api, startKubeSim, type KubeFixture } from "./kube-sim-fixture.ts";

let f: KubeFixture;

/** How the shared wire cases reach the simulator: JSON (a PATCH as a merge patch), protobuf POSTs and watches, answered as JSON. */
function wireTarget(fixture: KubeFixture): WireTarget {
  const request = async (method: string, path: string, contentType: string, body: string | Uint8Array<ArrayBuffer> | undefined, headers: Record<string, string> = {}) => {
    const res = await fetch(`${fixture.sim.url}${path}`, { method, headers: { "Content-Type": contentType, ...headers }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, warning: res.headers.get("warning") };
  };
  return {
    send: (method, path, body, headers) => request(method, path, method === "PATCH" ? "application/merge-patch+json" : "application/json", body === undefined ? undefined : JSON.stringify(body), headers),
    post: (path, protobuf) => request("POST", path, "application/vnd.kubernetes.protobuf", new Uint8Array(protobuf)),
    patch: (path, contentType, body) => request("PATCH", path, contentType, JSON.stringify(body)),
    sendText: (method, path, contentType, text) => request(method, path, contentType, text),
    watch: async (path) => {
      const res = await fetch(`${fixture.sim.url}${path}`);
      if (res.status !== 200) throw new Error(`watch ${path}: ${res.status} ${await res.text()}`);
      return (await res.text()).split("\n").filter(Boolean).map((line) => JSON.parse(line) as unknown);
    },
  };
}
afterEach(() => f.close());

describe("the simulator answers as kube-apiserver v1.34 does", () => {
  it("rejects a label selector the real lexer rejects", async () => {
    f = await startKubeSim();
    const triple = await api(f, `/api/v1/namespaces/ollama/pods?labelSelector=${encodeURIComponent("a===b")}`);
    expect(triple).toMatchObject({ status: 400, body: { reason: "BadRequest", message: "unable to parse requirement: found '=', expected: identifier" } });
    const words = await api(f, `/api/v1/namespaces/ollama/pods?labelSelector=${encodeURIComponent("a=b c")}`);
    expect(words).toMatchObject({ status: 400, body: { message: "found 'c', expected: ',' or 'end of string'" } });
    expect((await api(f, `/api/v1/namespaces/ollama/pods?labelSelector=${encodeURIComponent("a==b")}`)).status).toBe(200);
  });

  it("serves lists and watches at old revisions from its watch cache across a compaction, and only what etcd kept after a restart", async () => {
    f = await startKubeSim();
    const sim = f.sim;
    await checkListsAndWatchesAtOldVersions({
      // A new connection for each request (no pooled socket left over from before the restart).
      get: (path) =>
        new Promise((resolve, reject) => {
          httpGet(`${sim.url}${path}`, { agent: false }, (res) => {
            let text = "";
            res.setEncoding("utf8").on("data", (c: string) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          }).on("error", reject);
        }),
      async createConfigMap(namespace, name) {
        const res = await api(f, `/api/v1/namespaces/${namespace}/configmaps`, { method: "POST", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name } } });
        expect(res.status).toBe(201);
      },
      compact: () => Promise.resolve(void sim.store.compact()),
      async restart() {
        await sim.stop();
        await sim.start();
      },
    });
  });

  it("stores kubectl's protobuf creates as kube-apiserver does, with its defaults, allocations and admission", async () => {
    f = await startKubeSim();
    // The same cases and expectations as the real server's (tests/support/kubectl-proto-cases.ts).
    await checkKubectlProtobufCreates({ kubectl: (...args) => f.kubectl(...args), podsAllowed: () => Promise.resolve() });
    // kubectl's table of a Secret made that way (TYPE and DATA columns).
    expect((await f.kubectl("create", "secret", "generic", "listed", "-n", "ollama", "--from-literal=k=v")).code).toBe(0);
    expect((await f.kubectl("get", "secrets", "-n", "ollama")).stdout).toMatch(/^listed\s+Opaque\s+1\s/m);
  });

  it("rolls out a restart and an undo with one ReplicaSet per template and its revisions, as kube-controller-manager does", async () => {
    f = await startKubeSim();
    // The same cases and expectations as the real control plane's (tests/support/rollout-cases.ts).
    await checkRollouts((...args) => f.kubectl(...args), () => Promise.resolve());
  }, 120_000);

  it("reports a rollout's progress as kube-controller-manager does: its deadline, a crash after it, minReadySeconds, a proportional scale", async () => {
    f = await startKubeSim();
    // The same cases and expectations as the real control plane's (tests/support/progress-cases.ts); a crash is what
    // the kubelet would report, the pod's Ready condition False.
    const crash = (namespace: string, app: string) => {
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      const notReady = { status: "False", reason: "ContainersNotReady", message: "containers with unready status", lastTransitionTime: now };
      for (const pod of f.sim.store.list("Pod", namespace).filter((p) => p.metadata.labels?.app === app)) {
        f.sim.patch("Pod", namespace, pod.metadata.name, { status: { conditions: [{ type: "Ready", ...notReady }, { type: "ContainersReady", ...notReady }] } });
      }
      return Promise.resolve();
    };
    await checkProgress((...args) => f.kubectl(...args), () => Promise.resolve(), crash);
  }, 60_000);

  it("keeps a default ServiceAccount per namespace, admits Pods by it, issues tokens and tells who is calling, as kube-apiserver does", async () => {
    f = await startKubeSim();
    // The same cases as the real control plane's (tests/support/serviceaccount-cases.ts); the kubeconfig's user is the
    // console's account (sim/kube/rbac.ts), which the test cluster does not hold, so it has no uid.
    const postAs = async (token: string, path: string, body: unknown) => {
      const res = await fetch(`${f.sim.url}${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    await checkServiceAccounts((...args) => f.kubectl(...args), postAs, {
      username: "system:serviceaccount:ollama:ollama-ops",
      groups: ["system:serviceaccounts", "system:serviceaccounts:ollama", "system:authenticated"],
    });
  }, 60_000);

  it("stores a scenario's objects as if created through the API, so replacing them as written changes no generation", async () => {
    f = await startKubeSim();
    const deploy = await api(f, "/apis/apps/v1/namespaces/ollama/deployments/ollama");
    expect(deploy.body).toMatchObject({ metadata: { generation: 1 }, spec: { revisionHistoryLimit: 10, template: { spec: { schedulerName: "default-scheduler" } } } });
    // The scenario's own Deployment (without those defaults) sent back, with the revision annotation the controller added.
    const docs = parseAllDocuments(await readFile(new URL("../../sim/kube/testdata/cluster.yaml", import.meta.url), "utf8")).map((d) => d.toJS() as { kind?: string; metadata: Record<string, unknown> });
    const written = docs.find((d) => d.kind === "Deployment");
    const file = join(f.dir, "deploy.json");
    await writeFile(file, JSON.stringify({ ...written, metadata: { ...written?.metadata, annotations: { "deployment.kubernetes.io/revision": "1" } } }));
    expect((await f.kubectl("replace", "-f", file)).code).toBe(0);
    const after = await api(f, "/apis/apps/v1/namespaces/ollama/deployments/ollama");
    expect(after.body).toMatchObject({ metadata: { generation: 1 } });
    const pod = await api(f, "/api/v1/namespaces/ollama/pods");
    // A scenario Pod was admitted like a created one: the ServiceAccount token is mounted.
    expect(JSON.stringify(pod.body)).toContain("kube-api-access-");
  });

  it("loads a scenario that leaves its Namespace out: the namespace still gets its default account and admits the Pod", async () => {
    f = await startKubeSim();
    f.sim.load("apiVersion: v1\nkind: Pod\nmetadata: { name: lone, namespace: elsewhere }\nspec: { containers: [{ name: c, image: x }] }\n");
    const account = await api(f, "/api/v1/namespaces/elsewhere/serviceaccounts/default");
    expect(account.status).toBe(200);
    // The root-ca-cert-publisher's ConfigMap is there from the load on, as on a cluster the scenario was applied to.
    const ca = await api(f, "/api/v1/namespaces/elsewhere/configmaps/kube-root-ca.crt");
    expect([ca.status, Object.keys(ca.body.data as object)]).toEqual([200, ["ca.crt"]]);
    const pod = await api(f, "/api/v1/namespaces/elsewhere/pods/lone");
    const spec = pod.body.spec as { serviceAccountName?: string; volumes?: { name: string }[] };
    expect([spec.serviceAccountName, spec.volumes?.map((v) => v.name.replace(/-[a-z0-9]{5}$/, "-<random>"))]).toEqual(["default", ["kube-api-access-<random>"]]);
  });

  it("takes a protobuf update (PUT), as a typed client sends one", async () => {
    f = await startKubeSim();
    expect((await f.kubectl("create", "configmap", "put-me", "-n", "ollama", "--from-literal=a=b")).code).toBe(0);
    // Length-delimited fields (all shorter than 128 bytes): ConfigMap {1: metadata {1: name}, 2: data entry {1: key, 2: value}}.
    const field = (n: number, value: string | Buffer) => Buffer.concat([Buffer.from([(n << 3) | 2, Buffer.byteLength(value)]), Buffer.from(value)]);
    const configMap = Buffer.concat([field(1, field(1, "put-me")), field(2, Buffer.concat([field(1, "a"), field(2, "c")]))]);
    const body = Buffer.concat([Buffer.from("k8s\0", "latin1"), field(1, Buffer.concat([field(1, "v1"), field(2, "ConfigMap")])), field(2, configMap)]);
    const res = await fetch(`${f.sim.url}/api/v1/namespaces/ollama/configmaps/put-me`, { method: "PUT", headers: { "Content-Type": "application/vnd.kubernetes.protobuf" }, body });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ metadata: { name: "put-me" }, data: { a: "c" } });
  });

  it("stores protobuf Nodes, claims, Events, StorageClasses, Leases and EndpointSlices, and protobuf status writes, as kube-apiserver does", async () => {
    f = await startKubeSim();
    // The same cases and expectations as the real server's (tests/support/protobuf-objects.ts).
    const send = async (method: string, path: string, body?: Buffer) => {
      const res = await fetch(`${f.sim.url}${path}`, { method, headers: { "Content-Type": "application/vnd.kubernetes.protobuf", Accept: "application/json" }, body: body && new Uint8Array(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    await checkProtobufObjects({ post: (path, body) => send("POST", path, body), put: (path, body) => send("PUT", path, body), remove: async (path) => void (await send("DELETE", path)) }, "ollama");
  });

  it("refuses quantities kube-apiserver cannot read (400) or that are negative or above their limit (422)", async () => {
    f = await startKubeSim();
    // The same cases and Status bodies as the real server's (tests/support/invalid-quantity-cases.ts).
    await checkInvalidQuantities((path, body) => api(f, path, { method: "POST", body }), "ollama");
  });

  it("writes Go's null, {} and zeros for what a client left out, and cuts a long generateName, as kube-apiserver does", async () => {
    f = await startKubeSim();
    // The same cases and expectations as the real server's (tests/support/wire-null-cases.ts).
    await checkWireNulls(wireTarget(f), "ollama");
    // As long as the real tier's: a claim waits for the persistent volume controller's 15-s resync.
  }, 60_000);

  it("deletes a Namespace as kube-apiserver and its namespace controller do, and finalizes one on request", async () => {
    f = await startKubeSim();
    // The same cases and expectations as the real control plane's (tests/support/namespace-lifecycle-cases.ts).
    const target = wireTarget(f);
    // Side by side (each waits on the controller); both end before the test does, so a failure in one stops nothing mid-request.
    for (const result of await Promise.allSettled([checkNamespaceDeletion(target, "lifecycle"), checkNamespaceFinalize(target, "lifecycle")])) if (result.status === "rejected") throw result.reason;
    // The namespace controller waits 5 s after each change to a deleted Namespace, as the real one does.
  }, 90_000);

  it("reads a DELETE's options and collects garbage by owner references, as kube-apiserver and its garbage collector do", async () => {
    f = await startKubeSim();
    // The same cases and expectations as the real control plane's (tests/support/garbage-collection-cases.ts).
    const target = wireTarget(f);
    const cases = [checkDeleteOptions(target, "gc"), checkOwnerReferences(target, "gc"), checkCascades(target, "gc")];
    for (const result of await Promise.allSettled(cases)) if (result.status === "rejected") throw result.reason;
  }, 90_000);

  it("serves v1 Endpoints, deprecated, and keeps them as kube-controller-manager's endpoints controller does", async () => {
    f = await startKubeSim();
    // The same case and expectations as the real control plane's (tests/support/endpoints-cases.ts).
    await checkEndpoints(wireTarget(f), "ep");
  }, 60_000);

  it("annotates a new Node's TTL and mirrors its beta OS and arch labels, as the TTL and node lifecycle controllers do", async () => {
    f = await startKubeSim();
    // The same case and expectations as the real control plane's (tests/support/node-lifecycle-cases.ts).
    await checkNodeMetadata(wireTarget(f), "nm");
  }, 30_000);

  it("leaves a Pod that fits no node Unschedulable with the scheduler's counted reasons, as NodeResourcesFit does", async () => {
    f = await startKubeSim();
    // The homelab's nodes, as the real tier's `npm run cluster` loads them.
    f.sim.load(objectsYaml(loadScenario("homelab").objects));
    // The same case and expectations as the real control plane's (tests/support/node-lifecycle-cases.ts).
    await checkResourceFit(wireTarget(f), "fit");
  }, 30_000);

  it("loads a scenario's objects with the managedFields of the writes that made them on a real cluster", async () => {
    f = await startKubeSim();
    // The homelab, as `npm run sim` and the real tier's `npm run cluster` load it.
    f.sim.load(objectsYaml(loadScenario("homelab").objects));
    // The same case and expectations as the real control plane's (tests/support/scenario-fields-cases.ts).
    await checkScenarioManagedFields(async <T>(...args: string[]) => {
      const res = await f.kubectl(...args, "-o", "json");
      expect(res.code, res.stderr).toBe(0);
      return JSON.parse(res.stdout) as T;
    });
  });

  it("lifts a new Ready Node's not-ready taint as the node lifecycle controller does, and keeps a not Ready one's", async () => {
    f = await startKubeSim();
    // The same case as the real control plane's (tests/support/node-lifecycle-cases.ts).
    await checkNotReadyTaint((...args) => f.kubectl(...args));
  });

  it("answers 415 with the accepted media types to a protobuf body of a custom resource, as for any kind it has no codec for", async () => {
    f = await startKubeSim();
    const res = await fetch(`${f.sim.url}/apis/snapshot.storage.k8s.io/v1/namespaces/ollama/volumesnapshots`, {
      method: "POST",
      headers: { "Content-Type": "application/vnd.kubernetes.protobuf" },
      body: Buffer.from("k8s\0\n\x2c\n\x1asnapshot.storage.k8s.io/v1\x12\x0eVolumeSnapshot", "latin1"),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({
      reason: "UnsupportedMediaType",
      message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (the simulator cannot decode a protobuf VolumeSnapshot; send it as JSON)",
    });
  });

  it.each(FORBIDDEN_CASES)("forbids as the real server does: $what", async (c) => {
    f = await startKubeSim();
    f.sim.setForbidden([c.rule]);
    const res = await fetch(`${f.sim.url}${c.path}`, {
      method: c.method,
      headers: { "Content-Type": c.contentType ?? "application/json" },
      ...(c.body !== undefined ? { body: JSON.stringify(c.body) } : {}),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: c.message, reason: "Forbidden", details: c.details, code: 403 });
  });

  it("requires a PVC's access modes and storage request", async () => {
    f = await startKubeSim();
    const res = await api(f, "/api/v1/namespaces/ollama/persistentvolumeclaims", { method: "POST", body: { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "empty" }, spec: {} } });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'PersistentVolumeClaim "empty" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]',
    );
  });

  it("pages a list with limit and continue, with remainingItemCount", async () => {
    f = await startKubeSim();
    for (const name of ["a", "b", "c"]) {
      await api(f, "/api/v1/namespaces/ollama/configmaps", { method: "POST", body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `page-${name}` } } });
    }
    const all = ((await api(f, "/api/v1/namespaces/ollama/configmaps")).body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name);
    const first = await api(f, "/api/v1/namespaces/ollama/configmaps?limit=2");
    const meta = first.body.metadata as { continue?: string; remainingItemCount?: number };
    expect((first.body.items as unknown[]).length).toBe(2);
    expect(meta.remainingItemCount).toBe(all.length - 2);
    const next = await api(f, `/api/v1/namespaces/ollama/configmaps?limit=100&continue=${meta.continue ?? ""}`);
    const names = [...(first.body.items as { metadata: { name: string } }[]), ...(next.body.items as { metadata: { name: string } }[])].map((i) => i.metadata.name);
    expect(names).toEqual(all);
    expect((next.body.metadata as { continue?: string }).continue).toBeUndefined();
    expect((await api(f, "/api/v1/namespaces/ollama/configmaps?continue=garbage")).status).toBe(400);
  });
});
