// Reads a scenario: multi-document Kubernetes YAML plus one SimulatorState document; resolves `extends` and shifts timestamps.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, stringify } from "yaml";

export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), "scenarios");

export interface LoadedModelSpec {
  name: string;
  sizeVram?: "all" | "none" | number;
  keepAlive?: string | number;
}

/** The non-Kubernetes part of a scenario (see sim/README.md). */
export interface SimulatorState {
  extends?: string;
  referenceTime?: string;
  ollama: {
    version?: string;
    down?: boolean;
    models?: string[];
    loaded?: LoadedModelSpec[];
    partials?: { model: string; fraction: number }[];
    unreferencedBlobs?: { size: number }[];
  };
  volume: { pvc?: string; fillBytes?: number; pullBytesPerSecond?: number };
  snapshots: { readyAfterSeconds?: number; controller?: "normal" | "stalled" | "error"; errorMessage?: string };
  rbac: { forbid?: { verb: string; resource: string; group?: string }[] };
  api: { snapshotApi?: boolean };
}

export interface Scenario {
  name: string;
  state: SimulatorState;
  /** Kubernetes objects, timestamps already shifted to now. */
  objects: Record<string, unknown>[];
}

type Doc = Record<string, unknown>;
const SECTIONS = ["ollama", "volume", "snapshots", "rbac", "api"] as const;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isDoc(v: unknown): v is Doc {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function identity(o: Doc): string {
  const meta = isDoc(o.metadata) ? o.metadata : {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return [o.apiVersion, o.kind, meta.namespace, meta.name].map(text).join("|");
}

function resolvePath(nameOrFile: string): { name: string; path: string } {
  if (/^[a-z0-9-]+$/.test(nameOrFile)) {
    const path = join(SCENARIO_DIR, `${nameOrFile}.yaml`);
    if (!existsSync(path)) throw new Error(`unknown scenario "${nameOrFile}"`);
    return { name: nameOrFile, path };
  }
  if (!existsSync(nameOrFile)) throw new Error(`scenario file not found: ${nameOrFile}`);
  return { name: nameOrFile, path: nameOrFile };
}

function parse(text: string, source: string): { state: Doc; objects: Doc[] } {
  let state: Doc = {};
  const objects: Doc[] = [];
  parseAllDocuments(text).forEach((d, i) => {
    if (d.errors.length) throw new Error(`${source}: YAML document ${i + 1}: ${d.errors[0]?.message ?? "parse error"}`);
    const doc: unknown = d.toJS();
    if (!isDoc(doc)) return;
    if (doc.kind === "SimulatorState") state = doc;
    else objects.push(doc);
  });
  return { state, objects };
}

/** Moves every ISO timestamp by `deltaMs` (so a scenario's ages stay realistic whenever it is loaded). */
function shiftTimes(value: unknown, deltaMs: number): unknown {
  if (typeof value === "string" && ISO.test(value)) {
    const shifted = new Date(Date.parse(value) + deltaMs).toISOString();
    const fraction = /\.(\d+)/.exec(value)?.[1];
    if (!fraction) return shifted.replace(/\.\d{3}Z$/, "Z"); // metav1.Time: whole seconds
    return fraction.length === 6 ? shifted.replace("Z", "000Z") : shifted; // metav1.MicroTime keeps microseconds
  }
  if (Array.isArray(value)) return value.map((v) => shiftTimes(v, deltaMs));
  if (isDoc(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftTimes(v, deltaMs)]));
  return value;
}

function loadRaw(nameOrFile: string, seen: Set<string>): { name: string; state: Doc; objects: Doc[] } {
  const { name, path } = resolvePath(nameOrFile);
  if (seen.has(path)) throw new Error(`scenario "${nameOrFile}" extends itself`);
  seen.add(path);
  const own = parse(readFileSync(path, "utf8"), path);
  const referenceTime = typeof own.state.referenceTime === "string" ? Date.parse(own.state.referenceTime) : NaN;
  const objects = Number.isNaN(referenceTime) ? own.objects : (shiftTimes(own.objects, Date.now() - referenceTime) as Doc[]);
  if (typeof own.state.extends !== "string") return { name, state: own.state, objects };
  const base = loadRaw(own.state.extends, seen);
  const state: Doc = { ...base.state };
  for (const section of SECTIONS) {
    const b = isDoc(base.state[section]) ? base.state[section] : {};
    const o = isDoc(own.state[section]) ? own.state[section] : {};
    state[section] = { ...b, ...o };
  }
  const merged = new Map(base.objects.map((o) => [identity(o), o]));
  for (const o of objects) merged.set(identity(o), o);
  return { name, state, objects: [...merged.values()] };
}

/** Loads a named scenario (sim/scenarios/NAME.yaml) or any YAML file path. */
export function loadScenario(nameOrFile: string): Scenario {
  const raw = loadRaw(nameOrFile, new Set());
  const section = <K extends (typeof SECTIONS)[number]>(k: K) => (isDoc(raw.state[k]) ? raw.state[k] : {}) as SimulatorState[K];
  const state: SimulatorState = {
    ollama: section("ollama"),
    volume: section("volume"),
    snapshots: section("snapshots"),
    rbac: section("rbac"),
    api: section("api"),
  };
  return { name: raw.name, state, objects: raw.objects };
}

/** Kubernetes objects back to multi-document YAML (what the Kubernetes simulator loads). */
export function objectsYaml(objects: Record<string, unknown>[]): string {
  return objects.map((o) => stringify(o)).join("---\n");
}
