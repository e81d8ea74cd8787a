// Structured JSON logs, one line per entry, with secrets redacted by key name.
import "server-only";
import { config } from "./config";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

const SECRET_KEY = /secret|password|token|authorization|cookie|hash/i;

function threshold(): number {
  // LOG_LEVEL as validated with the other settings. A log call must never throw: with settings that do not validate
  // (the start-up check reports them), log at info.
  try {
    return LEVELS[config().logLevel];
  } catch {
    return LEVELS.info;
  }
}

function clean(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const e: Record<string, unknown> = { name: value.name, message: value.message };
    if (depth < 3 && value.cause !== undefined) e.cause = clean(value.cause, depth + 1);
    return e;
  }
  if (Array.isArray(value)) return depth > 4 ? "[…]" : value.map((v) => clean(v, depth + 1));
  if (value && typeof value === "object") {
    if (depth > 4) return "{…}";
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : clean(v, depth + 1)]),
    );
  }
  return value;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (LEVELS[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(fields ? (clean(fields) as object) : {}) });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

/** The console's logger: `log.info("pull started", { model })`. Keys that look secret are redacted. */
export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
