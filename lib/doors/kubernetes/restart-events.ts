// Container terminations as core/v1 Events on the Ollama Deployment (reportingComponent ollama-ops, reason
// ContainerTerminated): the leader records each one it sees, so a replica that starts later (after the OOM-killed pod
// was replaced and took its lastState with it) rebuilds the same restart history. Kept for the cluster's event TTL
// (kube-apiserver --event-ttl, 1 h by default), like the audit trail.
import "server-only";
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import type { CoreV1Event } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { AUDIT_COMPONENT } from "../../shared/audit/types";
import { restartRecord } from "../../shared/contracts/shared";
import { kube } from "./client";
import { kubeError } from "./errors";
import type { ReflectorSpec, WatchFn } from "./reflector";
import { restartKey, type RestartRecord } from "./restarts";

export const RESTART_REASON = "ContainerTerminated";
/** The termination itself, as JSON (the message is for people). */
const RECORD_ANNOTATION = "ollama-ops.dev/restart";

/** One name per termination: two leaders in a handover that both record it collide on create instead of writing twice. */
function eventName(target: Target, r: RestartRecord): string {
  const hash = createHash("sha256").update(restartKey(r)).digest("hex").slice(0, 20);
  return `${target.deployment}.restart-${hash}`;
}

function body(target: Target, r: RestartRecord): CoreV1Event {
  const when = new Date(r.finishedAt ?? r.startedAt ?? Date.now());
  const instance = hostname().slice(0, 128);
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: eventName(target, r), namespace: target.namespace, annotations: { [RECORD_ANNOTATION]: JSON.stringify(r) } },
    involvedObject: { apiVersion: "apps/v1", kind: "Deployment", name: target.deployment, namespace: target.namespace },
    reason: RESTART_REASON,
    action: RESTART_REASON,
    // Normal, not Warning: the Overview's warning list would show each termination a second time next to the history.
    type: "Normal",
    message: `Container ${r.container} of pod ${r.pod} terminated: ${r.reason}, exit code ${r.exitCode} (restart ${r.restartCount})`.slice(0, 1024),
    firstTimestamp: when,
    lastTimestamp: when,
    count: 1,
    source: { component: AUDIT_COMPONENT, host: instance },
    reportingComponent: AUDIT_COMPONENT,
    reportingInstance: instance,
  };
}

/** Records one termination; one that is already recorded (AlreadyExists) is success. Throws AppError. */
export async function writeRestartEvent(target: Target, r: RestartRecord): Promise<void> {
  try {
    await kube(target).core.createNamespacedEvent({ namespace: target.namespace, body: body(target, r) });
  } catch (err) {
    const e = kubeError(err, `recording a container termination in ${target.namespace}`);
    if (e.code !== "conflict") throw e;
  }
}

/** Only this console's termination Events on the target's Deployment (field labels the API server indexes for Events). */
function restartFieldSelector(target: Target): string {
  return `involvedObject.kind=Deployment,involvedObject.name=${target.deployment},reason=${RESTART_REASON},reportingComponent=${AUDIT_COMPONENT}`;
}

/** The termination one Event records ([] if it is not one of ours or its annotation does not parse). */
export function restartOfEvent(raw: unknown): RestartRecord[] {
  const e = raw as CoreV1Event | undefined;
  return e?.reason === RESTART_REASON ? parse(e.metadata?.annotations?.[RECORD_ANNOTATION]) : [];
}

/** The terminations still held as Events on the target's Deployment. Throws AppError. */
export async function listRestartEvents(target: Target): Promise<RestartRecord[]> {
  try {
    const list = await kube(target).core.listNamespacedEvent({ namespace: target.namespace, fieldSelector: restartFieldSelector(target) });
    return list.items.flatMap(restartOfEvent);
  } catch (err) {
    throw kubeError(err, `listing container terminations in ${target.namespace}`);
  }
}

/**
 * A list+watch of the termination Events (for a Reflector): every replica adopts what the leader records as it is
 * written, including a termination recorded after this replica's pod watch started (no poll per request).
 */
export function restartEventsSpec(target: Target, watch: WatchFn, adopt: (records: RestartRecord[]) => void): ReflectorSpec<RestartRecord[]> {
  const namespace = target.namespace;
  const fieldSelector = restartFieldSelector(target);
  return {
    what: `container terminations recorded in ${namespace}`,
    path: `/api/v1/namespaces/${namespace}/events`,
    fieldSelector,
    list: async () => {
      const list = await kube(target).core.listNamespacedEvent({ namespace, fieldSelector });
      return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? "" };
    },
    watch,
    summarize: restartOfEvent,
    observe: adopt,
  };
}

function parse(text: string | undefined): RestartRecord[] {
  try {
    const parsed = restartRecord.safeParse(text ? JSON.parse(text) : undefined);
    if (!parsed.success) return [];
    const r = parsed.data;
    return [{ ...r, signal: r.signal, message: r.message, startedAt: r.startedAt, finishedAt: r.finishedAt }];
  } catch {
    return [];
  }
}
