// Disk usage over time: a Prometheus range query when configured, else the samples the leader replica takes (samples.ts).
import "server-only";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { config, type Target } from "../../doors/runtime/config";
import { cachePvcName } from "./";
import { promVolumeRange } from "../../doors/prometheus";
import { sharedSamples } from "./samples";

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

async function sampled(target: Target, why: string): Promise<DiskHistory> {
  const note = `sampled by the console's leader every ${config().disk.sampleSeconds} s${why}`;
  try {
    const points = await sharedSamples(target);
    return { source: "sampled", note, since: points[0]?.t, points };
  } catch (err) {
    return { source: "sampled", note: `${note}; the samples cannot be read: ${err instanceof Error ? err.message : String(err)}`, since: undefined, points: [] };
  }
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
