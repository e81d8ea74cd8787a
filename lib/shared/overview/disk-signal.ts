// The strip's disk signal: the headroom level at the DISK_WARN/CRITICAL thresholds, and a capacity mismatch (browser-safe).
import { FORECAST_WARN_DAYS } from "../contracts/disk";
import { formatBytes, formatPercent } from "../format";
import type { DiskResponse, Signal } from "./types";

const TITLE: Record<DiskResponse["level"], string> = { ok: "Enough room", warn: "Getting full", critical: "Critical" };

/** Green below the warn threshold, amber from it, red from the critical one; amber too when the measurement looks wrong. */
export function diskSignal(d: Pick<DiskResponse, "level" | "usedRatio" | "availableBytes" | "capacityBytes" | "thresholds" | "capacityWarning"> & Partial<Pick<DiskResponse, "forecast">>): Signal {
  const reason = `${formatPercent(d.usedRatio)} used, ${formatBytes(d.availableBytes)} free of ${formatBytes(d.capacityBytes)}`;
  if (d.level === "critical") return { level: "bad", title: TITLE.critical, reason: `${reason} (critical at ${d.thresholds.criticalPercent} %)` };
  if (d.level === "warn") return { level: "warn", title: TITLE.warn, reason: `${reason} (warn at ${d.thresholds.warnPercent} %)` };
  if (d.capacityWarning) return { level: "warn", title: "Size mismatch", reason: d.capacityWarning };
  const f = d.forecast;
  if (f?.state === "filling" && f.daysToFull !== undefined && f.daysToFull < FORECAST_WARN_DAYS) return { level: "warn", title: "Filling up", reason: `${reason}. ${f.summary}` };
  return { level: "ok", title: TITLE.ok, reason };
}

/** The strip's extra line for the disk: a volume expansion under way. */
export function diskDetail(d: Partial<Pick<DiskResponse, "resize">>): string | undefined {
  if (!d.resize) return undefined;
  const to = d.resize.targetBytes ? ` to ${formatBytes(d.resize.targetBytes)}` : "";
  return `Growing${to}: ${d.resize.condition}`;
}
