// Audit trail of every mutation and sign-in: a structured log line, this process's recent list, and (in the background)
// a Kubernetes Event on the Ollama Deployment. Recording never throws and never waits for the cluster.
import "server-only";
import { randomUUID } from "node:crypto";
import type { SessionUser } from "../auth/roles";
import { config } from "../config";
import { writeAuditEvent } from "../cluster/audit-events";
import { log } from "../log";
import { createDelivery } from "./delivery";
import type { AuditEntry, AuditRecord } from "./types";

export type { AuditEntry, AuditOutcome, AuditRecord } from "./types";

const RECENT_CAPACITY = 500;
const recent: AuditRecord[] = [];
const delivery = createDelivery((batch) => writeAuditEvent(config().target, batch));

/** Records who did what, when, with which outcome. Never throws. */
export function audit(user: Pick<SessionUser, "id" | "name" | "role"> | null, entry: AuditEntry): void {
  try {
    const record: AuditRecord = {
      id: randomUUID(),
      time: new Date().toISOString(),
      user: user ? { id: user.id, name: user.name, role: user.role } : null,
      action: entry.action,
      subject: entry.subject.slice(0, 256),
      outcome: entry.outcome,
      ...(entry.message ? { message: entry.message.slice(0, 512) } : {}),
    };
    log.info("audit", { audit: { ...record, ...(entry.details ? { details: entry.details } : {}) } });
    recent.push(record);
    if (recent.length > RECENT_CAPACITY) recent.shift();
    delivery.enqueue(record);
  } catch (err) {
    log.error("audit entry could not be recorded", { err, action: entry.action });
  }
}

/** This process's latest records, oldest first. */
export function recentAudit(): AuditRecord[] {
  return [...recent];
}
