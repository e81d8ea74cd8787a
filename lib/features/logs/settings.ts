// Effective OLLAMA_* settings: what the Deployment asks for next to what the running process logged, explained, with a
// Kustomize patch to change them. Pure and browser-safe. Semantics follow ollama v0.17.4 envconfig/config.go.
import "server-only";
import settingsTable from "./settings.json";
import { patchFile } from "../../shared/kubernetes/patch-file";

export type SettingKind = "duration" | "uint" | "bool" | "string" | "level";

export interface SettingInfo {
  name: string;
  kind: SettingKind;
  /** Ollama's default, as an operator would write it. */
  defaultValue: string;
  /** One line: what it does. */
  explanation: string;
}

/** The settings the page explains, in the order it shows them (data in settings.json; the kinds are checked by its test). */
export const SETTINGS: readonly SettingInfo[] = settingsTable as SettingInfo[];

/** How the Deployment sets one variable. */
export type SpecValue = { value: string } | { from: string };

export interface SettingRow extends SettingInfo {
  /** What the Deployment's container spec says; undefined = not set (the default applies). */
  spec: SpecValue | undefined;
  /** What the running process logged; undefined = the line was not seen or the version does not log this key. */
  running: string | undefined;
  /**
   * same: spec (or the default) matches the running value; differs: they disagree (a rollout is pending or failed);
   * unknown: cannot compare (value from a Secret/ConfigMap, no server config line, or a value we cannot read).
   */
  status: "same" | "differs" | "unknown";
}

const GO_DURATION = /^([+-]?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
/** Go's time.Duration(math.MaxInt64), what Ollama prints for "forever". */
const FOREVER_MS = 9_223_372_036_854.775;

/** A Go duration ("30m", "1h0m0s") → ms; undefined if it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const m = GO_DURATION.exec(text.trim());
  if (!m) return text.trim() === "0" ? 0 : undefined;
  let ms = 0;
  for (const [, n, unit] of (m[2] ?? "").matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(n) * (UNIT_MS[unit ?? ""] ?? Number.NaN);
  return m[1] === "-" ? -ms : ms;
}

/** Ollama's Var(): trimmed, surrounding quotes removed. */
const envVar = (raw: string) => raw.trim().replace(/^["']+|["']+$/g, "");

/** Go strconv.ParseBool. */
function goBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** The value the process would run with, given the spec's text, as a comparable string; undefined when unreadable. */
export function effectiveFromSpec(info: SettingInfo, raw: string | undefined): string | undefined {
  const s = raw === undefined ? "" : envVar(raw);
  switch (info.kind) {
    case "duration": {
      // KeepAlive/LoadTimeout: Go duration, else whole seconds; negative (and 0 for the load timeout) = forever.
      let ms = s === "" ? parseGoDuration(info.defaultValue) : (parseGoDuration(s) ?? (/^-?\d+$/.test(s) ? Number(s) * 1000 : undefined));
      if (ms === undefined) ms = parseGoDuration(info.defaultValue);
      if (ms === undefined) return undefined;
      if (ms < 0 || (ms === 0 && info.name === "OLLAMA_LOAD_TIMEOUT")) return "forever";
      return String(Math.round(ms));
    }
    case "uint":
      // An invalid number falls back to the default (Ollama logs a warning).
      return /^\d+$/.test(s) ? String(BigInt(s)) : info.defaultValue;
    case "bool":
      // BoolWithDefault: empty = default, unparsable = true.
      return s === "" ? info.defaultValue : String(goBool(s) ?? true);
    case "level": {
      if (s === "") return "INFO";
      const b = goBool(s);
      if (b !== undefined) return b ? "DEBUG" : "INFO";
      const n = /^-?\d+$/.test(s) ? Number(s) : 0;
      return n === 0 ? "INFO" : slogLevel(n * -4);
    }
    case "string":
      return s === "" && info.name === "OLLAMA_KV_CACHE_TYPE" ? "" : s;
  }
}

function slogLevel(n: number): string {
  const named: [number, string][] = [[8, "ERROR"], [4, "WARN"], [0, "INFO"], [-4, "DEBUG"]];
  for (const [base, name] of named) if (n >= base) return n === base ? name : `${name}+${n - base}`;
  return `DEBUG${n + 4}`;
}

/** The running value (as %v printed it) in the same comparable form; undefined when unreadable. */
export function effectiveFromRunning(info: SettingInfo, printed: string): string | undefined {
  switch (info.kind) {
    case "duration": {
      const ms = parseGoDuration(printed);
      if (ms === undefined) return undefined;
      return ms >= FOREVER_MS - 1 ? "forever" : String(Math.round(ms));
    }
    case "uint":
      return /^\d+$/.test(printed) ? String(BigInt(printed)) : undefined;
    case "bool":
      return printed === "true" || printed === "false" ? printed : undefined;
    case "level":
    case "string":
      return printed;
  }
}

/** Names that look like they hold a credential: their values never leave the server. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;
const HIDDEN = "[hidden: the name looks like a credential]";

/** Rows for every explained setting plus any other OLLAMA_* the spec or the process names; credential-like values hidden. */
export function settingRows(spec: Record<string, SpecValue>, running: Record<string, string> | undefined): SettingRow[] {
  const known = new Set(SETTINGS.map((s) => s.name));
  const extra = [...new Set([...Object.keys(spec), ...Object.keys(running ?? {})])]
    .filter((n) => n.startsWith("OLLAMA_") && !known.has(n))
    .sort()
    .map((name): SettingInfo => ({ name, kind: "string", defaultValue: "", explanation: "" }));
  return [...SETTINGS, ...extra].map((info) => {
    const s = spec[info.name];
    const r = running?.[info.name];
    let status: SettingRow["status"] = "unknown";
    if (r !== undefined && (s === undefined || "value" in s)) {
      const want = effectiveFromSpec(info, s?.value);
      const have = effectiveFromRunning(info, r);
      if (want !== undefined && have !== undefined) {
        // Variables this page does not model (OLLAMA_HOST prints as a URL, OLLAMA_ORIGINS as a list) are never called different:
        // an equal text is the same, anything else is unknown rather than a false alarm.
        if (known.has(info.name)) status = want === have ? "same" : "differs";
        else if (s !== undefined && want === have) status = "same";
      }
    }
    if (SECRET_NAME.test(info.name)) return { ...info, spec: s && { from: HIDDEN }, running: r === undefined ? undefined : HIDDEN, status: "unknown" as const };
    return { ...info, spec: s, running: r, status };
  });
}

/** A value the operator typed for a setting, checked the way Ollama would read it; an error message or undefined. */
export function invalidValue(info: SettingInfo, value: string): string | undefined {
  const s = value.trim();
  if (s.length > 200) return `${info.name}: at most 200 characters`;
  if (/[\n\r]/.test(s)) return `${info.name}: one line only`;
  switch (info.kind) {
    case "duration":
      return parseGoDuration(s) !== undefined || /^-?\d+$/.test(s) ? undefined : `${info.name}: a duration like 30m, 1h or -1 (forever)`;
    case "uint":
      return /^\d{1,19}$/.test(s) ? undefined : `${info.name}: a whole number, 0 or more`;
    case "bool":
    case "level":
      return goBool(s) !== undefined || (info.kind === "level" && /^-?\d$/.test(s)) ? undefined : `${info.name}: true or false`;
    case "string":
      if (info.name === "OLLAMA_KV_CACHE_TYPE" && !["f16", "q8_0", "q4_0"].includes(s)) return `${info.name}: one of f16, q8_0, q4_0`;
      return undefined;
  }
}

const yamlString = (s: string) => JSON.stringify(s);

/** A strategic-merge patch (Kustomize `patches:`) setting these variables on the Deployment's Ollama container. */
export function kustomizePatch(deployment: { name: string; namespace: string; container: string }, changes: Record<string, string>): string {
  const env = Object.entries(changes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `            - name: ${name}\n              value: ${yamlString(value.trim())}`)
    .join("\n");
  return patchFile(
    ["Save as ollama-env.patch.yaml next to your overlay's kustomization.yaml and add:", "  patches:", "    - path: ollama-env.patch.yaml"],
    { apiVersion: "apps/v1", kind: "Deployment", name: deployment.name, namespace: deployment.namespace },
    ["spec:", "  template:", "    spec:", "      containers:", `        - name: ${deployment.container}`, "          env:", env],
  );
}

/** Bytes per KV element for a cache type (ggml block sizes: q8_0 34 B per 32, q4_0 18 B per 32). */
const KV_BYTES: Record<string, number> = { f16: 2, "": 2, q8_0: 34 / 32, q4_0: 18 / 32 };

export interface ModelShape {
  name: string;
  blockCount: number;
  /** KV width per token and layer: head_count_kv × head_dim (embedding_length × head_count_kv / head_count). */
  kvWidth: number;
}

/** KV cache estimate for one model: 2 (K and V) × layers × KV width × context × NUM_PARALLEL × bytes per element. */
export function kvCacheBytes(shape: ModelShape, context: number, parallel: number, cacheType: string): number | undefined {
  const per = KV_BYTES[cacheType];
  if (per === undefined || context <= 0 || parallel <= 0) return undefined;
  return Math.round(2 * shape.blockCount * shape.kvWidth * context * parallel * per);
}
