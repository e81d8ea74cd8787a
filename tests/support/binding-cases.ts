// Binding a Pod to a node as a scheduler does (`POST pods/{name}/binding`, or the older `POST bindings`), as
// kube-apiserver v1.34.4 answers it: the Binding's own checks fail as a bare 500, a wrong name or namespace is a 400,
// its uid and resourceVersion are preconditions (409 with the storage error's words), a bound, gated or terminating Pod
// is a 409 on pods/binding; a good one is a Success Status (201), sets spec.nodeName without a new generation, merges
// the Binding's annotations (not its labels) and marks PodScheduled True, replacing an Unschedulable condition. A Pod
// bound to a Ready node is then run by that node (KWOK on the real control plane). Called from wire-null-cases.ts, so
// it runs on the real control plane (tests/real/kube-protobuf.test.ts) and the simulator
// (tests/integration/kube-sim-fidelity.test.ts).
import { expect, vi } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
interface Pod {
  metadata: { uid: string; resourceVersion: string; generation: number; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: { nodeName?: string };
  status: { phase: string; conditions?: Obj[] };
}

const failure = (code: number, message: string, reason?: string, details?: Obj) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, ...(reason ? { reason } : {}), ...(details ? { details } : {}), code });
const binding = (name: string | undefined, target: Obj, metadata: Obj = {}) => ({ apiVersion: "v1", kind: "Binding", metadata: { ...(name ? { name } : {}), ...metadata }, target });
const pod = (name: string, spec: Obj = {}, metadata: Obj = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, ...metadata }, spec: { schedulerName: "none", containers: [{ name: "c", image: "x" }], ...spec } });

export async function checkBinding(target: WireTarget, ns: string): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  const made = async (body: Obj) => {
    const res = await target.send("POST", pods, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as unknown as Pod;
  };
  const get = async (name: string) => (await target.send("GET", `${pods}/${name}`)).body as unknown as Pod;
  const bind = (name: string, body: unknown) => target.send("POST", `${pods}/${name}/binding`, body);
  const answer = async (sent: ReturnType<typeof bind>) => {
    const { status, body } = await sent;
    return [status, body];
  };

  const free = await made(pod("bind-free"));
  await made(pod("bind-gated", { schedulingGates: [{ name: "example.com/wait" }] }));
  await made(pod("bind-held", {}, { finalizers: ["example.com/hold"] }));
  expect((await target.send("DELETE", `${pods}/bind-held`)).status).toBe(200);

  // The Binding's own checks: an aggregate error, which real answers as a 500 without a reason.
  expect(await answer(bind("bind-free", binding("bind-free", { kind: "Pod", name: "" })))).toEqual([500, failure(500, '[target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]')]);
  expect(await answer(bind("bind-free", binding("bind-free", {})))).toEqual([500, failure(500, "target.name: Required value")]);
  // Names and namespaces, before anything else.
  expect(await answer(bind("bind-free", binding("other", { name: "n" })))).toEqual([400, failure(400, "name in URL does not match name in Binding object", "BadRequest")]);
  expect(await answer(bind("bind-free", {}))).toEqual([400, failure(400, "name in URL does not match name in Binding object", "BadRequest")]);
  expect(await answer(target.send("POST", `/api/v1/namespaces/${ns}/bindings`, binding(undefined, { name: "n" })))).toEqual([400, failure(400, "Name parameter required.", "BadRequest")]);
  expect(await answer(bind("bind-free", binding("bind-free", { name: "n" }, { namespace: "default" })))).toEqual([400, failure(400, "the namespace of the provided object does not match the namespace sent on the request", "BadRequest")]);
  expect(await answer(bind("bind-free", { apiVersion: "v1", kind: "Pod", metadata: { name: "bind-free" } }))).toEqual([400, failure(400, 'Pod in version "v1" cannot be handled as a Binding: converting (v1.Pod) to (core.Binding): unknown conversion', "BadRequest")]);
  // The uid and resourceVersion are preconditions, checked by storage.
  const storage = (name: string, what: string, wanted: string, has: string) =>
    failure(409, `Operation cannot be fulfilled on pods "${name}": StorageError: invalid object, Code: 4, Key: /registry/pods/${ns}/${name}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${what} in precondition: ${wanted}, ${what} in object meta: ${has}`, "Conflict", { name, kind: "pods" });
  expect(await answer(bind("bind-free", binding("bind-free", { name: "n" }, { uid: "not-its-uid" })))).toEqual([409, storage("bind-free", "UID", "not-its-uid", free.metadata.uid)]);
  expect(await answer(bind("bind-free", binding("bind-free", { name: "n" }, { resourceVersion: "1" })))).toEqual([409, storage("bind-free", "ResourceVersion", "1", free.metadata.resourceVersion)]);
  // The Pod must exist and be free to bind.
  expect(await answer(bind("bind-none", binding("bind-none", { name: "n" })))).toEqual([404, failure(404, 'pods "bind-none" not found', "NotFound", { name: "bind-none", kind: "pods" })]);
  const refused = (name: string, why: string) => [409, failure(409, `Operation cannot be fulfilled on pods/binding "${name}": ${why}`, "Conflict", { name, kind: "pods/binding" })];
  expect(await answer(bind("bind-gated", binding("bind-gated", { name: "n" })))).toEqual(refused("bind-gated", "pod bind-gated has non-empty .spec.schedulingGates"));
  expect(await answer(bind("bind-held", binding("bind-held", { name: "n" })))).toEqual(refused("bind-held", "pod bind-held is being deleted, cannot be assigned to a host"));
  // Only made.
  expect((await target.send("GET", `${pods}/bind-free/binding`)).status).toBe(405);
  expect((await target.send("GET", `/api/v1/namespaces/${ns}/bindings`)).status).toBe(405);

  // A good Binding, to a node that does not exist (nothing runs the Pod): its uid and resourceVersion match.
  await made(pod("bind-noted", {}, { annotations: { keep: "1", over: "old" } }));
  const noted = await get("bind-noted");
  const success = [201, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 }];
  expect(await answer(bind("bind-noted", binding("bind-noted", { kind: "Node", name: "no-such-node" }, { uid: noted.metadata.uid, resourceVersion: noted.metadata.resourceVersion, annotations: { over: "new", added: "x" }, labels: { l: "v" } })))).toEqual(success);
  const after = await get("bind-noted");
  const { lastTransitionTime, ...scheduled } = after.status.conditions?.[0] ?? {};
  expect({ nodeName: after.spec.nodeName, generation: after.metadata.generation, annotations: after.metadata.annotations, labels: after.metadata.labels, phase: after.status.phase, conditions: after.status.conditions?.length, scheduled }).toEqual({
    nodeName: "no-such-node",
    generation: 1,
    annotations: { keep: "1", over: "new", added: "x" },
    labels: undefined,
    phase: "Pending",
    conditions: 1,
    scheduled: { type: "PodScheduled", status: "True", lastProbeTime: null },
  });
  expect(typeof lastTransitionTime).toBe("string");
  expect(await answer(bind("bind-noted", binding("bind-noted", { name: "n2" })))).toEqual(refused("bind-noted", 'pod bind-noted is already assigned to node "no-such-node"'));

  // The default scheduler found no node for this one: binding replaces its Unschedulable condition.
  await made(pod("bind-unschedulable", { schedulerName: "default-scheduler", nodeSelector: { "no-such-label": "x" } }));
  let unschedulable: Obj | undefined;
  await vi.waitFor(async () => {
    unschedulable = (await get("bind-unschedulable")).status.conditions?.find((c) => c.type === "PodScheduled");
    expect(unschedulable?.reason).toBe("Unschedulable");
  }, { timeout: 20_000, interval: 200 });
  // The older path: the Pod is named by the Binding.
  expect(await answer(target.send("POST", `/api/v1/namespaces/${ns}/bindings`, binding("bind-unschedulable", { name: "no-such-node" })))).toEqual(success);
  const rescued = (await get("bind-unschedulable")).status.conditions ?? [];
  expect(rescued.map(({ lastTransitionTime: _t, ...c }) => c)).toEqual([{ type: "PodScheduled", status: "True", lastProbeTime: null }]);
  expect(Date.parse(String(rescued[0]?.lastTransitionTime))).toBeGreaterThanOrEqual(Date.parse(String(unschedulable?.lastTransitionTime)));

  // Bound to a Ready node, the Pod is run there, though no scheduler placed it.
  const nodes = (await target.send("GET", "/api/v1/nodes")).body as { items: { metadata: { name: string }; status?: { conditions?: Obj[] } }[] };
  const ready = nodes.items.find((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
  expect(ready, "a Ready node").toBeDefined();
  expect(await answer(bind("bind-free", binding("bind-free", { name: ready?.metadata.name })))).toEqual(success);
  await vi.waitFor(async () => expect((await get("bind-free")).status.phase).toBe("Running"), { timeout: 20_000, interval: 200 });
  await target.send("PATCH", `${pods}/bind-held`, { metadata: { finalizers: null } });
}
