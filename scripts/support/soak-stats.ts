// The soak benchmark's arithmetic, kept pure so its verdicts are unit-tested (scripts/support/soak-stats.test.ts).

export const MIB = 2 ** 20;

/** One RSS reading of the console process tree. */
export interface RssSample {
  /** Seconds since the load started. */
  t: number;
  bytes: number;
}

/** Kubernetes quantity ("512Mi", "1Gi", "500M", "1073741824") in bytes; undefined for anything else. */
export function quantityBytes(q: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) return undefined;
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] ?? ""] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

/** The p-th percentile (nearest rank) of an ascending list; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Warm-up length (s) for a run of `seconds`: a third of it, at least 60 s and at most 5 minutes. */
export function warmUpSeconds(seconds: number): number {
  return Math.min(300, Math.max(60, seconds / 3));
}

/** Per-minute rows: the minute's number (1-based), its mean and its highest RSS. */
export function perMinute(samples: RssSample[]): { minute: number; mean: number; max: number }[] {
  const byMinute = new Map<number, number[]>();
  for (const s of samples) {
    const minute = Math.floor(s.t / 60) + 1;
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), s.bytes]);
  }
  return [...byMinute].map(([minute, b]) => ({ minute, mean: b.reduce((a, x) => a + x, 0) / b.length, max: Math.max(...b) }));
}

export interface Growth {
  /** Least-squares slope of RSS over the samples after warm-up, in bytes per minute. */
  slopePerMinute: number;
  /** The fitted line's rise across the window after warm-up (slope × window), in bytes. */
  rise: number;
  /** Standard deviation of the samples around the fitted line (the GC sawtooth): the noise, in bytes. */
  noise: number;
  /** The rise that counts as growth: twice the noise, and never less than `floor` bytes. */
  allowed: number;
  /** Samples after warm-up the fit used. */
  samples: number;
  growing: boolean;
}

/**
 * Growth after warm-up: fit a line to every sample after `warmUp` seconds; the process is growing when the line's rise
 * over that window exceeds twice the residuals' standard deviation (what the garbage collector's sawtooth moves
 * anyway) and `floor` bytes. A settling process has a flat line; a leak of +1.7 MiB/min rises 42 MiB in 25 minutes.
 */
export function growth(samples: RssSample[], warmUp: number, floor = 8 * MIB): Growth {
  const after = samples.filter((s) => s.t >= warmUp);
  const n = after.length;
  if (n < 3) return { slopePerMinute: NaN, rise: NaN, noise: NaN, allowed: floor, samples: n, growing: false };
  const mt = after.reduce((a, s) => a + s.t, 0) / n;
  const mb = after.reduce((a, s) => a + s.bytes, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const s of after) {
    sxy += (s.t - mt) * (s.bytes - mb);
    sxx += (s.t - mt) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const residuals = after.map((s) => s.bytes - (mb + slope * (s.t - mt)));
  const noise = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / n);
  const window = after.at(-1)!.t - after[0]!.t;
  const rise = slope * window;
  const allowed = Math.max(2 * noise, floor);
  return { slopePerMinute: slope * 60, rise, noise, allowed, samples: n, growing: rise > allowed };
}
