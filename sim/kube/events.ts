// Records core/v1 Events the way client-go's recorder does, including count aggregation of repeats.
import { timestamp } from "./json.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject } from "./types.ts";

/** One event to record about an object. */
export interface EventInput {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  /** Reporting component, e.g. "kubelet", "default-scheduler", "snapshot-controller". */
  component: string;
  /** Node name for kubelet events. */
  host?: string;
  fieldPath?: string;
}

let sequence = 0;

function eventName(objectName: string): string {
  // client-go: fmt.Sprintf("%v.%x", ref.Name, t.UnixNano()); the sequence keeps names unique within a millisecond.
  return `${objectName}.${(BigInt(Date.now()) * 1_000_000n + BigInt(sequence++ % 1_000_000)).toString(16)}`;
}

/** Records an Event about `involved` (in its namespace, or "default" for cluster objects); repeats bump count. */
export function recordEvent(store: ObjectStore, involved: KubeObject, input: EventInput): KubeObject {
  const namespace = involved.metadata.namespace ?? "default";
  const now = timestamp();
  const involvedObject = {
    kind: involved.kind,
    namespace: involved.metadata.namespace,
    name: involved.metadata.name,
    uid: involved.metadata.uid,
    apiVersion: involved.apiVersion,
    resourceVersion: involved.metadata.resourceVersion,
    ...(input.fieldPath ? { fieldPath: input.fieldPath } : {}),
  };
  const repeat = store
    .list("Event", namespace)
    .find(
      (e) =>
        (e.involvedObject as { uid?: string }).uid === involved.metadata.uid &&
        e.reason === input.reason &&
        e.message === input.message &&
        e.type === input.type &&
        (e.source as { component?: string } | undefined)?.component === input.component,
    );
  if (repeat) {
    return store.replace({ ...repeat, count: (typeof repeat.count === "number" ? repeat.count : 1) + 1, lastTimestamp: now });
  }
  return store.create({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: eventName(involved.metadata.name), namespace },
    involvedObject,
    reason: input.reason,
    message: input.message,
    source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: input.type,
    eventTime: null,
    reportingComponent: input.component,
    reportingInstance: input.host ?? "",
  });
}
