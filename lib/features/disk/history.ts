// Disk usage over time: a Prometheus range query when configured, else samples this server takes into a bounded ring.
import "server-only";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { config, type Target } from "../../doors/runtime/config";
import { log } from "../../doors/runtime/log";
import { diskUsage, cachePvcName } from "./";
import { promVolumeRange } from "../../doors/prometheus";
import { Ring } from "./ring";

export interface DiskHistoryPoint {
  t: string;
  usedBytes: number;
  capacityBytes: number;
}

export interface DiskHistory {
  source: "prometheus" | "sampled";
  note: string;
  /** When the console started sampling (sampled source only). */
  since: string | undefined;
  points: DiskHistoryPoint[];
}

const RANGE_SECONDS = 24 * 3600;
const PROM_STEP_SECONDS = 300;
// A 24 h range at 5 min steps: a new point appears every 5 min, so 30 s old is as good as new for every viewer.
const prometheusRange = registerCache("disk history from Prometheus", coalescer<DiskHistoryPoint[]>(30_000));

interface Sampler {
  ring: Ring<DiskHistoryPoint>;
  since: string;
  first: Promise<void>;
}

const samplers = new Map<string, Sampler>();

async function sample(target: Target, ring: Ring<DiskHistoryPoint>): Promise<void> {
  try {
    const u = await diskUsage(target);
    ring.push({ t: u.time, usedBytes: u.usedBytes, capacityBytes: u.capacityBytes });
  } catch (err) {
    log.debug("disk sample skipped", { error: err instanceof Error ? err.message : String(err) });
  }
}

/** Starts sampling the target's disk usage on first call (one sample now, then every DISK_SAMPLE_SECONDS). */
function samplerFor(target: Target): Sampler {
  const key = `${target.context ?? ""}|${target.namespace}|${target.deployment}`;
  let s = samplers.get(key);
  if (!s) {
    const seconds = config().disk.sampleSeconds;
    const ring = new Ring<DiskHistoryPoint>(Math.ceil(RANGE_SECONDS / seconds));
    const timer = setInterval(() => void sample(target, ring), seconds * 1000);
    timer.unref();
    s = { ring, since: new Date().toISOString(), first: sample(target, ring) };
    samplers.set(key, s);
  }
  return s;
}

async function sampled(target: Target, why: string): Promise<DiskHistory> {
  const s = samplerFor(target);
  await s.first;
  return { source: "sampled", note: `sampled by the console every ${config().disk.sampleSeconds} s${why}`, since: s.since, points: s.ring.toArray() };
}

/** The last 24 h of used/capacity bytes. Never throws: an empty series says why in `note`. */
export async function diskHistory(target: Target): Promise<DiskHistory> {
  const url = config().prometheusUrl;
  if (!url) return sampled(target, "");
  const pvc = await cachePvcName(target);
  if (!pvc) return sampled(target, " (Prometheus: the cache PVC is unknown)");
  try {
    const points = await prometheusRange.get(`${url}|${target.namespace}|${pvc}`, () =>
      promVolumeRange(url, target.namespace, pvc, RANGE_SECONDS, PROM_STEP_SECONDS),
    );
    return { source: "prometheus", note: `Prometheus kubelet_volume_stats for ${pvc}, one point per ${PROM_STEP_SECONDS / 60} min`, since: undefined, points };
  } catch (err) {
    return sampled(target, ` (Prometheus: ${err instanceof Error ? err.message : String(err)})`);
  }
}
