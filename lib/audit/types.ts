// Audit shapes shared by the recorder (server) and the Activity page (browser).
import type { Role } from "../auth/roles";

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

/** One recorded entry: who did what, when, with which outcome. */
export interface AuditRecord {
  id: string;
  time: string;
  /** null = nobody signed in (a failed sign-in). */
  user: AuditActor | null;
  action: string;
  subject: string;
  outcome: AuditOutcome;
  message?: string;
}

/** The Activity list as the API serves it. */
export interface ActivityList {
  entries: AuditRecord[];
  /** Why the cluster's copy (Kubernetes Events) could not be read, when it could not; entries are then this process's only. */
  clusterError?: string;
  /** Distinct user names and actions across the whole trail, for the filter menus. */
  facets: { users: string[]; actions: string[] };
}

/** One sentence for people: "alice (operator) ModelDeleted llama3.2:3b: failure — disk busy". */
export function describeRecord(r: Pick<AuditRecord, "user" | "action" | "subject" | "outcome" | "message">): string {
  const who = r.user ? `${r.user.name} (${r.user.role})` : "anonymous";
  return `${who} ${r.action} ${r.subject}: ${r.outcome}${r.message ? ` — ${r.message}` : ""}`;
}
