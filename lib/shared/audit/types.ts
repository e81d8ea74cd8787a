// Audit shapes shared by the recorder (server) and the Activity page (browser).
import type { Role } from "../auth/roles";
import type { AuditRecord } from "../contracts/activity";

/** reportingComponent (and source.component) of the audit trail's Events: how readers tell them from the cluster's own. */
export const AUDIT_COMPONENT = "ollama-ops";

export type AuditOutcome = "success" | "failure";

export interface AuditEntry {
  /** Event reason, e.g. ModelPullStarted, ModelDeleted, SnapshotCreated, SignIn, SignOut, AccessDenied. */
  action: string;
  /** What was acted on, e.g. "llama3.2:3b" or "ollama-models-20260101-1200". */
  subject: string;
  outcome: AuditOutcome;
  /** Short human-readable detail (error text, override used…). Never secrets. */
  message?: string;
  /** Extra structured context for the log line only. */
  details?: Record<string, unknown>;
}

export interface AuditActor {
  id: string;
  name: string;
  role: Role;
}

// What the Activity route answers is its contract (lib/shared/contracts/activity.ts).
export type { ActivityList, AuditRecord } from "../contracts/activity";

/** One sentence for people: "alice (operator) ModelDeleted llama3.2:3b: failure — disk busy". */
export function describeRecord(r: Pick<AuditRecord, "user" | "action" | "subject" | "outcome" | "message">): string {
  const who = r.user ? `${r.user.name} (${r.user.role})` : "anonymous";
  return `${who} ${r.action} ${r.subject}: ${r.outcome}${r.message ? ` — ${r.message}` : ""}`;
}
