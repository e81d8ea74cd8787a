// When the model cache fills, from its usage history: a robust trend that one pull (one big step) or noise cannot swing.
// Pure and browser-safe.
import type { Forecast, TrendWindow } from "../../shared/contracts/disk";
export type { Forecast, TrendWindow };

export interface UsagePoint {
  /** ISO 8601. */
  t: string;
  usedBytes: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** A window needs this much history and this many points before it is trusted. */
const MIN_SPAN_MS = 2 * HOUR_MS;
const MIN_POINTS = 6;
/** Series are reduced to this many bucket medians first: pairwise slopes are O(n²). */
const MAX_POINTS = 240;
/** Slower than filling the free space in this many days counts as stable. */
const STABLE_AFTER_DAYS = 365;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Bucket medians: keeps the shape, drops single outliers, bounds the pair count. */
function reduce(points: { x: number; y: number }[]): { x: number; y: number }[] {
  if (points.length <= MAX_POINTS) return points;
  const size = points.length / MAX_POINTS;
  return Array.from({ length: MAX_POINTS }, (_, i) => {
    const bucket = points.slice(Math.floor(i * size), Math.floor((i + 1) * size));
    return { x: median(bucket.map((p) => p.x)), y: median(bucket.map((p) => p.y)) };
  });
}

/**
 * Theil–Sen slope (median of pairwise slopes) over pairs at most a quarter of the series apart. The full estimator
 * breaks down when one step splits the series in half (half of all pairs straddle it); with short pairs only about one
 * in eight straddles a single step, so a pull shows as a step and not as a rate, while noise still averages out.
 */
export function robustSlope(points: { x: number; y: number }[]): number | undefined {
  const p = reduce([...points].sort((a, b) => a.x - b.x));
  if (p.length < 2) return undefined;
  const maxLag = Math.max(1, Math.floor(p.length / 4));
  const slopes: number[] = [];
  for (let i = 0; i < p.length; i++) {
    for (let j = i + 1; j <= Math.min(p.length - 1, i + maxLag); j++) {
      const a = p[i]!;
      const b = p[j]!;
      if (b.x > a.x) slopes.push((b.y - a.y) / (b.x - a.x));
    }
  }
  return slopes.length ? median(slopes) : undefined;
}

function trend(label: TrendWindow["label"], points: UsagePoint[], now: number, spanMs: number): TrendWindow {
  const inWindow = points.map((p) => ({ x: Date.parse(p.t), y: p.usedBytes })).filter((p) => Number.isFinite(p.x) && p.x >= now - spanMs && p.x <= now);
  const span = inWindow.length ? Math.max(...inWindow.map((p) => p.x)) - Math.min(...inWindow.map((p) => p.x)) : 0;
  const enough = inWindow.length >= MIN_POINTS && span >= Math.min(MIN_SPAN_MS, spanMs / 2);
  const slope = enough ? robustSlope(inWindow) : undefined;
  return { label, bytesPerDay: slope === undefined ? undefined : slope * DAY_MS, points: inWindow.length, spanHours: Math.round((span / HOUR_MS) * 10) / 10 };
}

const GIB = 1024 ** 3;
const rate = (bytesPerDay: number) => `${(bytesPerDay / GIB).toFixed(bytesPerDay >= 10 * GIB ? 0 : 1)} GiB/day`;

/** The forecast from the last 24 h and, when the history reaches back that far, the last 7 d. */
export function forecastFill(input: { points: UsagePoint[]; capacityBytes: number; usedBytes: number; now?: number }): Forecast {
  const now = input.now ?? Date.now();
  const windows = [trend("24 h", input.points, now, DAY_MS), trend("7 d", input.points, now, 7 * DAY_MS)].filter((w) => w.label === "24 h" || w.spanHours >= 36);
  const rates = windows.flatMap((w) => (w.bytesPerDay === undefined ? [] : [w.bytesPerDay]));
  if (rates.length === 0) {
    return { state: "unknown", daysToFull: undefined, bytesPerDay: undefined, windows, summary: "Not enough usage history yet for a forecast (needs 2 h of samples)." };
  }
  const bytesPerDay = Math.max(...rates);
  const free = Math.max(0, input.capacityBytes - input.usedBytes);
  const basis = windows.filter((w) => w.bytesPerDay !== undefined).map((w) => w.label).join(" and ");
  if (bytesPerDay <= 0 || free / bytesPerDay > STABLE_AFTER_DAYS) {
    return { state: "stable", daysToFull: undefined, bytesPerDay, windows, summary: `Stable over the last ${basis}.` };
  }
  const daysToFull = free / bytesPerDay;
  const when = daysToFull < 1 ? `${Math.max(1, Math.round(daysToFull * 24))} h` : `${Math.round(daysToFull)} day${Math.round(daysToFull) === 1 ? "" : "s"}`;
  return { state: "filling", daysToFull, bytesPerDay, windows, summary: `At the current rate (${rate(bytesPerDay)}, trend over the last ${basis}), full in ${when}.` };
}

export { FORECAST_WARN_DAYS } from "../../shared/contracts/disk";
