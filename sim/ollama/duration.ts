// keep_alive decoding as api.Duration does it: seconds as a number or a Go duration string; negative = forever.
import { HttpError } from "./http.ts";

/** time.Duration(math.MaxInt64) in milliseconds (≈292 years). */
export const FOREVER_MS = 9_223_372_036_854.775;

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds; throws its error text. */
export function parseGoDuration(text: string): number {
  const invalid = () => new HttpError(400, `time: invalid duration "${text}"`);
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    sign = s.startsWith("-") ? -1 : 1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw invalid();
  let total = 0;
  while (s !== "") {
    const m = /^(\d*)(\.\d*)?/.exec(s);
    const number = m?.[0] ?? "";
    if (number === "" || number === ".") throw invalid();
    s = s.slice(number.length);
    const unit = /^[^\d.]*/.exec(s)?.[0] ?? "";
    if (unit === "") throw new HttpError(400, `time: missing unit in duration "${text}"`);
    const factor = UNIT_MS[unit];
    if (factor === undefined) throw new HttpError(400, `time: unknown unit "${unit}" in duration "${text}"`);
    total += Number(number) * factor;
    s = s.slice(unit.length);
  }
  return sign * total;
}

/** Decodes a `keep_alive` field to milliseconds (FOREVER_MS when negative); undefined when absent. */
export function parseKeepAlive(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  let ms: number;
  if (typeof value === "number") ms = value < 0 ? -1 : Math.trunc(value) * 1000;
  else if (typeof value === "string") ms = parseGoDuration(value);
  else throw new HttpError(400, `Unsupported type: '${typeof value}'`);
  return ms < 0 ? FOREVER_MS : ms;
}
