// Recent Warning events: de-duplicated by object, reason and message; newest first. The console's own audit Events are
// not the cluster's warnings (Activity lists them): counting them here would let failed sign-ins bury a real BackOff.
import "server-only";
import { AUDIT_COMPONENT } from "../../shared/audit/types";
import type { EventSummary } from "../../doors/kubernetes/events";
import type { WarningEvent } from "../../shared/overview/types";

/** The cluster's Warnings only (not our audit trail), one row per (object, reason, message) with counts summed, newest first. */
export function recentWarnings(events: EventSummary[], limit = 50): WarningEvent[] {
  const rows = new Map<string, WarningEvent>();
  for (const e of events) {
    if (e.type !== "Warning" || e.source === AUDIT_COMPONENT) continue;
    const key = `${e.object}\u0000${e.reason}\u0000${e.message}`;
    const row = rows.get(key);
    if (!row) {
      rows.set(key, { reason: e.reason, message: e.message, object: e.object, count: e.count, firstSeen: e.firstSeen, lastSeen: e.lastSeen });
      continue;
    }
    row.count += e.count;
    if ((e.lastSeen ?? "") > (row.lastSeen ?? "")) row.lastSeen = e.lastSeen;
    if (e.firstSeen && (!row.firstSeen || e.firstSeen < row.firstSeen)) row.firstSeen = e.firstSeen;
  }
  return [...rows.values()].sort((a, b) => (b.lastSeen ?? "").localeCompare(a.lastSeen ?? "")).slice(0, limit);
}
