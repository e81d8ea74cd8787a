// The fill forecast from the history the console has: Prometheus (7 d and 24 h) when configured, else its own samples.
import "server-only";
import { registerCache } from "../../doors/runtime/caches";
import { coalescer } from "../../doors/runtime/coalesce";
import { config, type Target } from "../../doors/runtime/config";
import { forecastFill, type Forecast, type UsagePoint } from "./forecast";
import { diskHistory } from "./history";
import { cachePvcName, diskUsage } from "./";
import { promVolumeRange } from "../../doors/prometheus";

const WEEK_SECONDS = 7 * 24 * 3600;
const WEEK_STEP_SECONDS = 3600;
const week = registerCache("disk usage week from Prometheus", coalescer<UsagePoint[]>(300_000));

/** Hourly points over the last 7 days from Prometheus; empty without it (the console's own samples keep 24 h). */
async function weekOfHistory(target: Target): Promise<UsagePoint[]> {
  const url = config().prometheusUrl;
  const pvc = url ? await cachePvcName(target) : undefined;
  if (!url || !pvc) return [];
  return week.get(`${url}|${target.namespace}|${pvc}`, () => promVolumeRange(url, target.namespace, pvc, WEEK_SECONDS, WEEK_STEP_SECONDS)).catch(() => []);
}

/** "Full in N days" or "stable", from the usage history; throws only when usage itself is unknown. */
export async function diskForecast(target: Target): Promise<Forecast & { source: string }> {
  const [usage, day, longer] = await Promise.all([diskUsage(target), diskHistory(target), weekOfHistory(target)]);
  // The week's hourly points before the last day, then the day at its own resolution.
  const dayStart = day.points[0] ? Date.parse(day.points[0].t) : Date.now();
  const points = [...longer.filter((p) => Date.parse(p.t) < dayStart), ...day.points];
  const f = forecastFill({ points, capacityBytes: usage.capacityBytes, usedBytes: usage.usedBytes });
  return { ...f, source: longer.length ? "Prometheus, last 7 days" : day.note };
}
