import { describe, expect, it, vi } from "vitest";
import { ObjectStore } from "../store.ts";
import type { KubeObject } from "../types.ts";
import { Timers, type ControllerContext } from "./context.ts";
import { syncReplicaSet } from "./replicasets.ts";

describe("ReplicaSet controller", () => {
  it("records a FailedCreate Warning when its pod create is refused, and keeps running", async () => {
    const store = new ObjectStore();
    // 250 characters: the pod's generated name (`<name>-` and 5 more) is longer than 253.
    const name = "r".repeat(250);
    const rs: KubeObject = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name, namespace: "ollama", uid: "rs-uid" },
      spec: { replicas: 2, selector: { matchLabels: { app: "x" } }, template: { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c", image: "x" }] } } },
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
    expect(String(events[0]?.message)).toMatch(/^Error creating: Pod "r{250}-[a-z0-9]{5}" is invalid: metadata\.name: Invalid value: .*must be no more than 253 characters/);
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
