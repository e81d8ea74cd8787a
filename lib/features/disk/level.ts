// Disk thresholds: how full is too full (warn 80 %, critical 90 % by default; DISK_WARN_PERCENT / DISK_CRITICAL_PERCENT).
import "server-only";

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

/** Filesystem overhead (ext4 metadata, xfs log) and provisioner rounding stay well within this. */
export const CAPACITY_TOLERANCE = 0.05;

/**
 * A warning when the measured filesystem is not the size of the PVC: the agent (or Prometheus) is probably measuring
 * another filesystem, e.g. the node's root disk because the volume is not mounted where the agent looks.
 */
export function capacityMismatch(m: { source: string; measuredBytes: number; pvcBytes: number | undefined; pvcName: string | undefined; path: string | undefined }): string | undefined {
  if (m.pvcBytes === undefined || m.pvcBytes <= 0 || m.measuredBytes <= 0) return undefined;
  const off = m.measuredBytes / m.pvcBytes - 1;
  if (Math.abs(off) <= CAPACITY_TOLERANCE) return undefined;
  const what = m.path ? `statfs of ${m.path}` : `the ${m.source} measurement`;
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1).replace(/\.0$/, "")} GiB`;
  return `${what} reports ${gib(m.measuredBytes)}, but PVC ${m.pvcName ?? "(unknown)"} has ${gib(m.pvcBytes)} (${off > 0 ? "+" : ""}${Math.round(off * 100)} %): the agent may be measuring the wrong filesystem`;
}
