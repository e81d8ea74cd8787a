import { afterEach, describe, expect, it, vi } from "vitest";
import { Timers } from "./controllers/context.ts";
import { EventSeriesRecorder } from "./event-series.ts";
import { ObjectStore } from "./store.ts";
import type { KubeObject } from "./types.ts";

const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns", uid: "u", resourceVersion: "7" } };
const failed = { type: "Warning" as const, reason: "FailedScheduling", action: "Scheduling", note: "0/1 nodes are available" };

describe("events.k8s.io/v1 recording (client-go tools/events)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("creates the first event, makes the second a series of 2, and writes later ones only when the series ends", () => {
    vi.useFakeTimers();
    const store = new ObjectStore();
    const timers = new Timers();
    const recorder = new EventSeriesRecorder(store, timers, "default-scheduler", "kube-scheduler");
    recorder.record(pod, failed);
    const [first] = store.list("Event", "ns");
    expect(first).toMatchObject({ involvedObject: { name: "p", resourceVersion: "7" }, message: failed.note, eventTime: expect.stringMatching(/\.\d{6}Z$/) as unknown });
    expect(first?.series).toBeUndefined();

    vi.advanceTimersByTime(1_000);
    recorder.record(pod, failed);
    expect(store.list("Event", "ns").map((e) => (e.series as { count: number } | undefined)?.count)).toEqual([2]);
    const written = store.list("Event", "ns")[0]?.metadata.resourceVersion;
    for (let i = 0; i < 3; i++) recorder.record(pod, failed);
    // Counted in the cache, not written.
    expect(store.list("Event", "ns")[0]?.metadata.resourceVersion).toBe(written);
    expect((store.list("Event", "ns")[0]?.metadata.managedFields?.[0] as { fieldsV1?: unknown } | undefined)?.fieldsV1).toHaveProperty("f:series");

    // Six minutes without one: the series ends, written a last time with its count.
    vi.advanceTimersByTime(13 * 60_000);
    expect((store.list("Event", "ns")[0]?.series as { count: number }).count).toBe(5);
    // A later one starts afresh: a new Event.
    recorder.record(pod, failed);
    expect(store.list("Event", "ns")).toHaveLength(2);
    timers.clear();
  });

  it("keys on the whole reference: a pod read at another resourceVersion gets an Event of its own", () => {
    const store = new ObjectStore();
    const timers = new Timers();
    const recorder = new EventSeriesRecorder(store, timers, "default-scheduler", "kube-scheduler");
    recorder.record(pod, failed);
    recorder.record({ ...pod, metadata: { ...pod.metadata, resourceVersion: "8" } }, failed);
    const byName = store.list("Event", "ns").sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(byName.map((e) => [(e.involvedObject as { resourceVersion: string }).resourceVersion, e.series])).toEqual([
      ["7", undefined],
      ["8", undefined],
    ]);
    timers.clear();
  });
});
