// Reads one line of Ollama's log: the kubelet timestamp, Go slog's text format (key=value, quoted when needed),
// llama.cpp/ggml lines without a level, and Gin's request lines. Pure and browser-safe.
// Formats are those of ollama v0.17.4: logutil/logutil.go (slog.NewTextHandler with AddSource), llm/status.go (error prefixes).
import "server-only";

export type LogLevel = "error" | "warn" | "info" | "debug" | "trace" | "other";

export interface ParsedLine {
  /** Kubelet timestamp (timestamps=true), else slog's `time`, else undefined. */
  time: string | undefined;
  level: LogLevel;
  /** slog `source=file.go:123`. */
  source: string | undefined;
  /** slog `msg`, or the whole line without its timestamp for non-slog lines. */
  msg: string;
  /** slog attributes other than time/level/source/msg, unquoted. */
  attrs: Record<string, string>;
  /** The line as Ollama printed it (without the kubelet timestamp). */
  text: string;
}

const KUBELET_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;
const LEVELS: Record<string, LogLevel> = { ERROR: "error", WARN: "warn", INFO: "info", DEBUG: "debug", TRACE: "trace" };
/** llm/status.go errorPrefixes: what Ollama itself treats as the runner's error message. */
const ERROR_MARKERS = /(^|\s)(error:|CUDA error|ROCm error|cudaMalloc failed|hipMalloc failed|error loading model|GGML_ASSERT|panic:|fatal error:)/;

/** Unquotes a Go strconv.Quote string body (the common escapes; \u sequences kept as written). */
function unquote(body: string): string {
  return body.replace(/\\(["\\nrt])/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c));
}

/** Index of the closing quote of the Go-quoted string opening at `start`. */
function quotedEnd(text: string, start: number): number | undefined {
  let j = start + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
  return j < text.length ? j : undefined;
}

/** `k=v k2="quoted \" value"` → pairs, or undefined when the text is not slog's text format. */
export function parseSlogPairs(text: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === " ") i++;
    if (i >= text.length) break;
    let key: string;
    if (text[i] === '"') {
      // slog quotes keys that hold spaces: "model layers"=29.
      const end = quotedEnd(text, i);
      if (end === undefined || text[end + 1] !== "=") return undefined;
      key = unquote(text.slice(i + 1, end));
      i = end + 2;
    } else {
      const eq = text.indexOf("=", i);
      if (eq <= i) return undefined;
      key = text.slice(i, eq);
      if (/[\s"]/.test(key)) return undefined;
      i = eq + 1;
    }
    if (text[i] === '"') {
      const end = quotedEnd(text, i);
      if (end === undefined) return undefined;
      pairs.push([key, unquote(text.slice(i + 1, end))]);
      i = end + 1;
    } else {
      const end = text.indexOf(" ", i);
      const stop = end === -1 ? text.length : end;
      pairs.push([key, text.slice(i, stop)]);
      i = stop;
    }
  }
  return pairs;
}

/** Parses one log line; never throws, never guesses a level it cannot see (non-slog lines are "other" unless they carry an error marker). */
export function parseLine(line: string): ParsedLine {
  const stamp = KUBELET_TIME.exec(line);
  const text = stamp ? line.slice(stamp[0].length) : line;
  const kubeletTime = stamp?.[1];
  if (text.startsWith("time=")) {
    const pairs = parseSlogPairs(text);
    if (pairs) {
      const fields = new Map(pairs);
      const attrs: Record<string, string> = {};
      for (const [k, v] of pairs) if (!["time", "level", "source", "msg"].includes(k)) attrs[k] = v;
      const rawLevel = fields.get("level") ?? "";
      // slog prints levels between the named ones as "DEBUG-4", "INFO+2".
      const level = LEVELS[rawLevel] ?? LEVELS[rawLevel.replace(/[+-]\d+$/, "")] ?? "other";
      return { time: kubeletTime ?? fields.get("time"), level, source: fields.get("source"), msg: fields.get("msg") ?? "", attrs, text };
    }
  }
  const level: LogLevel = ERROR_MARKERS.test(text) ? "error" : "other";
  return { time: kubeletTime, level, source: undefined, msg: text, attrs: {}, text };
}

const SIZE = /^(\d+(?:\.\d+)?) (B|KiB|MiB|GiB|TiB)$/;
const UNIT: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** Ollama's format.HumanBytes2 ("23.6 GiB", "512 B") → bytes; undefined for anything else (never a guess). */
export function parseHumanBytes(text: string | undefined): number | undefined {
  const m = text === undefined ? null : SIZE.exec(text.trim());
  if (!m) return undefined;
  const unit = UNIT[m[2] ?? ""];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

/** llama.cpp's "%8.2f MiB" buffer sizes → bytes. */
export function parseMiB(text: string | undefined): number | undefined {
  const n = Number(text);
  return text !== undefined && text.trim() !== "" && Number.isFinite(n) ? Math.round(n * 1024 ** 2) : undefined;
}

/**
 * The `env` attribute of the `server config` line: Go's %v of a map[string]string, `map[K1:v1 K2:v2 …]`, keys sorted.
 * Values may hold spaces inside brackets (OLLAMA_ORIGINS:[http://a https://b]); undefined when the text is not that shape.
 */
export function parseGoMap(text: string): Record<string, string> | undefined {
  if (!text.startsWith("map[") || !text.endsWith("]")) return undefined;
  const body = text.slice(4, -1);
  const out: Record<string, string> = {};
  const KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?!\/\/)/;
  let depth = 0;
  let start = 0;
  const take = (end: number) => {
    const part = body.slice(start, end);
    const m = KEY.exec(part);
    if (!m) return false;
    out[m[1] ?? ""] = part.slice(m[0].length);
    return true;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "[") depth++;
    else if (c === "]") depth = Math.max(0, depth - 1);
    else if (c === " " && depth === 0 && KEY.test(body.slice(i + 1))) {
      if (!take(i)) return undefined;
      start = i + 1;
    }
  }
  if (body.length > 0 && !take(body.length)) return undefined;
  return out;
}
