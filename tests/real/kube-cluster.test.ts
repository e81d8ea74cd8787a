// The real cluster has the homelab the way a real cluster has it: the Deployment's ReplicaSet and Pod made by the real
// controllers, the Pod placed by the real scheduler on a KWOK node, the cache PVC bound by the real PV binder, the
// Service's EndpointSlice written by the real EndpointSlice controller; and its faults are real: a stopped
// kube-apiserver refuses connections, an etcd compaction answers an old resourceVersion with 410 Gone, a restart
// starts the watch cache again (tests/support/list-rv-cases.ts, shared with the simulator).
import { describe, expect, it, vi } from "vitest";
import { kubeCall, kubeText } from "../../tools/realstack/kubeapi.ts";
import { checkListsAndWatchesAtOldVersions } from "../support/list-rv-cases.ts";
import { checkScenarioManagedFields } from "../support/scenario-fields-cases.ts";
import { realConnection } from "./support/conn.ts";
import { realKubectl } from "./support/kubectl.ts";

const { kubectl, json, control } = realKubectl();
const post = async (path: string, body: unknown = {}) => {
  const res = await fetch(`${control()}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Record<string, unknown>;
};

interface Meta {
  name: string;
  uid: string;
  ownerReferences?: { kind: string; name: string; uid: string }[];
  annotations?: Record<string, string>;
}

describe("the homelab on a real control plane", () => {
  it("runs a Pod the real ReplicaSet controller created and the real scheduler placed on a KWOK node", async () => {
    const wide = await kubectl("get", "pods", "-n", "ollama", "-o", "wide");
    expect(wide.stdout).toMatch(/ollama-[a-z0-9]+-[a-z0-9]{5}\s+2\/2\s+Running\s+0\s+\S+\s+10\.42\.\S+\s+gpu-node-1/);
    const deploy = await json<{ metadata: Meta }>("get", "deployment", "ollama", "-n", "ollama");
    const rs = await json<{ items: { metadata: Meta }[] }>("get", "replicasets", "-n", "ollama", "-l", "app.kubernetes.io/name=ollama");
    const owned = rs.items.find((r) => r.metadata.ownerReferences?.some((o) => o.kind === "Deployment" && o.uid === deploy.metadata.uid));
    expect(owned, "a ReplicaSet owned by the Deployment").toBeDefined();
    const pods = await json<{ items: { metadata: Meta; spec: { nodeName: string } }[] }>("get", "pods", "-n", "ollama", "-l", "app.kubernetes.io/name=ollama");
    expect(pods.items[0]?.metadata.ownerReferences?.[0]).toMatchObject({ kind: "ReplicaSet", uid: owned?.metadata.uid });
    const node = await json<{ metadata: Meta; status: { allocatable: Record<string, string> } }>("get", "node", pods.items[0]?.spec.nodeName ?? "");
    expect(node.metadata.annotations?.["kwok.x-k8s.io/node"]).toBe("fake");
    expect(node.status.allocatable["nvidia.com/gpu"]).toBe("1");
    const events = await kubectl("get", "events", "-n", "ollama", "--field-selector", `involvedObject.name=${pods.items[0]?.metadata.name}`);
    expect(events.stdout).toMatch(/Scheduled\s+pod\/\S+\s+Successfully assigned ollama\/\S+ to gpu-node-1/);
  });

  it("keeps the managedFields of the writes that made the scenario's objects, as the simulator loads them", async () => {
    // The same case and expectations as the simulator's (tests/support/scenario-fields-cases.ts).
    await checkScenarioManagedFields(json);
  });

  it("binds the cache PVC to its static PV with the real binder, and lists the ready pod in the EndpointSlice", async () => {
    const pvc = await json<{ metadata: Meta; spec: { volumeName: string }; status: { phase: string; capacity: Record<string, string> } }>("get", "pvc", "ollama-models", "-n", "ollama");
    expect(pvc.status).toMatchObject({ phase: "Bound", capacity: { storage: "100Gi" } });
    expect(pvc.metadata.annotations?.["pv.kubernetes.io/bind-completed"]).toBe("yes");
    // The real EndpointSlice controller follows readiness on its own schedule (a suite before this one may just have
    // replaced the pod), so the slice is read until it settles.
    await vi.waitFor(
      async () => {
        const slices = await json<{ items: { metadata: { labels: Record<string, string> }; endpoints: { conditions: { ready: boolean } }[] }[] }>("get", "endpointslices", "-n", "ollama", "-l", "kubernetes.io/service-name=ollama");
        expect(slices.items[0]?.metadata.labels["endpointslice.kubernetes.io/managed-by"]).toBe("endpointslice-controller.k8s.io");
        expect(slices.items[0]?.endpoints.map((e) => e.conditions.ready)).toEqual([true]);
      },
      { timeout: 20_000, interval: 250 },
    );
  });

  it("serves lists and watches at old revisions from its watch cache across a compaction, and only what etcd kept after a restart", async () => {
    // The same scenario and assertions as the simulator's (tests/support/list-rv-cases.ts).
    const conn = realConnection();
    await checkListsAndWatchesAtOldVersions({
      get: (path) => kubeText(conn, "GET", path),
      async createConfigMap(namespace, name) {
        await kubeCall(conn, "POST", `/api/v1/namespaces/${namespace}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name } });
      },
      async compact() {
        await post("/etcd/compact");
      },
      async restart() {
        await post("/apiserver/stop");
        await post("/apiserver/start");
      },
    });
  }, 120_000);
});
