// The homelab scenario's objects carry the managedFields of the writes that made them, as on the real control plane
// after `npm run cluster`: what people create is `unknown`'s (a client naming no user agent), kube-controller-manager
// owns what it makes (a ReplicaSet's Pod, `kube-root-ca.crt`), a claim's binding and the workloads' statuses, the
// kubelet (KWOK's client, `kwok`) a Pod's status, snapshot-controller a snapshot's finalizers and status; what admission
// or a strategy adds (a claim's protection finalizer, a Namespace's) is nobody's; entries come oldest first. And what
// kube-apiserver makes as it starts (its namespaces, the `kubernetes` Service) is there, as kube-apiserver's.
// Expectations read from the real control plane (kube-apiserver v1.34.4) first. The real tier shares its cluster with
// suites that write to these objects (a console's rollout, a pod's OOM kill), so only the scenario's own entries are
// checked, and exactly only where nothing else writes. Runs on the real control plane (tests/real/kube-cluster.test.ts)
// and the simulator (tests/integration/kube-sim-fidelity.test.ts).
import { expect } from "vitest";
import type { Entry } from "./managed-fields-cases.ts";

type Obj = Record<string, unknown>;

export type KubectlJson = <T>(...args: string[]) => Promise<T>;

const leaf = {};
const keyed = (fields: Obj) => ({ ".": leaf, ...fields });
const set = (...values: string[]) => keyed(Object.fromEntries(values.map((v) => [`v:${JSON.stringify(v)}`, leaf])));

/** `manager[/subresource] operation`, per entry, in order. */
const who = (entries: Entry[]) => entries.map((e) => `${e.manager}${e.subresource ? `/${e.subresource}` : ""} ${e.operation}`);

function entry(entries: Entry[], manager: string, subresource?: string): Entry {
  const found = entries.find((e) => e.manager === manager && e.subresource === subresource && e.operation === "Update");
  expect(found, `${manager}${subresource ? `/${subresource}` : ""} in ${JSON.stringify(who(entries))}`).toBeDefined();
  return found as Entry;
}

/** The entries of these managers, in the object's order, which sorts by time. */
function inOrder(entries: Entry[], ...names: string[]): string[] {
  for (const e of entries) expect(typeof e.time, `${e.manager}'s time`).toBe("string");
  return who(entries).filter((w) => names.includes(w));
}

export async function checkScenarioManagedFields(json: KubectlJson): Promise<void> {
  const get = async (...args: string[]) => ((await json<{ metadata: { managedFields?: Entry[] } }>("get", ...args, "--show-managed-fields")).metadata.managedFields ?? []);

  const namespace = await get("namespace", "ollama");
  // Its label is the creator's; the `kubernetes` finalizer in spec is the strategy's, nobody's.
  expect(entry(namespace, "unknown").fieldsV1).toEqual({ "f:metadata": { "f:labels": keyed({ "f:kubernetes.io/metadata.name": leaf }) } });

  const claim = await get("pvc", "ollama-models", "-n", "ollama");
  expect(inOrder(claim, "unknown Update", "kube-controller-manager Update", "kube-controller-manager/status Update")).toEqual(["unknown Update", "kube-controller-manager Update", "kube-controller-manager/status Update"]);
  // The protection finalizer admission added is nobody's.
  expect(entry(claim, "unknown").fieldsV1).toMatchObject({ "f:spec": { "f:accessModes": leaf, "f:storageClassName": leaf, "f:volumeMode": leaf } });
  expect(entry(claim, "unknown").fieldsV1).not.toHaveProperty("f:metadata");
  expect(entry(claim, "kube-controller-manager").fieldsV1).toEqual({
    "f:metadata": {
      "f:annotations": keyed({
        "f:pv.kubernetes.io/bind-completed": leaf,
        "f:pv.kubernetes.io/bound-by-controller": leaf,
        "f:volume.beta.kubernetes.io/storage-provisioner": leaf,
        "f:volume.kubernetes.io/storage-provisioner": leaf,
      }),
    },
    "f:spec": { "f:volumeName": leaf },
  });
  expect(entry(claim, "kube-controller-manager", "status").fieldsV1).toMatchObject({ "f:status": { "f:phase": leaf, "f:capacity": keyed({ "f:storage": leaf }) } });

  const deployment = await get("deployment", "ollama", "-n", "ollama");
  const created = entry(deployment, "unknown").fieldsV1 as { "f:metadata": { "f:annotations": Obj }; "f:spec": { "f:template": { "f:metadata": Obj } } };
  expect(Object.keys(created["f:metadata"]["f:annotations"]).filter((k) => !k.startsWith("f:ollama-ops.dev/"))).toEqual(["."]);
  // No pod-template-hash: that label is the ReplicaSet's template's, never the Deployment's.
  expect(created["f:spec"]["f:template"]["f:metadata"]).toEqual({ "f:labels": keyed({ "f:app.kubernetes.io/name": leaf }) });
  // The revision annotation comes with the controller's status write.
  expect(entry(deployment, "kube-controller-manager", "status").fieldsV1).toMatchObject({
    "f:metadata": { "f:annotations": { "f:deployment.kubernetes.io/revision": leaf } },
    "f:status": { "f:conditions": { "k:{\"type\":\"Available\"}": { "f:reason": leaf }, "k:{\"type\":\"Progressing\"}": { "f:reason": leaf } }, "f:observedGeneration": leaf },
  });
  expect(inOrder(deployment, "unknown Update", "kube-controller-manager/status Update")).toEqual(["unknown Update", "kube-controller-manager/status Update"]);

  type Container = { volumeMounts?: unknown; resources?: { limits?: unknown } } & Obj;
  const pods = await json<{ items: { metadata: { name: string; managedFields?: Entry[] }; spec: { containers: Container[] } }[] }>("get", "pods", "-n", "ollama", "-l", "app.kubernetes.io/name=ollama", "--show-managed-fields");
  const template = await json<{ spec: { template: { spec: { containers: Container[] } } } }>("get", "deployment", "ollama", "-n", "ollama");
  expect(pods.items.length).toBeGreaterThan(0);
  for (const pod of pods.items) {
    // The ReplicaSet controller copies the template: every container as the Deployment has it, defaults and all, but
    // what the Pod's own defaults (requests from limits) and admission (the token's volume mount) add.
    const copied = template.spec.template.spec.containers.map(({ volumeMounts: _m, resources, ...rest }) => ({ ...rest, resources: resources?.limits ? { limits: resources.limits } : {} }));
    expect(pod.spec.containers, pod.metadata.name).toMatchObject(copied);
    const fields = pod.metadata.managedFields ?? [];
    // Made by the ReplicaSet controller, nobody else's spec; the kubelet reports its status.
    expect(who(fields).filter((w) => !w.includes("/")), pod.metadata.name).toEqual(["kube-controller-manager Update"]);
    expect(entry(fields, "kube-controller-manager").fieldsV1).toMatchObject({
      "f:metadata": { "f:generateName": leaf, "f:labels": { "f:pod-template-hash": leaf }, "f:ownerReferences": { ".": leaf } },
      "f:spec": {
        "f:containers": { 'k:{"name":"ollama"}': { "f:image": leaf, "f:env": leaf, "f:resources": leaf, "f:readinessProbe": leaf }, 'k:{"name":"cache-agent"}': { "f:command": leaf } },
        "f:volumes": { 'k:{"name":"models"}': { "f:persistentVolumeClaim": leaf } },
      },
    });
    expect(entry(fields, "kube-controller-manager").fieldsV1).not.toHaveProperty(["f:spec", "f:nodeName"]);
    expect(entry(fields, "kwok", "status").fieldsV1).toMatchObject({ "f:status": { "f:phase": leaf, "f:containerStatuses": leaf, "f:podIP": leaf, "f:startTime": leaf } });
  }

  const rootCa = await get("configmap", "kube-root-ca.crt", "-n", "ollama");
  expect(rootCa.map((e) => [e.manager, e.operation, e.subresource])).toEqual([["kube-controller-manager", "Update", undefined]]);
  expect(rootCa[0]?.fieldsV1).toEqual({ "f:data": keyed({ "f:ca.crt": leaf }), "f:metadata": { "f:annotations": keyed({ "f:kubernetes.io/description": leaf }) } });
  // The controller's `default` account has no field of its own: no entry.
  expect(await get("serviceaccount", "default", "-n", "ollama")).toEqual([]);

  // What kube-apiserver makes as it starts: its namespaces (each with the controllers' account and CA bundle) and the
  // `kubernetes` Service, the first IP of the service range.
  for (const name of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
    const system = await get("namespace", name);
    expect(system.map((e) => [e.manager, e.operation, e.subresource]), name).toEqual([["kube-apiserver", "Update", undefined]]);
    expect(system[0]?.fieldsV1).toEqual({ "f:metadata": { "f:labels": keyed({ "f:kubernetes.io/metadata.name": leaf }) } });
    expect(await get("serviceaccount", "default", "-n", name)).toEqual([]);
    expect((await get("configmap", "kube-root-ca.crt", "-n", name)).map((e) => e.manager)).toEqual(["kube-controller-manager"]);
  }
  const apiService = await json<{ metadata: { labels: Record<string, string>; managedFields: Entry[] }; spec: { clusterIP: string; ports: { targetPort: unknown }[] } }>("get", "service", "kubernetes", "-n", "default", "--show-managed-fields");
  expect([apiService.metadata.labels, apiService.spec.clusterIP, apiService.spec.ports.length, typeof apiService.spec.ports[0]?.targetPort]).toEqual([{ component: "apiserver", provider: "kubernetes" }, "10.43.0.1", 1, "number"]);
  expect(apiService.spec).toMatchObject({ type: "ClusterIP", clusterIPs: ["10.43.0.1"], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", sessionAffinity: "None", internalTrafficPolicy: "Cluster", ports: [{ name: "https", port: 443, protocol: "TCP" }] });
  expect(apiService.metadata.managedFields.map((e) => [e.manager, e.operation, e.subresource])).toEqual([["kube-apiserver", "Update", undefined]]);
  expect(apiService.metadata.managedFields[0]?.fieldsV1).toEqual({
    "f:metadata": { "f:labels": keyed({ "f:component": leaf, "f:provider": leaf }) },
    "f:spec": {
      "f:clusterIP": leaf,
      "f:internalTrafficPolicy": leaf,
      "f:ipFamilyPolicy": leaf,
      "f:ports": keyed({ 'k:{"port":443,"protocol":"TCP"}': keyed({ "f:name": leaf, "f:port": leaf, "f:protocol": leaf, "f:targetPort": leaf }) }),
      "f:sessionAffinity": leaf,
      "f:type": leaf,
    },
  });

  // kube-apiserver's legacy token tracking; kube-controller-manager's accounts, one per controller, with no fields.
  const tracking = await json<{ data: Obj; metadata: { managedFields: Entry[] } }>("get", "configmap", "kube-apiserver-legacy-service-account-token-tracking", "-n", "kube-system", "--show-managed-fields");
  expect(tracking.data).toEqual({ since: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) as unknown });
  expect(tracking.metadata.managedFields.map((e) => [e.manager, e.fieldsV1])).toEqual([["kube-apiserver", { "f:data": keyed({ "f:since": leaf }) }]]);
  const accounts = await json<{ items: { metadata: { name: string; managedFields?: Entry[] } }[] }>("get", "serviceaccounts", "-n", "kube-system", "--show-managed-fields");
  expect(accounts.items.length).toBeGreaterThan(30);
  expect(accounts.items.filter((a) => a.metadata.name.endsWith("-controller")).length).toBeGreaterThan(20);
  expect(accounts.items.flatMap((a) => a.metadata.managedFields ?? [])).toEqual([]);

  // The heartbeats: each Node's Lease, renewed by its kubelet (KWOK) and owned by the Node; kube-apiserver's identity.
  type Lease = { metadata: { name: string; labels?: Obj; ownerReferences?: Obj[]; managedFields: Entry[] }; spec: { holderIdentity: string; leaseDurationSeconds: number; renewTime: string } };
  const nodes = await json<{ items: { metadata: { name: string; uid: string } }[] }>("get", "nodes");
  const nodeLeases = await json<{ items: Lease[] }>("get", "leases", "-n", "kube-node-lease", "--show-managed-fields");
  expect(nodeLeases.items.map((l) => l.metadata.name).sort()).toEqual(nodes.items.map((n) => n.metadata.name).sort());
  for (const lease of nodeLeases.items) {
    const node = nodes.items.find((n) => n.metadata.name === lease.metadata.name);
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Node", name: node?.metadata.name, uid: node?.metadata.uid }]);
    expect(lease.spec).toEqual({ holderIdentity: expect.stringMatching(/^.+_[0-9a-f-]{36}$/) as unknown, leaseDurationSeconds: 40, renewTime: expect.stringMatching(/\.\d{6}Z$/) as unknown });
    expect(Date.now() - Date.parse(lease.spec.renewTime)).toBeLessThan(40_000);
    expect(lease.metadata.managedFields.map((e) => [e.manager, e.operation, e.fieldsV1])).toEqual([
      ["kwok", "Update", { "f:metadata": { "f:ownerReferences": keyed({ [`k:{"uid":"${node?.metadata.uid}"}`]: leaf }) }, "f:spec": { "f:holderIdentity": leaf, "f:leaseDurationSeconds": leaf, "f:renewTime": leaf } }],
    ]);
  }
  const identities = await json<{ items: Lease[] }>("get", "leases", "-n", "kube-system", "-l", "apiserver.kubernetes.io/identity=kube-apiserver", "--show-managed-fields");
  expect(identities.items.map((l) => [l.metadata.name, l.metadata.labels, l.spec.leaseDurationSeconds])).toEqual([
    [expect.stringMatching(/^apiserver-[a-z2-7]{26}$/), { "apiserver.kubernetes.io/identity": "kube-apiserver", "kubernetes.io/hostname": expect.any(String) as unknown }, 3600],
  ]);
  expect(identities.items[0]?.spec.holderIdentity).toMatch(new RegExp(`^${identities.items[0]?.metadata.name}_[0-9a-f-]{36}$`));
  expect(identities.items[0]?.metadata.managedFields.map((e) => [e.manager, e.fieldsV1])).toEqual([
    ["kube-apiserver", { "f:metadata": { "f:labels": keyed({ "f:apiserver.kubernetes.io/identity": leaf, "f:kubernetes.io/hostname": leaf }) }, "f:spec": { "f:holderIdentity": leaf, "f:leaseDurationSeconds": leaf, "f:renewTime": leaf } }],
  ]);

  for (const name of ["ollama-models-20261119-0300", "ollama-models-20261125-0300", "ollama-models-20261126-0300"]) {
    const snapshot = await get("volumesnapshot", name, "-n", "ollama");
    expect(inOrder(snapshot, "unknown Update", "snapshot-controller Update", "snapshot-controller/status Update"), name).toEqual(["unknown Update", "snapshot-controller Update", "snapshot-controller/status Update"]);
    expect(entry(snapshot, "unknown").fieldsV1).toEqual({
      "f:metadata": { "f:annotations": keyed({ "f:ollama-ops.dev/created-by": leaf }) },
      "f:spec": keyed({ "f:source": keyed({ "f:persistentVolumeClaimName": leaf }), "f:volumeSnapshotClassName": leaf }),
    });
    expect(entry(snapshot, "snapshot-controller").fieldsV1).toEqual({
      "f:metadata": { "f:finalizers": set("snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection", "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection") },
    });
    expect(entry(snapshot, "snapshot-controller", "status").fieldsV1).toEqual({
      "f:status": keyed({ "f:boundVolumeSnapshotContentName": leaf, "f:creationTime": leaf, "f:readyToUse": leaf, "f:restoreSize": leaf }),
    });
  }
}
