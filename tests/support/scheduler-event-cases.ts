// kube-scheduler's Events, as kube-apiserver v1.34 serves them through core/v1, found against a real one: the
// scheduler records through events.k8s.io/v1 (client-go's tools/events), so an Event has no first or last timestamp,
// no count and an empty source, but an eventTime in microseconds, an action (Scheduling, Binding), the reporting
// controller and its instance, and a managedFields entry of that API version; it names the Pod as the scheduler read
// it (its resourceVersion before the scheduler's own status write); an unschedulable pod is tried again when a Node
// changes in what the scheduler filters on. tests/real/kube-protobuf.test.ts and
// tests/integration/kube-sim-fidelity.test.ts run it through checkWireNulls.
import { expect, vi } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;

const WAIT = { timeout: 15_000, interval: 100 };
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

export async function checkSchedulerEvents(target: WireTarget, ns: string): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  const pod = (name: string, nodeSelector?: Obj) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "registry.example/none:1" }], ...(nodeSelector ? { nodeSelector } : {}) } });
  const event = async (name: string, reason: string) => {
    const { body } = await target.send("GET", `/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name},reason=${reason}`)}`);
    const found = (body.items as Obj[] | undefined)?.[0];
    expect(found, `${reason} for ${name}`).toBeDefined();
    return found as Obj;
  };
  const nodes = ((await target.send("GET", "/api/v1/nodes")).body.items as unknown[]).length;

  const stuck = await target.send("POST", pods, pod("sched-nowhere", { "example.com/none": "x" }));
  expect(stuck.status).toBe(201);
  const message = `0/${nodes} nodes are available: ${nodes} node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`;
  const failed = await vi.waitFor(() => event("sched-nowhere", "FailedScheduling"), WAIT);
  const meta = stuck.body.metadata as Obj;
  const { metadata, ...fields } = failed;
  expect(fields).toEqual({
    kind: undefined,
    apiVersion: undefined,
    involvedObject: { kind: "Pod", namespace: ns, name: "sched-nowhere", uid: meta.uid, apiVersion: "v1", resourceVersion: meta.resourceVersion },
    reason: "FailedScheduling",
    message,
    source: {},
    firstTimestamp: null,
    lastTimestamp: null,
    type: "Warning",
    eventTime: expect.stringMatching(MICRO_TIME) as unknown,
    action: "Scheduling",
    reportingComponent: "default-scheduler",
    reportingInstance: expect.stringMatching(/^default-scheduler-.+/) as unknown,
  });
  expect(String((metadata as Obj).name)).toMatch(/^sched-nowhere\.[0-9a-f]+$/);
  const entries = ((metadata as Obj).managedFields as Obj[]).map(({ time: _t, ...e }) => e);
  const owned = ["f:action", "f:eventTime", "f:note", "f:reason", "f:regarding", "f:reportingController", "f:reportingInstance", "f:type"];
  expect(entries).toEqual([{ manager: "kube-scheduler", operation: "Update", apiVersion: "events.k8s.io/v1", fieldsType: "FieldsV1", fieldsV1: Object.fromEntries(owned.map((f) => [f, {}])) }]);

  const placed = await target.send("POST", pods, pod("sched-placed"));
  const scheduled = await vi.waitFor(() => event("sched-placed", "Scheduled"), WAIT);
  expect(scheduled).toMatchObject({
    involvedObject: { name: "sched-placed", resourceVersion: (placed.body.metadata as Obj).resourceVersion },
    message: expect.stringMatching(new RegExp(`^Successfully assigned ${ns}/sched-placed to \\S+$`)) as unknown,
    type: "Normal",
    action: "Binding",
    source: {},
    firstTimestamp: null,
    reportingComponent: "default-scheduler",
  });
  expect(scheduled.count).toBeUndefined();

  // A Node that changes in what the scheduler filters on (here a label the pod selects) sends the unschedulable pods
  // back to be tried: the pod is placed there without anyone touching it.
  const label = `example.com/sched-${ns}`;
  const later = await target.send("POST", pods, pod("sched-later", { [label]: "yes" }));
  expect(later.status).toBe(201);
  await vi.waitFor(() => event("sched-later", "FailedScheduling"), WAIT);
  const items = (await target.send("GET", "/api/v1/nodes")).body.items as { metadata: { name: string }; spec?: { taints?: unknown[]; unschedulable?: boolean }; status: { conditions: Obj[] } }[];
  const fit = items.find((n) => !n.spec?.unschedulable && !n.spec?.taints?.length && n.status.conditions.some((c) => c.type === "Ready" && c.status === "True"));
  expect(fit, "a Ready node without taints").toBeDefined();
  const node = `/api/v1/nodes/${fit?.metadata.name}`;
  expect((await target.send("PATCH", node, { metadata: { labels: { [label]: "yes" } } })).status).toBe(200);
  try {
    await vi.waitFor(async () => expect(((await target.send("GET", `${pods}/sched-later`)).body.spec as Obj).nodeName).toBe(fit?.metadata.name), WAIT);
  } finally {
    await target.send("PATCH", node, { metadata: { labels: { [label]: null } } });
  }
}
