import { describe, expect, it, vi } from "vitest";
import { ObjectStore } from "../store.ts";
import type { KubeObject } from "../types.ts";
import { Timers, type ControllerContext } from "./context.ts";
import { syncReplicaSet } from "./replicasets.ts";

describe("ReplicaSet controller", () => {
  it("records a FailedCreate Warning when its pod create is refused, and keeps running", async () => {
    const store = new ObjectStore();
    // Loaded as is (a create would refuse it): its template requests more CPU than its limit, so every pod is refused.
    const name = "over";
    const resources = { requests: { cpu: "2" }, limits: { cpu: "1" } };
    const rs: KubeObject = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name, namespace: "ollama", uid: "rs-uid" },
      spec: { replicas: 2, selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "x", resources }] } } },
    };
    store.reset([rs]);
    const ctx = { store } as unknown as ControllerContext;
    const timers = new Timers();
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await new Promise<void>((done) => {
      timers.after(0, () => syncReplicaSet(ctx, "ollama", name));
      // A controller that throws in a timer does not end the process, and later timers still run.
      timers.after(0, () => {
        throw new Error("boom");
      });
      timers.after(5, done);
    });
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
    expect(store.list("Pod", "ollama")).toEqual([]);
    const events = store.list("Event", "ollama");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "Warning", reason: "FailedCreate", involvedObject: { kind: "ReplicaSet", name }, source: { component: "replicaset-controller" } });
    expect(String(events[0]?.message)).toMatch(/^Error creating: Pod "over-[a-z0-9]{5}" is invalid: spec\.containers\[0\]\.resources\.requests: Invalid value: "2": must be less than or equal to cpu limit of 1$/);
    expect(store.get("ReplicaSet", "ollama", name)?.status).toMatchObject({ replicas: 0 });
  });

  it("makes no pods for a loaded ReplicaSet whose selector its template's labels miss (they would never be its own)", () => {
    const store = new ObjectStore();
    const rs: KubeObject = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "mismatch", namespace: "ollama", uid: "rs-uid", generation: 1 },
      spec: { replicas: 2, selector: { matchLabels: { app: "y" } }, template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "x" }] } } },
    };
    store.reset([rs]);
    const ctx = { store } as unknown as ControllerContext;
    for (let i = 0; i < 3; i++) syncReplicaSet(ctx, "ollama", "mismatch");
    expect(store.list("Pod", "ollama")).toEqual([]);
  });
});
