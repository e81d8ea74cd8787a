// CoreV1Event → EventSummary. Events written through events.k8s.io have null first/lastTimestamp and an eventTime.
import "server-only";
import type { CoreV1Event } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import { kubeCall } from "./errors";
import { iso } from "../../shared/kubernetes/wire";

export interface EventSummary {
  uid: string;
  type: string;
  reason: string;
  message: string;
  /** "Pod/ollama-7d9c-x2x" */
  object: string;
  count: number;
  firstSeen: string | undefined;
  /** lastTimestamp ?? series.lastObservedTime ?? eventTime ?? creationTimestamp */
  lastSeen: string | undefined;
  source: string | undefined;
}

/** Reshapes an event, picking the time that says when it last happened. */
export function summarizeEvent(e: CoreV1Event): EventSummary {
  const created = iso(e.metadata.creationTimestamp);
  const eventTime = iso(e.eventTime);
  return {
    uid: e.metadata.uid ?? e.metadata.name ?? "",
    type: e.type ?? "Normal",
    reason: e.reason ?? "",
    message: (e.message ?? "").trim(),
    object: `${e.involvedObject.kind ?? "?"}/${e.involvedObject.name ?? "?"}`,
    count: e.series?.count ?? e.count ?? 1,
    firstSeen: iso(e.firstTimestamp) ?? eventTime ?? created,
    lastSeen: iso(e.lastTimestamp) ?? iso(e.series?.lastObservedTime) ?? eventTime ?? created,
    source: e.reportingComponent || e.source?.component || undefined,
  };
}

/** The Events in the target's namespace that match `fieldSelector` (e.g. `involvedObject.kind=PersistentVolumeClaim`). Throws AppError. */
export async function listEvents(target: Target, fieldSelector: string): Promise<EventSummary[]> {
  const list = await kubeCall(`listing Events in namespace ${target.namespace}`, () => kube(target).core.listNamespacedEvent({ namespace: target.namespace, fieldSelector }));
  return list.items.map(summarizeEvent);
}
