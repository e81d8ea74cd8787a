// Recent Warning events: de-duplicated by object, reason and message; newest first.
import type { EventSummary } from "../cluster/events";
import type { WarningEvent } from "./types";

/** Warnings only, one row per (object, reason, message) with counts summed, sorted by when each last happened. */
export function recentWarnings(events: EventSummary[], limit = 50): WarningEvent[] {
  const rows = new Map<string, WarningEvent>();
  for (const e of events) {
    if (e.type !== "Warning") continue;
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
