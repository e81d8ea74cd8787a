// The audit trail as core/v1 Events on the Ollama Deployment (reportingComponent ollama-ops): `kubectl describe` shows
// them, and the Activity page reads them back so history outlives a console restart (for the cluster's event TTL, 1 h by default).
// Repeats are aggregated the way the kubelet's recorder does it: one Event per aggregation key (lib/features/audit/aggregate.ts),
// updated with a growing `count` and `lastTimestamp` while it keeps happening, a new Event after 10 quiet minutes.
import "server-only";
import { registerMap } from "../runtime/caches";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { CoreV1Event } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import type { AuditBatch } from "../../features/audit/aggregate";
import { AUDIT_COMPONENT, describeRecord, type AuditRecord } from "../../shared/audit/types";
import { auditRecord } from "../../shared/contracts/activity";
import { kube } from "./client";
import { kubeError } from "./errors";

export { AUDIT_COMPONENT };
/** The newest records of the Event (a JSON list; one object in Events written before aggregation), read back by Activity. */
const RECORD_ANNOTATION = "ollama-ops.dev/audit";
/** Like the kubelet's aggregation window: a repeat after this much quiet starts a new Event. */
const AGGREGATE_WINDOW_MS = 10 * 60_000;
const KEPT_RECORDS = 20;
const MAX_TRACKED = 500;


/** The kernel hostname: the pod name in a cluster (not $HOSTNAME, which the image sets to 0.0.0.0 for Next). */
function instance(): string {
  return hostname().slice(0, 128);
}

// A scenario reload (tests) or a re-created Deployment has a new uid: the registry lets tests forget the old one.
const deploymentUids = registerMap("audit Deployment uids", new Map<string, string>());

async function deploymentUid(target: Target): Promise<string | undefined> {
  const key = `${target.context ?? ""}/${target.namespace}/${target.deployment}`;
  if (!deploymentUids.has(key)) {
    const d = await kube(target).apps.readNamespacedDeployment({ name: target.deployment, namespace: target.namespace });
    if (d.metadata?.uid) deploymentUids.set(key, d.metadata.uid);
  }
  return deploymentUids.get(key);
}

/** Events this process wrote and may still update, by target and aggregation key (oldest first, bounded). */
const written = registerMap("audit Events written", new Map<string, CoreV1Event>());

function remember(key: string, event: CoreV1Event): void {
  written.delete(key);
  written.set(key, event);
  for (const old of written.keys()) {
    if (written.size <= MAX_TRACKED) break;
    written.delete(old);
  }
}

function eventBody(target: Target, uid: string | undefined, batch: AuditBatch, previous: CoreV1Event | undefined): CoreV1Event {
  const latest = batch.records.at(-1) as AuditRecord;
  const before = previous ? (parseRecords(previous.metadata?.annotations?.[RECORD_ANNOTATION]) ?? []) : [];
  const records = [...before, ...batch.records].slice(-KEPT_RECORDS);
  const count = (previous?.count ?? 0) + batch.count;
  const first = previous?.firstTimestamp ?? new Date(batch.records[0]?.time ?? latest.time);
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      // client-go names events <object>.<hex time>; the random tail keeps two records in one millisecond apart.
      name: previous?.metadata?.name ?? `${target.deployment}.${Date.now().toString(16)}${randomBytes(4).toString("hex")}`,
      namespace: target.namespace,
      annotations: { [RECORD_ANNOTATION]: JSON.stringify(records) },
    },
    involvedObject: { apiVersion: "apps/v1", kind: "Deployment", name: target.deployment, namespace: target.namespace, ...(uid ? { uid } : {}) },
    reason: latest.action,
    action: latest.action,
    message: describeRecord(latest).slice(0, 1024),
    type: latest.outcome === "success" ? "Normal" : "Warning",
    firstTimestamp: first,
    lastTimestamp: new Date(latest.time),
    count,
    source: { component: AUDIT_COMPONENT, host: instance() },
    reportingComponent: AUDIT_COMPONENT,
    reportingInstance: instance(),
  };
}

/** Writes a batch of records with one aggregation key: a new Event, or an update of the one this process wrote for that key. Throws AppError. */
export async function writeAuditEvent(target: Target, batch: AuditBatch): Promise<void> {
  const key = `${target.context ?? ""}/${target.namespace}/${target.deployment}/${batch.key}`;
  const { core } = kube(target);
  try {
    // The uid lets `kubectl describe deployment` match the event; a missing Deployment still gets its record.
    const uid = await deploymentUid(target).catch(() => undefined);
    const previous = written.get(key);
    const recent = previous?.lastTimestamp && Date.now() - new Date(previous.lastTimestamp).getTime() < AGGREGATE_WINDOW_MS;
    if (previous && recent) {
      const body = eventBody(target, uid, batch, previous);
      try {
        remember(key, await core.replaceNamespacedEvent({ name: body.metadata.name ?? "", namespace: target.namespace, body }));
        return;
      } catch (err) {
        // Gone (the event TTL expired, or someone deleted it): start a new one.
        if (kubeError(err, "").code !== "not_found") throw err;
      }
    }
    remember(key, await core.createNamespacedEvent({ namespace: target.namespace, body: eventBody(target, uid, batch, undefined) }));
  } catch (err) {
    throw kubeError(err, `recording an audit event in ${target.namespace}`);
  }
}

/** The audit records still held as Events on the target's Deployment. Throws AppError. */
export async function listAuditEvents(target: Target): Promise<AuditRecord[]> {
  try {
    const list = await kube(target).core.listNamespacedEvent({
      namespace: target.namespace,
      fieldSelector: `involvedObject.kind=Deployment,involvedObject.name=${target.deployment},reportingComponent=${AUDIT_COMPONENT}`,
    });
    return list.items.flatMap((e) => parseRecords(e.metadata?.annotations?.[RECORD_ANNOTATION]) ?? []);
  } catch (err) {
    throw kubeError(err, `listing audit events in ${target.namespace}`);
  }
}

/** The annotation's records (a list, or one record from before aggregation); undefined when it holds none. */
function parseRecords(text: string | undefined): AuditRecord[] | undefined {
  let value: unknown;
  try {
    value = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
  const items = Array.isArray(value) ? value : [value];
  const records = items.flatMap((item) => {
    const parsed = auditRecord.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  return records.length ? records : undefined;
}
