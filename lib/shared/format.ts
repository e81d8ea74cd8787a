// Human-readable sizes, durations and times, shared by server and browser code.

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/**
 * 1073741824 → "1 GiB", 107374182400 → "100 GiB". Binary units everywhere, so a size always reads like the Kubernetes
 * quantity it sits next to (a 100Gi PVC is "100 GiB", never "107 GB") and every screen uses one unit system.
 * Trailing zeros are dropped ("50 GiB", "1.5 GiB").
 */
export function formatBytes(bytes: number | null | undefined, digits = 2): string {
  if (bytes == null || !Number.isFinite(bytes)) return "—";
  const sign = bytes < 0 ? "-" : "";
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const fixed = i === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(digits);
  const text = fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
  return `${sign}${text} ${UNITS[i]}`;
}

/** Bytes per second → "85.3 MB/s". */
export function formatRate(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond == null || !Number.isFinite(bytesPerSecond)) return "—";
  return `${formatBytes(bytesPerSecond, 1)}/s`;
}

/** Seconds → "45s", "3m 20s", "2h 5m", "3d 4h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** An ISO time → "3m ago" relative to `now` (ms). */
export function formatAge(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "—";
  const diff = (now - t) / 1000;
  if (diff < 5) return "just now";
  return `${formatDuration(diff)} ago`;
}

/** 0.8123 → "81.2 %". */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio == null || !Number.isFinite(ratio)) return "—";
  return `${(ratio * 100).toFixed(digits)} %`;
}

/** Axis ticks for a byte scale that read as round binary sizes (0, 25 GiB, 50 GiB…), covering `max`. */
export function binaryTicks(max: number, count = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0];
  let unit = 1;
  while (max / unit >= 1024) unit *= 1024;
  const raw = max / unit / count;
  const step = ([1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => s >= raw) ?? 1000) * unit;
  const ticks: number[] = [];
  for (let t = 0; ticks.length === 0 || ticks.at(-1)! < max; t += step) ticks.push(t);
  return ticks;
}
