// Disk usage sampled by the leader only (issue 19) into one ConfigMap that every replica reads, so every replica charts
// the same series and a new leader carries it on. Bounded: every sample of the last hour, one per 5 minutes before that,
// nothing older than 24 h (about 400 points, ~16 KB); one write per sample (DISK_SAMPLE_SECONDS, 30 s by default).
import "server-only";
import { z } from "zod";
import { readConfigMap } from "../../doors/kubernetes/configmap-watch";
import { updateConfigMap } from "../../doors/kubernetes/configmap";
import { DISK_SAMPLES_CONFIGMAP } from "../../doors/kubernetes/permissions";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { config, type Target } from "../../doors/runtime/config";
import { log } from "../../doors/runtime/log";
import { diskUsage } from "./";

export interface DiskSample {
  t: string;
  usedBytes: number;
  capacityBytes: number;
}

const KEY = "samples.json";
const FINE_MS = 3_600_000;
const COARSE_MS = 5 * 60_000;
const RANGE_MS = 24 * 3_600_000;

/** The ConfigMap's form: [epoch ms, used bytes, capacity bytes] per point, oldest first. */
const wire = z.object({ v: z.literal(1), points: z.array(z.tuple([z.number(), z.number(), z.number()])) });

export function encodeSamples(points: readonly DiskSample[]): string {
  return JSON.stringify({ v: 1, points: points.map((p) => [Date.parse(p.t), p.usedBytes, p.capacityBytes]) });
}

/** The samples in `text`; [] for a missing or unreadable value (a hand-edited ConfigMap never breaks the chart). */
export function decodeSamples(text: string | undefined): DiskSample[] {
  try {
    const parsed = wire.safeParse(text ? JSON.parse(text) : undefined);
    return parsed.success ? parsed.data.points.map(([t, usedBytes, capacityBytes]) => ({ t: new Date(t).toISOString(), usedBytes, capacityBytes })) : [];
  } catch {
    return [];
  }
}

/** Every point of the last hour, the first point of each 5-minute slot before that, nothing older than 24 h. Pure. */
export function thinSamples(points: readonly DiskSample[], now: number): DiskSample[] {
  const seen = new Set<number>();
  return points.filter((p) => {
    const t = Date.parse(p.t);
    if (now - t > RANGE_MS) return false;
    if (now - t <= FINE_MS) return true;
    const slot = Math.floor(t / COARSE_MS);
    if (seen.has(slot)) return false;
    seen.add(slot);
    return true;
  });
}

/** Takes one sample now and every DISK_SAMPLE_SECONDS until `signal` aborts, each appended to the shared series. Leader-only. */
export function startDiskSamples(signal: AbortSignal, target: Target = config().target): void {
  const sample = async () => {
    try {
      const u = await diskUsage(target);
      if (signal.aborted) return;
      const point = { t: u.time, usedBytes: u.usedBytes, capacityBytes: u.capacityBytes };
      await updateConfigMap(target, DISK_SAMPLES_CONFIGMAP, (current) => ({
        [KEY]: encodeSamples(thinSamples([...decodeSamples(current?.data?.[KEY]), point], Date.now())),
      }));
      shared.invalidate();
    } catch (err) {
      log.debug("disk sample skipped", { error: err instanceof Error ? err.message : String(err) });
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), config().disk.sampleSeconds * 1000);
  timer.unref();
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}

// Each replica reads the series at most every 5 s, whatever the number of viewers (a sample comes every 30 s by default).
const shared = registerCache("disk samples", coalescer<DiskSample[]>(5_000));

/** The shared series, oldest first. Throws AppError when the ConfigMap cannot be read. */
export function sharedSamples(target: Target): Promise<DiskSample[]> {
  return shared.get(`${target.context ?? ""}|${target.namespace}`, async () => {
    const cm = await readConfigMap(target, DISK_SAMPLES_CONFIGMAP);
    return cm.state === "present" ? decodeSamples(cm.data[KEY]) : [];
  });
}
