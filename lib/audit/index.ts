// Audit trail of every mutation and sign-in. Placeholder: writes a structured log line; sign-in work adds Kubernetes Events and the Activity list.
import "server-only";
import type { SessionUser } from "../auth/roles";
import { log } from "../log";

export type AuditOutcome = "success" | "failure";

export interface AuditEntry {
  /** Event reason, e.g. ModelPullStarted, ModelDeleted, SnapshotCreated, SignInFailed. */
  action: string;
  /** What was acted on, e.g. "llama3.2:3b" or "ollama-models-20260101-1200". */
  subject: string;
  outcome: AuditOutcome;
  /** Short human-readable detail (error text, override used…). Never secrets. */
  message?: string;
  details?: Record<string, unknown>;
}

/** Records who did what, when, with which outcome. Never throws. */
export function audit(user: Pick<SessionUser, "id" | "name" | "role"> | null, entry: AuditEntry): void {
  log.info("audit", { audit: { ...entry, user: user ? { id: user.id, name: user.name, role: user.role } : null, time: new Date().toISOString() } });
}
