// Evicting a Pod (`POST pods/{name}/eviction`, a policy/v1 Eviction, what `kubectl drain` sends) with no
// PodDisruptionBudget, as kube-apiserver v1.34.4 answers it: the Eviction's name must be the URL's (400), its
// deleteOptions may not ignore store read errors (422), their uid and resourceVersion preconditions are checked
// against the Pod (409 on "Pod"); a good one is a Success Status (201) that marks the Pod `DisruptionTarget True
// EvictionByEvictionAPI` and deletes it with its options. Called from wire-null-cases.ts, so it runs on the real
// control plane (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts).
import { expect, vi } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
interface Pod {
  metadata: { uid: string; resourceVersion: string; deletionTimestamp?: string; deletionGracePeriodSeconds?: number };
  status: { phase: string; conditions?: Obj[] };
}

const eviction = (name: string, deleteOptions?: Obj) => ({ apiVersion: "policy/v1", kind: "Eviction", metadata: { name }, ...(deleteOptions ? { deleteOptions } : {}) });
const pod = (name: string, spec: Obj = {}, metadata: Obj = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, ...metadata }, spec: { containers: [{ name: "c", image: "x" }], ...spec } });

export async function checkEviction(target: WireTarget, ns: string): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  const evict = async (name: string, body: unknown) => {
    const { status, body: answer } = await target.send("POST", `${pods}/${name}/eviction`, body);
    return [status, answer];
  };
  const get = async (name: string) => (await target.send("GET", `${pods}/${name}`)).body as unknown as Pod;
  const made = await target.send("POST", pods, pod("evict-held", { schedulerName: "none" }, { finalizers: ["example.com/hold"] }));
  expect(made.status).toBe(201);
  const held = made.body as unknown as Pod;

  const conflict = (detail: string) => [409, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `Operation cannot be fulfilled on Pod "evict-held": ${detail}`, reason: "Conflict", details: { name: "evict-held", kind: "Pod" }, code: 409 }];
  expect(await evict("evict-held", eviction("other"))).toEqual([400, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "name in URL does not match name in Eviction object", reason: "BadRequest", code: 400 }]);
  const ignoring = "Invalid value: true: can not be set for pod eviction, try after removing the option";
  expect(await evict("evict-held", eviction("evict-held", { ignoreStoreReadErrorWithClusterBreakingPotential: true }))).toEqual([
    422,
    {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `Eviction.policy "evict-held" is invalid: deleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential: ${ignoring}`,
      reason: "Invalid",
      details: { name: "evict-held", group: "policy", kind: "Eviction", causes: [{ reason: "FieldValueInvalid", message: ignoring, field: "deleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential" }] },
      code: 422,
    },
  ]);
  expect(await evict("evict-held", eviction("evict-held", { preconditions: { uid: "not-its-uid" } }))).toEqual(conflict(`the UID in the precondition (not-its-uid) does not match the UID in record (${held.metadata.uid}). The object might have been deleted and then recreated`));
  expect(await evict("evict-held", eviction("evict-held", { preconditions: { resourceVersion: "1" } }))).toEqual(conflict(`the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${held.metadata.resourceVersion}). The object might have been modified`));
  expect(await evict("evict-none", eviction("evict-none"))).toEqual([404, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'pods "evict-none" not found', reason: "NotFound", details: { name: "evict-none", kind: "pods" }, code: 404 }]);
  expect((await target.send("GET", `${pods}/evict-held/eviction`)).status).toBe(405);

  // Evicted: marked as a disruption's target, then deleted (at once, as it was never scheduled; its finalizer keeps it).
  const success = [201, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 }];
  expect(await evict("evict-held", eviction("evict-held", { preconditions: { uid: held.metadata.uid } }))).toEqual(success);
  const evicted = await get("evict-held");
  const { lastTransitionTime, ...disruption } = evicted.status.conditions?.find((c) => c.type === "DisruptionTarget") ?? {};
  expect({ terminating: typeof evicted.metadata.deletionTimestamp, grace: evicted.metadata.deletionGracePeriodSeconds, disruption }).toEqual({
    terminating: "string",
    grace: 0,
    disruption: { type: "DisruptionTarget", status: "True", lastProbeTime: null, reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" },
  });
  expect(typeof lastTransitionTime).toBe("string");
  await target.send("PATCH", `${pods}/evict-held`, { metadata: { finalizers: null } });

  // A running Pod is evicted with its grace period and goes away once its node has stopped it.
  expect((await target.send("POST", pods, pod("evict-running"))).status).toBe(201);
  await vi.waitFor(async () => expect((await get("evict-running")).status.phase).toBe("Running"), { timeout: 20_000, interval: 200 });
  expect(await evict("evict-running", eviction("evict-running", { gracePeriodSeconds: 1 }))).toEqual(success);
  await vi.waitFor(async () => expect((await target.send("GET", `${pods}/evict-running`)).status).toBe(404), { timeout: 20_000, interval: 200 });
}
