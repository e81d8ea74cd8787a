// Events written through events.k8s.io/v1, as client-go's newer recorder (k8s.io/client-go/tools/events, which
// kube-scheduler uses) writes them, read back as core/v1 Events: no first/last timestamp or count but an eventTime,
// the reporting controller and instance, an action. Its cache decides what reaches the server: the first event of a
// key (type, action, reason, controller, instance and the whole reference, resourceVersion included) is created; the
// second turns it into a series (count 2) with a patch; later ones only count in the cache, written every 30 minutes
// and when the series ends (6 minutes without one).
import { hostname } from "node:os";
import { eventName } from "./events.ts";
import { microTime, timestamp } from "./json.ts";
import type { ManagedFieldsEntry } from "./managed-fields.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject } from "./types.ts";
import type { Timers } from "./controllers/context.ts";

const REFRESH_MS = 30 * 60_000;
const FINISH_MS = 6 * 60_000;

/** One event to record through events.k8s.io/v1. */
export interface SeriesEventInput {
  type: "Normal" | "Warning";
  reason: string;
  /** What the controller was doing ("Scheduling", "Binding"). */
  action: string;
  note: string;
}


interface Cached {
  name: string;
  namespace: string;
  eventTime: number;
  series?: { count: number; lastObservedTime: string; observed: number };
}

/** The managedFields entry of `manager`'s events.k8s.io/v1 writes of an Event (with its series once it has one). */
export function seriesEventEntry(manager: string, series: boolean, time = new Date()): ManagedFieldsEntry {
  const fields: Record<string, unknown> = Object.fromEntries(["f:action", "f:eventTime", "f:note", "f:reason", "f:regarding", "f:reportingController", "f:reportingInstance", "f:type"].map((f) => [f, {}]));
  if (series) fields["f:series"] = { ".": {}, "f:count": {}, "f:lastObservedTime": {} };
  return { manager, operation: "Update", apiVersion: "events.k8s.io/v1", time: timestamp(time.getTime()), fieldsType: "FieldsV1", fieldsV1: fields };
}

/** Whether a stored Event was written through events.k8s.io/v1 (an eventTime and an action, no timestamps or count). */
export const isSeriesEvent = (e: KubeObject): boolean => typeof e.eventTime === "string" && typeof e.action === "string" && !e.firstTimestamp && !e.lastTimestamp;

/** A controller's events.k8s.io/v1 recorder over the simulator's store, its writes under `manager`. */
export class EventSeriesRecorder {
  readonly #cache = new Map<string, Cached>();
  readonly #instance: string;
  readonly store: ObjectStore;
  readonly timers: Timers;
  readonly controller: string;
  readonly manager: string;

  constructor(store: ObjectStore, timers: Timers, controller: string, manager: string) {
    this.store = store;
    this.timers = timers;
    this.controller = controller;
    this.manager = manager;
    this.#instance = `${controller}-${hostname()}`;
    this.#tick();
    this.#refresh();
  }

  /** Records `input` about `regarding` as it was when the controller looked at it. */
  record(regarding: KubeObject, input: SeriesEventInput): void {
    const ref = { kind: regarding.kind, namespace: regarding.metadata.namespace, name: regarding.metadata.name, uid: regarding.metadata.uid, apiVersion: regarding.apiVersion, resourceVersion: regarding.metadata.resourceVersion };
    const key = JSON.stringify([input.type, input.action, input.reason, ref]);
    const now = Date.now();
    const cached = this.#cache.get(key);
    if (cached?.series) {
      cached.series = { count: cached.series.count + 1, lastObservedTime: microTime(now), observed: now };
      return;
    }
    if (cached) {
      cached.series = { count: 2, lastObservedTime: microTime(now), observed: now };
      this.#writeSeries(cached);
      return;
    }
    const namespace = regarding.metadata.namespace ?? "default";
    // Refused in a namespace being deleted (NamespaceLifecycle): the recorder drops it.
    if (this.store.terminating(namespace)) return;
    const name = eventName(regarding.metadata.name, now);
    const eventTime = microTime(now);
    this.store.create({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace, managedFields: [seriesEventEntry(this.manager, false)] },
      involvedObject: ref,
      reason: input.reason,
      message: input.note,
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: input.type,
      eventTime,
      action: input.action,
      reportingComponent: this.controller,
      reportingInstance: this.#instance,
    });
    this.#cache.set(key, { name, namespace, eventTime: now });
  }

  /** Forgets the cache (a scenario load), as a restarted controller would. */
  reset(): void {
    this.#cache.clear();
    this.#tick();
    this.#refresh();
  }

  /** The series patch: its count and last time; a create again when the Event was deleted meanwhile. */
  #writeSeries(cached: Cached): void {
    const stored = this.store.get("Event", cached.namespace, cached.name);
    if (!stored || !cached.series) return;
    const { count, lastObservedTime } = cached.series;
    this.store.replace({ ...stored, metadata: { ...stored.metadata, managedFields: [seriesEventEntry(this.manager, true)] }, series: { count, lastObservedTime } });
  }

  // client-go's two loops: every 30 minutes each series is written; every 6 minutes the ended ones are written a last
  // time and forgotten, and so are single events older than that.
  #tick(): void {
    this.timers.after(FINISH_MS, () => {
      const now = Date.now();
      for (const [key, cached] of this.#cache) {
        if (cached.series && cached.series.observed < now - FINISH_MS) {
          this.#writeSeries(cached);
          this.#cache.delete(key);
        } else if (!cached.series && cached.eventTime < now - FINISH_MS) this.#cache.delete(key);
      }
      this.#tick();
    });
  }

  #refresh(): void {
    this.timers.after(REFRESH_MS, () => {
      for (const cached of this.#cache.values()) if (cached.series) this.#writeSeries(cached);
      this.#refresh();
    });
  }
}
