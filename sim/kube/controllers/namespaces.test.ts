import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ObjectStore } from "../store.ts";
import type { KubeObject } from "../types.ts";
import { Timers, type ControllerContext } from "./context.ts";
import { deletionConditions, namespaceController } from "./namespaces.ts";

const ok = new Map<string, { reason: string; message: string }>();
const remaining = new Map([["NamespaceContentRemaining", { reason: "SomeResourcesRemain", message: "Some resources are remaining: configmaps. has 1 resource instances" }]]);

describe("the namespace deletion conditions", () => {
  it("writes all five, well, the first time, and moves a transition time only when a status changes", () => {
    const first = deletionConditions(undefined, ok, "2026-01-01T00:00:00Z");
    expect(first.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ["NamespaceDeletionDiscoveryFailure", "False", "2026-01-01T00:00:00Z"],
      ["NamespaceDeletionGroupVersionParsingFailure", "False", "2026-01-01T00:00:00Z"],
      ["NamespaceDeletionContentFailure", "False", "2026-01-01T00:00:00Z"],
      ["NamespaceContentRemaining", "False", "2026-01-01T00:00:00Z"],
      ["NamespaceFinalizersRemaining", "False", "2026-01-01T00:00:00Z"],
    ]);
    const second = deletionConditions(first, remaining, "2026-01-01T00:00:05Z");
    expect(second[3]).toEqual({ type: "NamespaceContentRemaining", status: "True", lastTransitionTime: "2026-01-01T00:00:05Z", ...remaining.get("NamespaceContentRemaining") });
    expect(second[0]?.lastTransitionTime).toBe("2026-01-01T00:00:00Z");
    // Another message with the same status keeps the time.
    const moved = new Map([["NamespaceContentRemaining", { reason: "SomeResourcesRemain", message: "Some resources are remaining: configmaps. has 2 resource instances" }]]);
    expect(deletionConditions(second, moved, "2026-01-01T00:00:09Z")[3]?.lastTransitionTime).toBe("2026-01-01T00:00:05Z");
  });
});

describe("the namespace controller", () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") }));
  afterEach(() => vi.useRealTimers());

  const namespace = (extra: Partial<KubeObject["metadata"]> = {}): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name: "gone", ...extra }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
  const configMap = (name: string, finalizers?: string[]): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "gone", ...(finalizers ? { finalizers } : {}) } });

  function start(objects: KubeObject[]) {
    const store = new ObjectStore();
    store.reset(objects);
    const timers = new Timers();
    const controller = namespaceController({ store, timers, settings: { snapshotApi: false } } as unknown as ControllerContext);
    store.subscribe((event) => controller.onEvent(event));
    controller.onReset?.();
    return { store, timers };
  }

  it("takes up a deleted Namespace 5 s later, empties it, waits on a finalizer, and deletes it once nothing is left", () => {
    const { store, timers } = start([namespace({ deletionTimestamp: "2026-01-01T00:00:00Z" }), configMap("plain"), configMap("held", ["example.com/hold"])]);
    vi.advanceTimersByTime(4_900);
    expect(store.list("ConfigMap", "gone")).toHaveLength(2);
    vi.advanceTimersByTime(200);
    // A Namespace loaded with a deletionTimestamp but Active is made Terminating first.
    expect(store.get("Namespace", undefined, "gone")?.status).toMatchObject({ phase: "Terminating" });
    expect(store.list("ConfigMap", "gone").map((c) => [c.metadata.name, !!c.metadata.deletionTimestamp])).toEqual([["held", true]]);
    const conditions = (store.get("Namespace", undefined, "gone")?.status as { conditions: { type: string; status: string; message: string }[] }).conditions;
    expect(conditions.filter((c) => c.status === "True").map((c) => c.message)).toEqual([
      "Some resources are remaining: configmaps. has 1 resource instances",
      "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances",
    ]);
    // New content is refused meanwhile, whoever makes it.
    expect(() => store.create(configMap("late"))).toThrow(/unable to create new content in namespace gone because it is being terminated/);

    const held = store.get("ConfigMap", "gone", "held");
    if (!held) throw new Error("held is gone too soon");
    store.replace({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect(store.get("ConfigMap", "gone", "held")).toBeUndefined();
    // The finalizer estimate (15 s) is looked at again after 8 s.
    vi.advanceTimersByTime(8_100);
    expect(store.get("Namespace", undefined, "gone")).toBeUndefined();
    timers.clear();
  });

  it("leaves a Namespace that is not being deleted alone; one with nothing left to hold it goes on its status write", () => {
    const { store, timers } = start([namespace(), configMap("plain"), { ...namespace({ name: "done", deletionTimestamp: "2026-01-01T00:00:00Z" }), spec: {} }]);
    vi.advanceTimersByTime(10_000);
    expect(store.list("ConfigMap", "gone")).toHaveLength(1);
    // Making it Terminating is an update that leaves no finalizer (ShouldDeleteDuringUpdate holds for the status store too).
    expect(store.get("Namespace", undefined, "done")).toBeUndefined();
    expect(store.get("Namespace", undefined, "gone")?.status).toEqual({ phase: "Active" });
    timers.clear();
  });
});
