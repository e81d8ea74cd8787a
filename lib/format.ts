// Human-readable sizes, durations and times, shared by server and browser code.

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

/** 1234567890 → "1.23 GB" (decimal units, as Ollama and disk vendors print sizes). */
export function formatBytes(bytes: number | null | undefined, digits = 2): string {
  if (bytes == null || !Number.isFinite(bytes)) return "—";
  const sign = bytes < 0 ? "-" : "";
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1000 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  const text = i === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(digits);
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
