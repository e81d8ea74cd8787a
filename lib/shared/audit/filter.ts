// Merging and filtering audit records for the Activity list (pure; shared by the API and its tests).
import { describeRecord, type AuditOutcome, type AuditRecord } from "./types";

export interface ActivityFilter {
  /** User name, exact (case-insensitive); "anonymous" = failed sign-ins. */
  user?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** Free text matched against the whole entry. */
  q?: string;
}

/** True when `r` passes every filter that is set. */
export function matches(r: AuditRecord, f: ActivityFilter): boolean {
  if (f.user && (r.user?.name ?? "anonymous").toLowerCase() !== f.user.toLowerCase()) return false;
  if (f.action && r.action !== f.action) return false;
  if (f.outcome && r.outcome !== f.outcome) return false;
  return !f.q || describeRecord(r).toLowerCase().includes(f.q.toLowerCase());
}

/** Both copies of the trail (this process's, the cluster's) as one list without duplicates, newest first. */
export function mergeRecords(...sources: AuditRecord[][]): AuditRecord[] {
  const byId = new Map<string, AuditRecord>();
  for (const r of sources.flat()) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => b.time.localeCompare(a.time) || b.id.localeCompare(a.id));
}

/** Distinct user names and actions, for the filter menus. */
export function facets(records: AuditRecord[]): { users: string[]; actions: string[] } {
  const users = new Set(records.map((r) => r.user?.name ?? "anonymous"));
  const actions = new Set(records.map((r) => r.action));
  return { users: [...users].sort(), actions: [...actions].sort() };
}
