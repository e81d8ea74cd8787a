// The audit trail as core/v1 Events on the Ollama Deployment (reportingComponent ollama-ops): `kubectl describe` shows
// them, and the Activity page reads them back so history outlives a console restart (for the cluster's event TTL, 1 h by default).
import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { CoreV1Event } from "@kubernetes/client-node";
import { z } from "zod";
import type { Target } from "../config";
import { describeRecord, type AuditRecord } from "../audit/types";
import { ROLES } from "../auth/roles";
import { kube } from "./client";
import { kubeError } from "./errors";

export const AUDIT_COMPONENT = "ollama-ops";
/** The whole record as JSON, so reading it back needs no parsing of the human message. */
const RECORD_ANNOTATION = "ollama-ops.dev/audit";

const recordSchema = z.object({
  id: z.string(),
  time: z.string(),
  user: z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }).nullable(),
  action: z.string(),
  subject: z.string(),
  outcome: z.enum(["success", "failure"]),
  message: z.string().optional(),
});

/** The kernel hostname: the pod name in a cluster (not $HOSTNAME, which the image sets to 0.0.0.0 for Next). */
function instance(): string {
  return hostname().slice(0, 128);
}

const deploymentUids = new Map<string, string>();

async function deploymentUid(target: Target): Promise<string | undefined> {
  const key = `${target.context ?? ""}/${target.namespace}/${target.deployment}`;
  if (!deploymentUids.has(key)) {
    const d = await kube(target).apps.readNamespacedDeployment({ name: target.deployment, namespace: target.namespace });
    if (d.metadata?.uid) deploymentUids.set(key, d.metadata.uid);
  }
  return deploymentUids.get(key);
}

/** Writes one record as an Event (Normal for success, Warning for failure). Throws AppError. */
export async function createAuditEvent(target: Target, record: AuditRecord): Promise<void> {
  try {
    // The uid lets `kubectl describe deployment` match the event; a missing Deployment still gets its record.
    const uid = await deploymentUid(target).catch(() => undefined);
    const body: CoreV1Event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        // client-go names events <object>.<hex time>; the random tail keeps two records in one millisecond apart.
        name: `${target.deployment}.${Date.now().toString(16)}${randomBytes(4).toString("hex")}`,
        namespace: target.namespace,
        annotations: { [RECORD_ANNOTATION]: JSON.stringify(record) },
      },
      involvedObject: { apiVersion: "apps/v1", kind: "Deployment", name: target.deployment, namespace: target.namespace, ...(uid ? { uid } : {}) },
      reason: record.action,
      action: record.action,
      message: describeRecord(record).slice(0, 1024),
      type: record.outcome === "success" ? "Normal" : "Warning",
      firstTimestamp: new Date(record.time),
      lastTimestamp: new Date(record.time),
      count: 1,
      source: { component: AUDIT_COMPONENT, host: instance() },
      reportingComponent: AUDIT_COMPONENT,
      reportingInstance: instance(),
    };
    await kube(target).core.createNamespacedEvent({ namespace: target.namespace, body });
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
    return list.items.flatMap((e) => {
      const parsed = recordSchema.safeParse(safeJson(e.metadata?.annotations?.[RECORD_ANNOTATION]));
      return parsed.success ? [parsed.data] : [];
    });
  } catch (err) {
    throw kubeError(err, `listing audit events in ${target.namespace}`);
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
