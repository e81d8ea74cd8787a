// The strip's backup signal: the newest *usable* snapshot of the cache against the service card's RPO, a failed newer
// one named separately, and "no snapshot API" said plainly (browser-safe; `now` is the caller's clock).
import { formatAge } from "../format";
import type { SnapshotSummary } from "../snapshots/types";
import type { Settled, Signal } from "./types";

/** What the strip and the Last snapshot widget show about backups. */
export interface BackupState extends Signal {
  /** The newest snapshot that can be restored (ready, no error, not being deleted). */
  usable: SnapshotSummary | undefined;
  /** Snapshots newer than `usable` that failed, newest first. */
  failedNewer: SnapshotSummary[];
  /** The RPO in seconds, when the service card sets one that parses. */
  rpoSeconds: number | undefined;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "24h", "30m", "1d12h", "1.5h" → seconds; undefined for anything else (e.g. "daily"). */
export function parseRpo(text: string | undefined): number | undefined {
  const t = text?.trim().toLowerCase();
  if (!t || !/^(\d+(\.\d+)?\s*[smhdw]\s*)+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])/g)) total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? ""] ?? 0);
  return total > 0 ? total : undefined;
}

/** A snapshot that a restore can use. */
export function isUsable(s: SnapshotSummary): boolean {
  return s.ready === true && !s.error && !s.deleting;
}

/** When the storage cut the snapshot, else when the object was created. */
export const takenAt = (s: SnapshotSummary): string | undefined => s.takenAt ?? s.createdAt;

/** "failed 2h ago: <reason>" for a snapshot whose status carries an error. */
export function failedText(s: SnapshotSummary, now: number): string {
  return `failed ${formatAge(s.error?.time ?? s.createdAt, now)}: ${s.error?.message ?? "unknown error"}`;
}

/**
 * Backup level: amber when there is no snapshot API, no usable snapshot, the newest usable one is older than the RPO,
 * or the newest snapshot failed; green otherwise. `snapshots` is newest first, as the snapshot routes answer.
 */
export function backupState(snapshots: Settled<{ pvc: string; items: SnapshotSummary[] }>, rpo: string | undefined, now: number): BackupState {
  const rpoSeconds = parseRpo(rpo);
  const base = { usable: undefined, failedNewer: [], rpoSeconds };
  if (!snapshots.ok) {
    if (snapshots.error.details?.reason === "snapshot_api_missing") {
      return { ...base, level: "warn", title: "No snapshot API", reason: "the VolumeSnapshot CRDs are not installed: the model cache cannot be snapshotted" };
    }
    return { ...base, level: "warn", title: "Unknown", reason: `snapshots cannot be read: ${snapshots.error.message}` };
  }
  const { pvc, items } = snapshots.data;
  const index = items.findIndex(isUsable);
  const usable = index >= 0 ? items[index] : undefined;
  const failedNewer = items.slice(0, index >= 0 ? index : items.length).filter((s) => s.error);
  const failed = failedNewer[0] ? `; newest ${failedText(failedNewer[0], now)}` : "";
  const rpoText = rpoSeconds !== undefined ? ` (RPO ${rpo?.trim()})` : "";
  if (!usable) {
    return { ...base, failedNewer, level: "warn", title: "No usable snapshot", reason: `no ready snapshot of ${pvc}${rpoText}${failed}` };
  }
  const at = takenAt(usable);
  const ageSeconds = at ? (now - Date.parse(at)) / 1000 : Number.POSITIVE_INFINITY;
  const taken = `${usable.name} taken ${formatAge(at, now)}`;
  if (rpoSeconds !== undefined && ageSeconds > rpoSeconds) {
    return { ...base, usable, failedNewer, level: "warn", title: "Older than RPO", reason: `newest usable: ${taken}, older than the RPO of ${rpo?.trim()}${failed}` };
  }
  if (failedNewer[0]) {
    return { ...base, usable, failedNewer, level: "warn", title: "Last snapshot failed", reason: `${failedText(failedNewer[0], now)}; newest usable: ${taken}${rpoText}` };
  }
  return { ...base, usable, failedNewer, level: "ok", title: rpoSeconds !== undefined ? "Within RPO" : "Snapshot ready", reason: `${taken}${rpoText}` };
}
