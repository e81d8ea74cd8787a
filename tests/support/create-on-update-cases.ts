// An update of an object that is not there, as kube-apiserver v1.34 answers it (genericregistry.Store.Update), found
// against a real one: a kind whose strategy allows create-on-update (Lease, Service, Event) is created (201) as sent,
// its resourceVersion ignored, a uid it names failing the storage's precondition (409); any other kind is 404. A
// Service created through its status subresource (a PUT or a server-side apply there) skips the allocation hooks, so
// it has no cluster IP, and loses the status it was sent, which its managedFields entry still names.
// tests/real/kube-protobuf.test.ts and tests/integration/kube-sim-fidelity.test.ts run it through checkWireNulls.
import { expect } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
type Entry = { manager: string; operation: string; fieldsV1?: unknown; subresource?: string };

const entries = (body: Obj) => ((body.metadata as Obj).managedFields as Entry[] | undefined)?.map(({ manager, operation, fieldsV1, subresource }) => ({ manager, operation, fieldsV1, subresource }));

export async function checkCreateOnUpdate(target: WireTarget, ns: string): Promise<void> {
  const leases = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;
  const lease = (name: string, meta: Obj = {}) => ({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, ...meta }, spec: { holderIdentity: "me" } });
  const made = await target.send("PUT", `${leases}/cou-lease?fieldManager=leader`, lease("cou-lease", { resourceVersion: "12345" }));
  expect([made.status, made.body.spec, entries(made.body)]).toEqual([201, { holderIdentity: "me" }, [{ manager: "leader", operation: "Update", fieldsV1: { "f:spec": { "f:holderIdentity": {} } }, subresource: undefined }]]);
  expect((made.body.metadata as Obj).resourceVersion).not.toBe("12345");
  expect((await target.send("GET", `${leases}/cou-lease`)).status).toBe(200);

  const uid = await target.send("PUT", `${leases}/cou-uid?dryRun=All`, lease("cou-uid", { uid: "abc" }));
  expect([uid.status, uid.body.reason, uid.body.message]).toEqual([
    409,
    "Conflict",
    `Operation cannot be fulfilled on leases.coordination.k8s.io "cou-uid": StorageError: invalid object, Code: 4, Key: /leases/${ns}/cou-uid, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: abc, UID in object meta: `,
  ]);
  const renamed = await target.send("PUT", `${leases}/cou-other`, lease("cou-lease2"));
  expect([renamed.status, renamed.body.message]).toEqual([400, "the name of the object (cou-lease2) does not match the name on the URL (cou-other)"]);

  // A ConfigMap's strategy does not allow it, nor does a Pod's status.
  const cm = await target.send("PUT", `/api/v1/namespaces/${ns}/configmaps/cou-cm`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cou-cm" } });
  expect([cm.status, cm.body.message]).toEqual([404, 'configmaps "cou-cm" not found']);
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "cou-pod" }, spec: { containers: [{ name: "c", image: "x" }] }, status: { phase: "Running" } };
  const podStatus = await target.patch(`/api/v1/namespaces/${ns}/pods/cou-pod/status?fieldManager=me`, "application/apply-patch+yaml", pod);
  expect([podStatus.status, podStatus.body.message]).toEqual([404, 'pods "cou-pod" not found']);

  const services = `/api/v1/namespaces/${ns}/services`;
  const service = (name: string) => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ports: [{ port: 80 }] }, status: { loadBalancer: { ingress: [{ ip: "192.0.2.1" }] } } });
  const viaPut = await target.send("PUT", `${services}/cou-svc`, service("cou-svc"));
  expect([viaPut.status, typeof (viaPut.body.spec as Obj).clusterIP, viaPut.body.status]).toEqual([201, "string", { loadBalancer: {} }]);

  const statusFields = { "f:status": { "f:loadBalancer": { "f:ingress": {} } } };
  const bare = { ports: [{ protocol: "TCP", port: 80, targetPort: 80 }], type: "ClusterIP", sessionAffinity: "None", internalTrafficPolicy: "Cluster" };
  const viaStatus = await target.send("PUT", `${services}/cou-status/status?fieldManager=st`, service("cou-status"));
  expect([viaStatus.status, viaStatus.body.spec, viaStatus.body.status, entries(viaStatus.body)]).toEqual([201, bare, { loadBalancer: {} }, [{ manager: "st", operation: "Update", fieldsV1: statusFields, subresource: "status" }]]);
  const applied = await target.patch(`${services}/cou-apply/status?fieldManager=me`, "application/apply-patch+yaml", service("cou-apply"));
  expect([applied.status, applied.body.spec, applied.body.status, entries(applied.body)]).toEqual([201, bare, { loadBalancer: {} }, [{ manager: "me", operation: "Apply", fieldsV1: statusFields, subresource: "status" }]]);
}
