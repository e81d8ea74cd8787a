// metadata.managedFields, as kube-apiserver's field manager keeps them (k8s.io/apimachinery's
// pkg/util/managedfields/internal over sigs.k8s.io/structured-merge-diff v6) for the writes that are no server-side
// apply: every create, update and patch records, under the writer's manager name, operation `Update`, the API version
// and the subresource, the fields it added or changed, and takes them from the managers that owned them before; a
// field it removed leaves every manager. The fields are compared along the kind's schema (field-schema.ts): a list
// keyed by name is tracked per element (`k:{"name":"ollama"}`), a set per value (`v:"kubernetes"`), an atomic list,
// struct or map as one leaf. The fields a write cannot change (a main resource's status, the spec through status) are
// nobody's through it. Serialised as FieldsV1: `f:<field>`, with `.` for a node that is owned itself and has owned
// children. An object stored with no managed fields (created before tracking) gets none from an update, as real.
import { deepEqual, isRecord } from "./json.ts";
import { type FieldShape, resetFields, TYPES, ZERO_SKELETONS } from "./field-schema.ts";
import { apiVersionOf, defForKind } from "./resources.ts";
import type { KubeObject, ResourceDef } from "./types.ts";

type Obj = Record<string, unknown>;

/** Who writes: the manager name (the fieldManager parameter, else the user agent's product) and the subresource. */
export interface FieldWriter {
  manager: string;
  subresource?: string;
}

/** One metadata.managedFields entry, in the field order kube-apiserver encodes it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: "Update" | "Apply";
  apiVersion: string;
  time?: string;
  fieldsType: "FieldsV1";
  fieldsV1: Obj;
  subresource?: string;
}

/** A set of field paths: whether the path to this node is in the set itself, and the paths below it. */
export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  insert(path: readonly string[]): void {
    const [pe, ...rest] = path;
    if (pe === undefined) {
      this.member = true;
      return;
    }
    let next = this.children.get(pe);
    if (!next) this.children.set(pe, (next = new FieldSet()));
    next.insert(rest);
  }

  isEmpty(): boolean {
    return !this.member && [...this.children.values()].every((c) => c.isEmpty());
  }

  /** Every member path, from this node. */
  paths(prefix: string[] = []): string[][] {
    const out = this.member ? [prefix] : [];
    for (const [pe, child] of this.children) out.push(...child.paths([...prefix, pe]));
    return out;
  }

  static of(paths: readonly (readonly string[])[]): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.insert(p);
    return set;
  }

  union(other: FieldSet): FieldSet {
    return FieldSet.of([...this.paths(), ...other.paths()]);
  }

  /** The members also in `other`. */
  intersection(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((p) => other.has(p)));
  }

  /** The members not in `other` (exact paths). */
  difference(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((p) => !other.has(p)));
  }

  /** The members neither in `other` nor below one of its members. */
  recursiveDifference(other: FieldSet): FieldSet {
    return FieldSet.of(this.paths().filter((p) => !p.some((_, i) => other.has(p.slice(0, i + 1)))));
  }

  has(path: readonly string[]): boolean {
    const [pe, ...rest] = path;
    if (pe === undefined) return this.member;
    return this.children.get(pe)?.has(rest) ?? false;
  }

  /** FieldsV1: each child by its path element, `{}` for a leaf, `.` for a node owned itself with owned children. */
  toFieldsV1(includeSelf = false): Obj {
    const out: Obj = {};
    const kids = [...this.children].filter(([, c]) => !c.isEmpty()).sort(([a], [b]) => comparePathElements(a, b));
    if (includeSelf && this.member && kids.length) out["."] = {};
    for (const [pe, child] of kids) out[pe] = [...child.children.values()].some((c) => !c.isEmpty()) ? child.toFieldsV1(true) : {};
    return out;
  }

  static fromFieldsV1(value: unknown, into = new FieldSet()): FieldSet {
    if (!isRecord(value)) return into;
    for (const [pe, child] of Object.entries(value)) {
      if (pe === ".") {
        into.member = true;
        continue;
      }
      const node = new FieldSet();
      if (isRecord(child) && Object.keys(child).length > 0) FieldSet.fromFieldsV1(child, node);
      else node.member = true;
      into.children.set(pe, node);
    }
    return into;
  }
}

// Path elements sort as structured-merge-diff's: field names, then keys, then values, then indexes.
const PE_ORDER = ["f:", "k:", "v:", "i:"];
function comparePathElements(a: string, b: string): number {
  const byType = PE_ORDER.indexOf(a.slice(0, 2)) - PE_ORDER.indexOf(b.slice(0, 2));
  return byType !== 0 ? byType : a < b ? -1 : a > b ? 1 : 0;
}

/** What a write did, against the object before it: fields added, changed and removed. */
export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

type Resolved = { kind: "leaf" } | { kind: "map"; fields?: Readonly<Record<string, FieldShape>> } | { kind: "list"; keys?: readonly string[]; set?: boolean; of?: string };

/** How a value at a node with `shape` is compared; without a shape, as a map (an object) or a leaf (anything else). */
export function resolve(shape: FieldShape | undefined, l: unknown, r: unknown): Resolved {
  const sample = r ?? l;
  if (shape === undefined || typeof shape === "string") {
    if (!isRecord(sample)) return { kind: "leaf" };
    const type = shape === undefined ? undefined : TYPES[shape];
    return type && "atomic" in type ? { kind: "leaf" } : { kind: "map", fields: type };
  }
  if ("atomic" in shape || !Array.isArray(sample)) return { kind: "leaf" };
  return "set" in shape ? { kind: "list", set: true } : { kind: "list", keys: shape.keys, of: shape.of };
}

export const isEmpty = (v: unknown) => v === undefined || v === null || (isRecord(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);

/** The defaults the schema gives key fields of the served kinds' keyed lists (ContainerPort's and ServicePort's protocol). */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: "TCP" };

/** A list element's path element: its key fields (sorted by name) or, in a set, its value; undefined if a key is missing. */
export function itemElement(list: { keys?: readonly string[]; set?: boolean }, item: unknown): string | undefined {
  if (list.set) return `v:${JSON.stringify(item)}`;
  if (!isRecord(item)) return undefined;
  const key: Obj = {};
  for (const k of [...(list.keys ?? [])].sort()) {
    // A key field left out takes its schema default (a port's protocol is TCP), as listItemToPathElement does.
    const value = item[k] ?? KEY_DEFAULTS[k];
    if (value === undefined) return undefined;
    key[k] = value;
  }
  return `k:${JSON.stringify(key)}`;
}

/** structured-merge-diff's compare walker (typed/compare.go): `l` before, `r` after, undefined when absent. */
export function compare(l: unknown, r: unknown, shape: FieldShape | undefined, path: string[], out: Comparison): void {
  const node = resolve(shape, l, r);
  let leaf = false;
  const doLeaf = () => {
    leaf = true;
    if (l === undefined) out.added.insert(path);
    else if (r === undefined) out.removed.insert(path);
    else if (!deepEqual(l, r)) out.modified.insert(path);
  };
  if (node.kind === "leaf") doLeaf();
  else if (node.kind === "map") {
    if (isEmpty(l) && isEmpty(r)) doLeaf();
    else {
      const lm = isRecord(l) ? l : {};
      const rm = isRecord(r) ? r : {};
      for (const key of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
        // A key holding undefined is not there (JSON drops it).
        if (lm[key] === undefined && rm[key] === undefined) continue;
        const child = node.fields?.[key];
        compare(lm[key], rm[key], child, [...path, `f:${key}`], out);
      }
    }
  } else if ((node.keys === undefined && !node.set) || (isEmpty(l) && isEmpty(r))) doLeaf();
  else compareItems(Array.isArray(l) ? l : [], Array.isArray(r) ? r : [], node, path, out);
  if (!leaf) {
    if (l === undefined) out.added.insert(path);
    else if (r === undefined) out.removed.insert(path);
  }
}

/** A keyed list or set, element by element; duplicates are compared as one atomic group, as structured-merge-diff does. */
function compareItems(l: unknown[], r: unknown[], list: { keys?: readonly string[]; set?: boolean; of?: string }, path: string[], out: Comparison): void {
  const group = (items: unknown[]) => {
    const m = new Map<string, unknown[]>();
    for (const item of items) {
      const pe = itemElement(list, item);
      if (pe !== undefined) m.set(pe, [...(m.get(pe) ?? []), item]);
    }
    return m;
  };
  const lg = group(l);
  const rg = group(r);
  const element: FieldShape | undefined = list.set ? { atomic: true } : list.of;
  for (const pe of new Set([...lg.keys(), ...rg.keys()])) {
    const ll = lg.get(pe) ?? [];
    const rl = rg.get(pe) ?? [];
    const at = [...path, pe];
    if (ll.length <= 1 && rl.length <= 1) compare(ll[0], rl[0], element, at, out);
    else if (ll.length >= 2 && rl.length >= 2) {
      if (!deepEqual(ll, rl)) out.modified.insert(at);
    } else if (ll.length >= 2) {
      if (rl.length) compare(undefined, rl[0], element, at, out);
      out.removed.insert(at);
    } else {
      if (ll.length) compare(ll[0], undefined, element, at, out);
      out.added.insert(at);
    }
  }
}

// What no manager owns through any write (stripmeta.go).
export const STRIPPED = FieldSet.of([
  ["f:apiVersion"], ["f:kind"], ["f:metadata"],
  ...["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"].map((f) => ["f:metadata", `f:${f}`]),
]);

const MAX_UPDATE_MANAGERS = 10;

export interface Tracked {
  entry: Omit<ManagedFieldsEntry, "fieldsV1" | "time">;
  time?: string;
  set: FieldSet;
}

export const identity = (e: Tracked["entry"]) => JSON.stringify([e.manager, e.operation, e.operation === "Apply" ? "" : e.apiVersion, e.subresource ?? ""]);

/**
 * Reads stored or sent managedFields; undefined when they are not a valid list of FieldsV1 entries. Two entries of one
 * identity (manager, operation, API version but for Apply, subresource) are one, the later (a map keyed by identity).
 */
export function decode(value: unknown): Tracked[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = new Map<string, Tracked>();
  for (const e of value) {
    if (!isRecord(e) || e.fieldsType !== "FieldsV1" || !isRecord(e.fieldsV1) || typeof e.manager !== "string") return undefined;
    if ((e.operation !== "Apply" && e.operation !== "Update") || typeof e.apiVersion !== "string" || !e.apiVersion) return undefined;
    const operation: ManagedFieldsEntry["operation"] = e.operation === "Apply" ? "Apply" : "Update";
    const entry = { manager: e.manager, operation, apiVersion: e.apiVersion, fieldsType: "FieldsV1" as const, ...(typeof e.subresource === "string" && e.subresource ? { subresource: e.subresource } : {}) };
    out.set(identity(entry), { entry, time: typeof e.time === "string" ? e.time : undefined, set: FieldSet.fromFieldsV1(e.fieldsV1) });
  }
  return [...out.values()];
}

/** An empty list, or one empty entry: a client's way to clear managedFields (isResetManagedFields). */
function isReset(value: unknown): boolean {
  return Array.isArray(value) && (value.length === 0 || (value.length === 1 && isRecord(value[0]) && Object.keys(value[0]).length === 0));
}

export function encode(tracked: Tracked[]): ManagedFieldsEntry[] {
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const sorted = [...tracked].sort(
    (a, b) =>
      cmpStr(a.entry.operation, b.entry.operation) ||
      seconds(a.time) - seconds(b.time) ||
      cmpStr(a.entry.manager, b.entry.manager) ||
      cmpStr(a.entry.apiVersion, b.entry.apiVersion) ||
      cmpStr(a.entry.subresource ?? "", b.entry.subresource ?? ""),
  );
  return sorted.map(({ entry, time, set }) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    ...(time ? { time } : {}),
    fieldsType: "FieldsV1",
    fieldsV1: set.toFieldsV1(),
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  }));
}

export const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** More than ten Update entries: the oldest are merged into one `ancient-changes` entry (capmanagers.go). */
export function capUpdateManagers(tracked: Tracked[]): Tracked[] {
  const updaters = tracked.filter((t) => t.entry.operation === "Update");
  if (updaters.length <= MAX_UPDATE_MANAGERS) return tracked;
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  updaters.sort((a, b) => seconds(a.time) - seconds(b.time) || cmpStr(identity(a.entry), identity(b.entry)));
  let out = [...tracked];
  let length = updaters.length;
  let first: Tracked | undefined;
  for (const t of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    if (!first) {
      first = t;
      continue;
    }
    const bucketEntry = { manager: "ancient-changes", operation: "Update" as const, apiVersion: t.entry.apiVersion, fieldsType: "FieldsV1" as const };
    let bucket = out.find((x) => identity(x.entry) === identity(bucketEntry));
    if (!bucket) {
      // The oldest entry becomes the bucket.
      const made: Tracked = { entry: bucketEntry, time: first.time, set: first.set };
      out = out.map((x) => (x === first ? made : x));
      bucket = made;
    }
    if (t === bucket) continue;
    bucket.set = t.set.union(bucket.set);
    bucket.time = t.time;
    out = out.filter((x) => x !== t);
    length--;
  }
  return out;
}

/** The typed root of a kind: its Go type, or a custom resource's (only its metadata typed). */
export const rootShape = (def: ResourceDef): string => (def.crd && !TYPES[def.kind] ? "CustomResource" : def.kind);

export const withoutManaged = (obj: KubeObject | Obj): Obj => {
  const copy = structuredClone(obj) as Obj;
  if (isRecord(copy.metadata)) delete copy.metadata.managedFields;
  return copy;
};

/** RFC 3339 to the second, as metav1.Time is written. */
export const secondsStamp = (now: Date) => `${now.toISOString().slice(0, 19)}Z`;

/**
 * The managedFields `next` is stored with after `writer` wrote it over `live` (undefined: a create), or undefined for
 * none. `sent`: the managedFields the client's body carried, which replace the stored ones when valid (a client may
 * set them, or clear them with `[]`), except through a subresource.
 */
function trackWrite(def: ResourceDef, live: KubeObject | undefined, next: KubeObject, writer: FieldWriter, sent: unknown, now = new Date()): ManagedFieldsEntry[] | undefined {
  const subresource = writer.subresource;
  let tracked: Tracked[];
  const stored = decode(live?.metadata.managedFields) ?? [];
  if (subresource) tracked = stored;
  else if (isReset(sent)) tracked = [];
  else {
    const fromBody = decode(sent);
    tracked = fromBody && fromBody.length > 0 ? fromBody : stored;
  }
  // An object that exists but has no managed fields keeps none (skipnonapplied.go).
  if (tracked.length === 0 && live?.metadata.uid) return undefined;

  const before = live ? withoutManaged(live) : structuredClone(ZERO_SKELETONS[def.kind] ?? {});
  const ignored = FieldSet.of(resetFields(def.kind, subresource, def.subresources.includes("status")).map((p) => p.map((f) => `f:${f}`)));
  // Through ephemeralcontainers only spec.ephemeralContainers counts (its strategy's include filter).
  const kept = (set: FieldSet) => (subresource === "ephemeralcontainers" ? FieldSet.of(set.paths().filter((p) => p[0] === "f:spec" && p[1] === "f:ephemeralContainers")) : set.recursiveDifference(ignored));
  const entry = { manager: writer.manager, operation: "Update" as const, apiVersion: apiVersionOf(def), fieldsType: "FieldsV1" as const, ...(subresource ? { subresource } : {}) };
  const updated = updateTracked(tracked, before, withoutManaged(next), rootShape(def), kept, entry, now);
  return updated.length ? encode(updated) : undefined;
}

/**
 * One Update (structured-merge-diff's Updater.Update under managedFieldsUpdater): the fields the write changed (as
 * `kept` lets through) leave their owners, those it removed leave everyone; what it changed, but the server's own
 * metadata, joins `entry`'s fields, whose time is then now.
 */
export function updateTracked(tracked: Tracked[], before: unknown, after: unknown, shape: string | undefined, kept: (set: FieldSet) => FieldSet, entry: Tracked["entry"], now: Date): Tracked[] {
  const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compare(before, after, shape, [], cmp);
  const changed = kept(cmp.modified.union(cmp.added));
  const removed = kept(cmp.removed);
  for (const t of tracked) t.set = t.set.difference(t.set.intersection(changed)).difference(removed);
  const out = tracked.filter((t) => !t.set.isEmpty());
  const mine = changed.difference(STRIPPED);
  if (!mine.isEmpty()) {
    const previous = out.find((t) => identity(t.entry) === identity(entry));
    if (previous) {
      previous.set = mine.union(previous.set);
      previous.time = secondsStamp(now);
    } else out.push({ entry, time: secondsStamp(now), set: mine });
  }
  return capUpdateManagers(out);
}

const REPLICAS = ["f:spec", "f:replicas"];

/**
 * A write of `replicas` through a Deployment's or ReplicaSet's scale subresource, as the registry's ScaleHandler
 * tracks it: the owners of spec.replicas become the Scale's (under their identity, in autoscaling/v1), the Scale's
 * update by `manager` (subresource scale) runs over them, and the result goes back: an owner that lost
 * spec.replicas loses it in the parent; a new owner is an entry of its own, with no time. Returns the parent to store.
 */
export function scaleWrite(def: ResourceDef, parent: KubeObject, replicas: number, manager: string, now = new Date()): KubeObject {
  const parentVersion = apiVersionOf(def);
  const parentTracked = decode(parent.metadata.managedFields) ?? [];
  const owners = parentTracked.filter((t) => t.entry.apiVersion === parentVersion && t.set.has(REPLICAS));
  // ToSubresource keys each owner by its parent identity but records it in autoscaling/v1; the Scale's field manager
  // decodes it again under that version.
  let scaleTracked: Tracked[] = owners.map((t) => ({ entry: { ...t.entry, apiVersion: "autoscaling/v1" }, time: t.time, set: FieldSet.of([REPLICAS]) }));
  const old = getReplicas(parent);
  if (scaleTracked.length > 0) {
    // Scale.spec.replicas is an int32 with omitempty: 0 is not there.
    const scaleOf = (n: number) => ({ spec: n ? { replicas: n } : {} });
    const entry = { manager, operation: "Update" as const, apiVersion: "autoscaling/v1", fieldsType: "FieldsV1" as const, subresource: "scale" };
    scaleTracked = updateTracked(scaleTracked, scaleOf(old), scaleOf(replicas), undefined, (set) => set, entry, now);
  }
  // ToParent.
  const scaleFields = new Map(scaleTracked.map((t) => [identity(t.entry), t]));
  const out: Tracked[] = [];
  for (const t of parentTracked) {
    if (t.entry.apiVersion !== parentVersion || !t.set.has(REPLICAS)) out.push(t);
    else if (!scaleFields.delete(identity(t.entry))) {
      const rest = t.set.difference(FieldSet.of([REPLICAS]));
      if (!rest.isEmpty()) out.push({ ...t, set: rest });
    } else out.push(t);
  }
  for (const t of scaleFields.values()) if (t.set.has(["f:spec", "f:replicas"])) out.push({ entry: { ...t.entry, apiVersion: parentVersion }, time: undefined, set: FieldSet.of([REPLICAS]) });
  const next: KubeObject = { ...parent, spec: { ...(parent.spec as object), replicas } };
  const { managedFields: _m, ...metadata } = parent.metadata;
  next.metadata = out.length ? { ...metadata, managedFields: encode(out) } : metadata;
  return next;
}

const getReplicas = (obj: KubeObject): number => (isRecord(obj.spec) && typeof obj.spec.replicas === "number" ? obj.spec.replicas : 0);

/** Sets `next`'s managedFields for a write by `writer` over `live` (see trackWrite) at `now`, in a new metadata object; returns `next`. */
export function recordWrite(def: ResourceDef, live: KubeObject | undefined, next: KubeObject, writer: FieldWriter, sent: unknown = undefined, now = new Date()): KubeObject {
  const managed = trackWrite(def, live, next, writer, sent, now);
  const { managedFields: _m, ...metadata } = next.metadata;
  next.metadata = managed ? { ...metadata, managedFields: managed } : metadata;
  return next;
}

/** kube-controller-manager's writes, named by its user agent. */
export const CONTROLLER_MANAGER: FieldWriter = { manager: "kube-controller-manager" };
export const CONTROLLER_MANAGER_STATUS: FieldWriter = { manager: "kube-controller-manager", subresource: "status" };
/** The kubelet's status writes: in the real tier the kubelet is KWOK, whose client is named so. */
export const KUBELET_STATUS: FieldWriter = { manager: "kwok", subresource: "status" };

/** A controller's write of `next` over the stored `live` (undefined: a create), with its managedFields; a new object. */
export function writtenBy(writer: FieldWriter, live: KubeObject | undefined, next: KubeObject): KubeObject {
  return recordWrite(defForKind(next.kind), live, { ...next }, writer);
}

const FIELD_MANAGER_MAX = 128;

/**
 * The manager a request writes as: its fieldManager parameter, else its user agent up to the first `/` (unprintable
 * characters dropped, at most 128 bytes), else `unknown`.
 */
export function managerOf(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  let out = "";
  for (const ch of (userAgent ?? "").split("/")[0] ?? "") {
    if (!/\p{L}|\p{M}|\p{N}|\p{P}|\p{S}| /u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > FIELD_MANAGER_MAX) break;
    out += ch;
  }
  return out || "unknown";
}
