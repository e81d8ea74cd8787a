// Disk thresholds: how full is too full (warn 80 %, critical 90 % by default; DISK_WARN_PERCENT / DISK_CRITICAL_PERCENT).

export type DiskLevel = "ok" | "warn" | "critical";

/** used / (used + available), as `df` computes Use%: blocks reserved for root count as not available. */
export function usedRatio(usedBytes: number, availableBytes: number, capacityBytes: number): number {
  const denominator = usedBytes + availableBytes > 0 ? usedBytes + availableBytes : capacityBytes;
  return denominator > 0 ? Math.min(1, Math.max(0, usedBytes / denominator)) : 0;
}

/** The level for a used ratio; a threshold is reached at exactly its percentage. */
export function diskLevel(ratio: number, thresholds: { warnPercent: number; criticalPercent: number }): DiskLevel {
  const percent = ratio * 100;
  if (percent >= thresholds.criticalPercent) return "critical";
  if (percent >= thresholds.warnPercent) return "warn";
  return "ok";
}
