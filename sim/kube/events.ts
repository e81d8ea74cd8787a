// Records core/v1 Events the way client-go's recorder does, including count aggregation of repeats.
import { writtenBy } from "./managed-fields.ts";
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

/** An Event's name, as client-go's recorders make it: fmt.Sprintf("%v.%x", ref.Name, t.UnixNano()); the sequence keeps names unique and rising within a millisecond. */
export function eventName(objectName: string, ms = Date.now()): string {
  return `${objectName}.${(BigInt(ms) * 1_000_000n + BigInt(sequence++ % 1_000_000)).toString(16)}`;
}

/**
 * Who writes each component's Events (their managedFields), as each client names itself: kube-controller-manager's
 * controllers, the kubelet, the scheduler (whose Events a scenario may load; it records through events.k8s.io/v1,
 * event-series.ts), and the CSI sidecars by their binaries' names. A component the simulator does not run (a control-API action) is
 * `unknown`, as a client without a user agent.
 */
const EVENT_MANAGERS: Record<string, string> = {
  "deployment-controller": "kube-controller-manager",
  "replicaset-controller": "kube-controller-manager",
  "persistentvolume-controller": "kube-controller-manager",
  kubelet: "kubelet",
  "default-scheduler": "kube-scheduler",
  "snapshot-controller": "snapshot-controller",
  "external-provisioner": "csi-provisioner",
};

/** The manager whose client records `component`'s Events. */
export const eventManager = (component: string): string => EVENT_MANAGERS[component] ?? "unknown";

// client-go's EventSourceObjectSpamFilter (tools/record/events_cache.go): per source and object (and type), a bucket
// of 25 events that refills one every 5 minutes; an event beyond it is dropped before it is counted.
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;
const buckets = new WeakMap<ObjectStore, Map<string, { tokens: number; at: number }>>();

function spam(store: ObjectStore, involved: KubeObject, input: EventInput): boolean {
  const key = JSON.stringify([input.component, input.host ?? "", involved.kind, involved.metadata.namespace, involved.metadata.name, involved.metadata.uid, involved.apiVersion, input.type]);
  const byKey = buckets.get(store) ?? new Map<string, { tokens: number; at: number }>();
  buckets.set(store, byKey);
  const now = Date.now();
  const bucket = byKey.get(key) ?? { tokens: SPAM_BURST, at: now };
  const tokens = Math.min(SPAM_BURST, bucket.tokens + (now - bucket.at) / SPAM_REFILL_MS);
  byKey.set(key, { tokens: tokens >= 1 ? tokens - 1 : tokens, at: now });
  return tokens < 1;
}

/**
 * Records an Event about `involved` (in its namespace, or "default" for cluster objects); repeats bump count. One the
 * spam filter drops, or one for a namespace being deleted, is not recorded (undefined).
 */
export function recordEvent(store: ObjectStore, involved: KubeObject, input: EventInput): KubeObject | undefined {
  const namespace = involved.metadata.namespace ?? "default";
  // A recorder's create in a namespace being deleted is refused (NamespaceLifecycle) and the event dropped.
  if (store.terminating(namespace) || spam(store, involved, input)) return undefined;
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
  const writer = { manager: eventManager(input.component) };
  if (repeat) {
    return store.replace(writtenBy(writer, repeat, { ...repeat, count: (typeof repeat.count === "number" ? repeat.count : 1) + 1, lastTimestamp: now }));
  }
  return store.create(writtenBy(writer, undefined, {
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
  }));
}
