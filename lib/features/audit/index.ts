// Audit trail of every mutation and sign-in: a structured log line, this process's recent list, and (in the background)
// a Kubernetes Event on the Ollama Deployment. Recording never throws and never waits for the cluster.
import "server-only";
import { randomUUID } from "node:crypto";
import type { SessionUser } from "../../shared/auth/roles";
import { config } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { writeAuditEvent } from "../../doors/kubernetes/audit-events";
import { log } from "../../doors/runtime/log";
import { processWide } from "../../doors/runtime/process-wide";
import { onShutdown } from "../../doors/runtime/shutdown";
import { createDelivery } from "./delivery";
import type { AuditEntry, AuditRecord } from "../../shared/audit/types";

export type { AuditEntry, AuditOutcome, AuditRecord } from "../../shared/audit/types";

const RECENT_CAPACITY = 500;
// Process-wide: the pull manager (instrumentation bundle) and the routes record into the same list and queue.
const { recent, delivery } = processWide("audit", () => ({
  recent: [] as AuditRecord[],
  delivery: createDelivery((batch) => writeAuditEvent(config().target, batch)),
}));
// The records of a stopping process still reach Kubernetes (within the shutdown budget).
onShutdown("audit", () => delivery.flush());

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

/**
 * The failure text an audit entry (or an answer listing several failures) carries: an AppError's message, which is
 * written for operators, or a generic line for anything unexpected, whose internals only the log sees.
 */
export function failureMessage(err: unknown): string {
  return err instanceof AppError ? err.message : "unexpected error; see the console's logs";
}

/** This process's latest records, oldest first. */
export function recentAudit(): AuditRecord[] {
  return [...recent];
}
