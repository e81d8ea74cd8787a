// Server-side apply (application/apply-patch+yaml, what `kubectl apply --server-side` sends), as
// sigs.k8s.io/structured-merge-diff's Updater.Apply does it under kube-apiserver's field manager: the config merged
// into the object along the kind's schema (typed/merge.go), the manager's Apply entry set to exactly the config's
// fields (typed/tofieldset.go), what it applied before and no longer does pruned unless someone else owns it, and a
// change to another manager's field a conflict unless forced. The field sets, the comparison and the managedFields
// encoding are managed-fields.ts's.
import { ApiError } from "./errors.ts";
import { resetFields, ZERO_SKELETONS, type FieldShape } from "./field-schema.ts";
import { deepEqual, isRecord, sortedKeys } from "./json.ts";
import {
  capUpdateManagers,
  cmpStr,
  compare,
  type Comparison,
  decode,
  encode,
  FieldSet,
  identity,
  isEmpty,
  itemElement,
  type ManagedFieldsEntry,
  resolve,
  rootShape,
  secondsStamp,
  STRIPPED,
  type Tracked,
  updateTracked,
  withoutManaged,
} from "./managed-fields.ts";
import { apiVersionOf } from "./resources.ts";
import { goJson } from "./volume-fields.ts";
import type { KubeObject, ResourceDef } from "./types.ts";

type Obj = Record<string, unknown>;

/** typed/tofieldset.go: every leaf, list element and empty map or null of a value, as a set of paths. */
function toFieldSet(value: unknown, shape: FieldShape | undefined, path: string[], out: FieldSet): void {
  const node = resolve(shape, value, undefined);
  if (node.kind === "leaf") return out.insert(path);
  if (node.kind === "map") {
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const at = [...path, `f:${key}`];
      toFieldSet(child, node.fields?.[key], at, out);
      if (child === null || (isRecord(child) && Object.keys(child).length === 0)) out.insert(at);
    }
    return;
  }
  if (node.keys === undefined && !node.set) return out.insert(path);
  const seen = new Set<string>();
  const element: FieldShape | undefined = node.set ? { atomic: true } : node.of;
  for (const item of Array.isArray(value) ? value : []) {
    const pe = itemElement(node, item);
    if (pe === undefined) continue;
    if (seen.has(pe)) {
      out.insert([...path, pe]);
      continue;
    }
    seen.add(pe);
    toFieldSet(item, element, [...path, pe], out);
    out.insert([...path, pe]);
  }
}

/** typed/merge.go with ruleKeepRHS: the config's values over the live object's, lists merged by key in its order. */
function mergeValues(l: unknown, r: unknown, shape: FieldShape | undefined): unknown {
  const node = resolve(shape, l, r);
  const leaf = () => (r !== undefined ? r : l);
  if (node.kind === "leaf") return leaf();
  if (node.kind === "map") {
    if (isEmpty(l) && isEmpty(r)) return leaf();
    const lm = isRecord(l) ? l : {};
    const rm = isRecord(r) ? r : {};
    const out: Obj = {};
    for (const key of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
      const merged = mergeValues(lm[key], rm[key], node.fields?.[key]);
      if (merged !== undefined) out[key] = merged;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if ((node.keys === undefined && !node.set) || (isEmpty(l) && isEmpty(r))) return leaf();
  const element: FieldShape | undefined = node.set ? { atomic: true } : node.of;
  const index = (list: unknown) => {
    const pes: string[] = [];
    const byPe = new Map<string, unknown>();
    for (const item of Array.isArray(list) ? list : []) {
      const pe = itemElement(node, item);
      if (pe === undefined || byPe.has(pe)) continue;
      pes.push(pe);
      byPe.set(pe, item);
    }
    return { pes, byPe };
  };
  const lhs = index(l);
  const rhs = index(r);
  // visitListItems: the live order, with the config's elements where the config puts them.
  const sharedOrder = rhs.pes.filter((pe) => lhs.byPe.has(pe));
  let nextShared = sharedOrder.shift();
  const mergedRhs = new Set<string>();
  const out: unknown[] = [];
  const push = (lChild: unknown, rChild: unknown) => {
    const merged = mergeValues(lChild, rChild, element);
    if (merged !== undefined) out.push(merged);
  };
  for (let li = 0, ri = 0; li < lhs.pes.length || ri < rhs.pes.length; ) {
    const lpe = lhs.pes[li];
    const rpe = rhs.pes[ri];
    if (lpe !== undefined && rpe !== undefined) {
      if (lpe === rpe) {
        mergedRhs.add(lpe);
        push(lhs.byPe.get(lpe), rhs.byPe.get(rpe));
        li++;
        ri++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (rhs.byPe.has(lpe) && nextShared !== undefined && nextShared !== lpe) {
        li++;
        continue;
      }
    }
    if (lpe !== undefined && li < lhs.pes.length) {
      if (!rhs.byPe.has(lpe)) {
        push(lhs.byPe.get(lpe), undefined);
        li++;
        continue;
      } else if (mergedRhs.has(lpe)) li++;
    }
    if (rpe !== undefined && ri < rhs.pes.length) {
      mergedRhs.add(rpe);
      push(lhs.byPe.get(rpe), rhs.byPe.get(rpe));
      ri++;
      if (nextShared !== undefined && nextShared === rpe) nextShared = sharedOrder.shift();
    }
  }
  return out.length ? out : undefined;
}

/** Removes the value at a path of path elements (a field, a keyed element, a set value) from `value`. */
function removePath(value: unknown, path: string[], shape: FieldShape | undefined): void {
  const [pe, ...rest] = path;
  if (pe === undefined) return;
  const node = resolve(shape, value, undefined);
  if (node.kind === "map" && isRecord(value) && pe.startsWith("f:")) {
    const key = pe.slice(2);
    if (rest.length === 0) delete value[key];
    else removePath(value[key], rest, node.fields?.[key]);
    return;
  }
  if (node.kind === "list" && Array.isArray(value)) {
    const at = value.findIndex((item) => itemElement(node, item) === pe);
    if (at < 0) return;
    if (rest.length === 0) value.splice(at, 1);
    else removePath(value[at], rest, node.set ? { atomic: true } : node.of);
  }
}

/** A path as a conflict names it: `.spec.template.spec.containers[name="c"].image`, `.metadata.finalizers[="x"]`. */
function showPath(path: string[]): string {
  return path
    .map((pe) => {
      if (pe.startsWith("f:")) return `.${pe.slice(2)}`;
      if (pe.startsWith("v:")) return `[=${pe.slice(2)}]`;
      const key = JSON.parse(pe.slice(2)) as Obj;
      return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}]`;
    })
    .join("");
}

/** How a conflict names a manager (printManager): `"bob" using v1`, `"x" with subresource "status" using v1`, `"alice"`. */
function printManager(entry: Tracked["entry"], time?: string): string {
  let out = JSON.stringify(entry.manager);
  if (entry.subresource) out += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === "Update") return time ? `${out} using ${entry.apiVersion} at ${time}` : `${out} using ${entry.apiVersion}`;
  return out;
}

/** 409 Conflict for an apply that would change fields other managers own (getConflictMessage). */
function applyConflict(conflicts: { owner: Tracked; path: string[] }[]): ApiError {
  const causes = conflicts.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${printManager(c.owner.entry)}`, field: showPath(c.path) }));
  let message: string;
  if (conflicts.length === 1 && conflicts[0]) message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].owner.entry)}: ${showPath(conflicts[0].path)}`;
  else {
    const owners = [...new Set(conflicts.map((c) => c.owner))].sort((a, b) => cmpStr(managerIdentifier(a.entry), managerIdentifier(b.entry)));
    const lines = owners.flatMap((o) => [`conflicts with ${printManager(o.entry)}:`, ...conflicts.filter((c) => c.owner === o).map((c) => `- ${showPath(c.path)}`)]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new ApiError(409, "Conflict", message, { causes });
}

/** BuildManagerIdentifier's JSON (the order managers sort in): manager, operation, apiVersion (not for Apply), subresource. */
function managerIdentifier(e: Tracked["entry"]): string {
  return JSON.stringify({ manager: e.manager, operation: e.operation, ...(e.operation === "Apply" ? {} : { apiVersion: e.apiVersion }), ...(e.subresource ? { subresource: e.subresource } : {}) });
}

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

const lastAppliedOf = (obj: unknown): string | undefined => {
  const annotations = isRecord(obj) && isRecord(obj.metadata) && isRecord(obj.metadata.annotations) ? obj.metadata.annotations : undefined;
  const text = annotations?.[LAST_APPLIED];
  return typeof text === "string" && text ? text : undefined;
};

/**
 * allowedConflictsFromLastApplied: the fields of a client-side apply's last-applied configuration (of the object's own
 * apiVersion) whose values the object still has; undefined when there is none, or it cannot be read.
 */
function fromLastApplied(live: KubeObject | undefined, liveValue: Obj, shape: FieldShape, apiVersion: string): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (!text) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(last) || last.apiVersion !== apiVersion) return undefined;
  const set = new FieldSet();
  toFieldSet(last, shape, [], set);
  const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compare(last, liveValue, shape, [], cmp);
  return set.difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/**
 * lastAppliedUpdater, after an apply by `kubectl` (what `kubectl apply --server-side` names itself): an object that
 * carries a client-side apply's annotation gets the applied configuration there instead (its own annotation taken
 * out), encoded as Go's json.Encoder writes it, newline included, so that a later client-side apply diffs against it.
 * The annotation is nobody's new field. Whether it changed.
 */
function syncLastApplied(merged: Obj, config: Obj): boolean {
  if (!lastAppliedOf(merged)) return false;
  const applied = structuredClone(config);
  if (isRecord(applied.metadata) && isRecord(applied.metadata.annotations)) delete applied.metadata.annotations[LAST_APPLIED];
  const text = `${goJson(sortedKeys(applied))}\n`;
  const annotations = (merged.metadata as { annotations: Record<string, string> }).annotations;
  if (annotations[LAST_APPLIED] === text) return false;
  annotations[LAST_APPLIED] = text;
  return true;
}

/** What an apply leaves: the object to store (undefined when nothing changed), and its managedFields. */
export interface Applied {
  object: Obj | undefined;
  managedFields: ManagedFieldsEntry[] | undefined;
}

/**
 * A server-side apply of `config` by `manager` over `live` (undefined: the apply creates the object): the config
 * merged into the object by schema; the fields the manager applied before and no longer does removed unless another
 * manager owns them; a field the config changes that another manager owns a 409 Conflict, unless `force` takes it;
 * the manager's Apply entry then holds exactly the config's fields. An object with no managedFields first has all its
 * fields given to `before-first-apply`. Through a `subresource` (status) only the fields it can change count, and the
 * entry names it.
 */
export function serverSideApply(def: ResourceDef, live: KubeObject | undefined, config: Obj, manager: string, force: boolean, subresource?: string, now = new Date()): Applied {
  const shape = rootShape(def);
  const apiVersion = apiVersionOf(def);
  const zero = () => structuredClone(ZERO_SKELETONS[def.kind] ?? {});
  const ignored = FieldSet.of(resetFields(def.kind, subresource, def.subresources.includes("status")).map((p) => p.map((f) => `f:${f}`)));
  const kept = (set: FieldSet) => set.recursiveDifference(ignored);
  const liveValue = live ? withoutManaged(live) : zero();
  let tracked = decode(live?.metadata.managedFields) ?? [];
  if (tracked.length === 0) tracked = updateTracked([], zero(), liveValue, shape, kept, { manager: "before-first-apply", operation: "Update", apiVersion, fieldsType: "FieldsV1" }, now);

  const merged = (mergeValues(liveValue, config, shape) ?? {}) as Obj;
  const configSet = new FieldSet();
  toFieldSet(config, shape, [], configSet);
  const applied = kept(configSet).difference(STRIPPED);
  const entry: Tracked["entry"] = { manager, operation: "Apply", apiVersion, fieldsType: "FieldsV1", ...(subresource ? { subresource } : {}) };
  const previous = tracked.find((t) => identity(t.entry) === identity(entry));
  const others = tracked.filter((t) => t !== previous);

  // prune: what the manager applied last time and no longer does goes, unless someone (it included) still owns it.
  if (previous) {
    const owned = others.reduce((set, t) => set.union(t.set), applied).paths();
    const ownsBelow = (p: string[]) => owned.some((q) => q.length >= p.length && p.every((pe, i) => q[i] === pe));
    // Shallower first: a removed element takes what is under it along (its key fields among them).
    // An element that stays (another manager owns something in it) keeps its key fields.
    const keyField = (p: string[]) => {
      const holder = p.at(-2) ?? "";
      return holder.startsWith("k:") && Object.keys(JSON.parse(holder.slice(2)) as Obj).includes((p.at(-1) ?? "").slice(2));
    };
    const gone = previous.set.paths().filter((p) => !ownsBelow(p) && !keyField(p)).sort((a, b) => a.length - b.length);
    for (const p of gone) removePath(merged, p, shape);
    // A field whose last member went, with nobody owning anything under it, goes too (EnsureNamedFieldsAreMembers).
    for (const p of gone) {
      for (let n = p.length - 1; n > 0; n--) {
        const parent = p.slice(0, n);
        const last = parent.at(-1) ?? "";
        if (!last.startsWith("f:") || ownsBelow(parent)) break;
        const holder = parent.slice(0, -1).reduce<unknown>((v, pe) => (isRecord(v) && pe.startsWith("f:") ? v[pe.slice(2)] : undefined), merged);
        const value = isRecord(holder) ? holder[last.slice(2)] : undefined;
        if (isEmpty(value) && value !== undefined) removePath(merged, parent, shape);
      }
    }
  }

  // update: conflicts with the other managers, then their fields that changed or went.
  const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compare(liveValue, merged, shape, [], cmp);
  const changed = kept(cmp.modified.union(cmp.added));
  const removed = kept(cmp.removed);
  const conflicts = others.flatMap((owner) => owner.set.intersection(changed).paths().map((path) => ({ owner, path })));
  if (conflicts.length && !force) {
    // lastAppliedManager: kubectl may take over what its client-side apply last set, where that is still as it set it.
    const allowed = manager === "kubectl" ? fromLastApplied(live, liveValue, shape, apiVersion) : undefined;
    const left = allowed ? conflicts.filter((c) => !allowed.has(c.path)) : conflicts;
    if (left.length) throw applyConflict(left);
  }
  for (const t of others) t.set = t.set.difference(t.set.intersection(changed)).difference(removed);
  const unchanged = deepEqual(liveValue, merged);
  // An apply that changes nothing keeps its entry's time (managedFieldsUpdater stamps only a changed object).
  const mine: Tracked = { entry, time: unchanged ? previous?.time : secondsStamp(now), set: applied };
  const result = capUpdateManagers([...others.filter((t) => !t.set.isEmpty()), ...(applied.isEmpty() ? [] : [mine])]);
  const synced = manager === "kubectl" && syncLastApplied(merged, config);
  return { object: unchanged && live && !synced ? undefined : merged, managedFields: result.length ? encode(result) : undefined };
}
