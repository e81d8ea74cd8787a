// Strategic merge patch (application/strategic-merge-patch+json), as k8s.io/apimachinery's strategicpatch applies one to
// a built-in kind: like a merge patch, except that a list whose Go field is tagged `patchStrategy:"merge"` is merged
// element by element on its patchMergeKey (a container by name, a port by containerPort, a condition by type…), or as
// a set when its elements are strings (finalizers), and that the patch may carry directives: `$patch: replace|delete`
// on a map or a list element, `$retainKeys` (the only keys a union such as a volume source keeps),
// `$setElementOrder/<list>` (the order of the merged list) and `$deleteFromPrimitiveList/<list>`. A list with no merge
// strategy is replaced, as in a merge patch. The merge keys are those of k8s.io/api v0.34's struct tags, for the kinds
// the simulator serves.
import { type ApiError, badRequest, bareError, HandlerPanic } from "./errors.ts";
import { isRecord } from "./json.ts";
import { fieldsOf } from "./protobuf.ts";
import { MESSAGES } from "./protobuf-messages.ts";

type Obj = Record<string, unknown>;

/**
 * How a list is merged: by the key its elements are matched on, or (`set`) as a set of strings. (Volumes and resource
 * claims are also tagged retainKeys, which only says that a patch may carry `$retainKeys`; that works on any map.)
 */
type ListStrategy = { key: string } | { set: true };

const byName: ListStrategy = { key: "name" };
const byType: ListStrategy = { key: "type" };

/** A container's merged lists. */
const CONTAINER: Record<string, ListStrategy> = { ports: { key: "containerPort" }, env: byName, volumeMounts: { key: "mountPath" }, volumeDevices: { key: "devicePath" } };

/** A pod spec's merged lists. */
const POD_SPEC: Record<string, ListStrategy> = {
  volumes: byName,
  initContainers: byName,
  containers: byName,
  ephemeralContainers: byName,
  imagePullSecrets: byName,
  hostAliases: { key: "ip" },
  topologySpreadConstraints: { key: "topologyKey" },
  schedulingGates: byName,
  resourceClaims: byName,
};

/**
 * Lists of objects that have no merge strategy (replaced whole), where the tables above are sure of it: a
 * `$setElementOrder` for one makes strategicpatch hash its objects, and Go panics. A list these tables do not know is
 * left alone (it may be keyed in Go, as a Pod's status.podIPs is).
 */
const ATOMIC_OBJECT_LISTS = { podSpec: new Set(["tolerations", "readinessGates"]), container: new Set(["envFrom"]) };

/** ObjectMeta's merged lists. */
const META: Record<string, ListStrategy> = { finalizers: { set: true }, ownerReferences: { key: "uid" } };

/** Where a kind keeps its pod spec, if it has one. */
const POD_SPEC_AT: Record<string, string> = { Pod: "spec", Deployment: "spec.template.spec", ReplicaSet: "spec.template.spec" };

/** The other merged lists of the kinds served, by path (list elements' paths have no index). */
const OTHER_LISTS: Record<string, Record<string, ListStrategy>> = {
  Pod: { "status.conditions": byType },
  Deployment: { "status.conditions": byType },
  ReplicaSet: { "status.conditions": byType },
  Node: { "status.conditions": byType, "status.addresses": byType, "spec.podCIDRs": { set: true } },
  Namespace: { "status.conditions": byType },
  PersistentVolumeClaim: { "status.conditions": byType },
  Service: { "spec.ports": { key: "port" } },
  ServiceAccount: { secrets: byName },
};

/** Where a list sits in a pod spec: at its top, in a container, or neither. */
function podSpecPlace(kind: string, path: string[]): "podSpec" | "container" | undefined {
  const podSpec = POD_SPEC_AT[kind];
  const joined = path.join(".");
  if (!podSpec || !joined.startsWith(`${podSpec}.`)) return undefined;
  const inside = joined.slice(podSpec.length + 1).split(".");
  if (inside.length === 1) return "podSpec";
  return inside.length === 2 && ["containers", "initContainers", "ephemeralContainers"].includes(inside[0] ?? "") ? "container" : undefined;
}

/** The merge strategy of the list at `path` (field names from the object's root) of a `kind`, if it has one. */
function listStrategy(kind: string, path: string[]): ListStrategy | undefined {
  const field = path.at(-1) ?? "";
  if (path.at(-2) === "metadata" && META[field]) return META[field];
  const place = podSpecPlace(kind, path);
  if (place === "podSpec") return POD_SPEC[field];
  if (place === "container") return CONTAINER[field];
  return OTHER_LISTS[kind]?.[path.join(".")];
}

/** Whether the list at `path` is one of objects replaced whole (ATOMIC_OBJECT_LISTS). */
function atomicObjectList(kind: string, path: string[]): boolean {
  const place = podSpecPlace(kind, path);
  return !!place && ATOMIC_OBJECT_LISTS[place].has(path.at(-1) ?? "");
}

const DIRECTIVE = /^\$(patch|retainKeys)$|^\$(setElementOrder|deleteFromPrimitiveList)\//;

/**
 * removeDirectives, for a value the original does not have: it is taken as it is, except that a map holding a `$patch`
 * directive is dropped (with what holds it: a list element, a field), as are nulls (the server ignores unmatched nulls)
 * and the other directives (which decoding would drop).
 */
function removeDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(removeDirectives).filter((v) => v !== undefined);
  if (!isRecord(value)) return value ?? undefined;
  if (value.$patch !== undefined) return undefined;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !DIRECTIVE.test(k))
      .map(([k, v]) => [k, removeDirectives(v)] as const)
      .filter(([, v]) => v !== undefined),
  );
}

/** A replacing `$patch: replace` map or list: the patch itself, without its directives and nulls. */
const plain = (value: unknown): unknown => removeDirectives(isRecord(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== "$patch")) : value);

/** Applies a strategic merge patch to an object of `kind`. */
export function strategicMerge(kind: string, target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  return mergeMap(kind, isRecord(target) ? target : {}, patch, []);
}

/** Go's %v of a decoded JSON value: maps as `map[k:v …]` with sorted keys, lists as `[a b]`, null as `<nil>`. */
function goPrint(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goPrint).join(" ")}]`;
  if (isRecord(value)) return `map[${Object.keys(value).sort().map((k) => `${k}:${goPrint(value[k])}`).join(" ")}]`;
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/** mergepatch.ErrBadPatchType, which the patch handler passes on as a bare error: a 500 with no reason. */
function badPatchType(directive: unknown, patch: Obj): ApiError {
  return bareError(`unknown patch type: ${goPrint(directive)} in map: ${goPrint(patch)}`);
}

/** Go's %s of reflect.TypeOf of a decoded JSON value (numbers decoded as int64 when whole, as the patch is). */
function goType(value: unknown): string {
  if (value === null || value === undefined) return "%!s(<nil>)";
  if (Array.isArray(value)) return "[]interface {}";
  if (isRecord(value)) return "map[string]interface {}";
  if (typeof value === "number") return Number.isInteger(value) ? "int64" : "float64";
  return typeof value === "boolean" ? "bool" : "string";
}

/**
 * The Go type strategicpatch looks a map's fields up in (PatchMetaFromStruct's T) at `path` of a `kind`: a struct, a
 * pointer to one (a field marked `?` in the protobuf tables), or a map; a list's elements are its element struct.
 * Undefined where the tables do not say (a map's values, a kind without a table).
 */
type GoType = { name: string; kind: "struct" | "ptr" } | { kind: "map" };

function goTypeAt(kind: string, path: string[]): GoType | undefined {
  if (!MESSAGES[kind]) return undefined;
  let at: GoType = { name: kind, kind: "struct" };
  for (const field of path) {
    if (at.kind === "map") return undefined;
    const spec = fieldsOf(at.name).get(field);
    if (spec?.shape === "map") at = { kind: "map" };
    else if (!spec || !MESSAGES[spec.type]) return undefined;
    else at = { name: spec.type, kind: spec.shape === "one" && spec.mark === "?" ? "ptr" : "struct" };
  }
  return at;
}

/**
 * LookupPatchMetadataForSlice of a `$setElementOrder` list's field in its map's Go type: the field must be one of the
 * struct's, and a slice or a pointer (a pointer's element is taken as the slice's); strategicpatch's errors otherwise,
 * the last naming the kind of the map's own type.
 */
function lookupOrderedField(parent: GoType | undefined, field: string, root: boolean): void {
  if (!parent) return;
  if (parent.kind === "map") throw bareError("merging an object in json but data type is not struct, instead is: map");
  const spec = fieldsOf(parent.name).get(field);
  if (!spec && !(root && (field === "apiVersion" || field === "kind"))) throw bareError(`unable to find api field in struct ${parent.name} for the json field "${field}"`);
  if (spec && (spec.shape === "list" || (spec.shape === "one" && spec.mark === "?") || spec.type === "bytes" || spec.type === "-")) return;
  throw bareError(`expected slice or array type, but got: ${parent.kind}`);
}

function mergeMap(kind: string, original: Obj, patch: Obj, path: string[]): Obj {
  // handleDirectiveInMergeMap: `delete` leaves an empty map (a list element with it is taken out by mergeList).
  if (patch.$patch === "delete") return {};
  if (patch.$patch === "replace") return plain(patch) as Obj;
  if (patch.$patch !== undefined) throw badPatchType(patch.$patch, patch);
  // A directive list that is no list: `$retainKeys` is a bad request, `$setElementOrder` a bare type error.
  if (patch.$retainKeys !== undefined && !Array.isArray(patch.$retainKeys)) throw badRequest("invalid patch format of retainKeys");
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith("$setElementOrder/")) continue;
    if (!Array.isArray(value)) throw badArgType("[]interface {}", value);
    // mergePatchIntoOriginal runs before the rest of the map is merged: the list in the patch must follow the order.
    const field = key.slice("$setElementOrder/".length);
    if (original[field] !== undefined && !Array.isArray(original[field])) throw badArgType("[]interface {}", original[field]);
    if (patch[field] !== undefined && !Array.isArray(patch[field])) throw badArgType("[]interface {}", patch[field]);
    lookupOrderedField(goTypeAt(kind, path), field, path.length === 0);
    const strategy = listStrategy(kind, [...path, field]);
    if (strategy && "key" in strategy) checkPatchAgainstOrder(Array.isArray(patch[field]) ? patch[field] : [], value, strategy.key);
  }
  const out: Obj = { ...original };
  if (Array.isArray(patch.$retainKeys)) for (const key of Object.keys(out)) if (!patch.$retainKeys.includes(key)) delete out[key];
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$")) continue;
    const here = [...path, key];
    const current = out[key];
    if (value === null) delete out[key];
    else if (Array.isArray(value) && Array.isArray(current)) out[key] = mergeList(kind, current, value, here);
    else if (isRecord(value) && isRecord(current)) out[key] = mergeMap(kind, current, value, here);
    else {
      // Not in the original (or of another type there): taken as it is, directives removed.
      const taken = removeDirectives(value);
      if (taken === undefined) delete out[key];
      else out[key] = taken;
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!Array.isArray(value)) continue;
    if (key.startsWith("$deleteFromPrimitiveList/")) {
      const field = key.slice("$deleteFromPrimitiveList/".length);
      if (Array.isArray(out[field])) out[field] = out[field].filter((v) => !value.includes(v));
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith("$setElementOrder/") || !Array.isArray(value)) continue;
    const field = key.slice("$setElementOrder/".length);
    // An order for a list that is neither in the original nor in the patch is taken, whatever it holds.
    if (original[field] === undefined && patch[field] === undefined) continue;
    const before = Array.isArray(original[field]) ? original[field] : [];
    const strategy = listStrategy(kind, [...path, field]);
    if (Array.isArray(out[field])) {
      if (strategy || atomicObjectList(kind, [...path, field])) checkMergedAgainstOrder(out[field], value, strategy);
      out[field] = normalizeOrder(out[field], value, before, keyFor(strategy));
    }
  }
  return out;
}

/** mergepatch.ErrBadArgType: a value of another Go type than the code expected there. */
const badArgType = (expected: string, value: unknown) => bareError(`expected a ${expected}, but received a ${goType(value)}`);
const noMergeKey = (element: Obj, key: string) => bareError(`map: ${goPrint(element)} does not contain declared merge key: ${key}`);

/** mergeKeyValueEqual: both elements maps that carry the merge key, compared on it. */
function sameKey(left: unknown, right: unknown, key: string): boolean {
  if (!isRecord(left)) throw badArgType("map[string]interface {}", left);
  if (!isRecord(right)) throw badArgType("map[string]interface {}", right);
  if (!(key in left)) throw noMergeKey(left, key);
  if (!(key in right)) throw noMergeKey(right, key);
  return left[key] === right[key];
}

/**
 * validatePatchWithSetOrderList, for a list with a merge key: the patch list's elements (those not deleted, directives
 * skipped) must come in the order's order.
 */
function checkPatchAgainstOrder(list: unknown[], order: unknown[], key: string): void {
  if (list.length === 0 || order.length === 0) return;
  for (const element of list) if (!isRecord(element)) throw badArgType("map[string]interface {}", element);
  const kept = (list as Obj[]).filter((v) => v.$patch !== "delete");
  let [i, j] = [0, 0];
  while (i < kept.length && j < order.length) {
    if (kept[i]!.$patch !== undefined) {
      i++;
      continue;
    }
    if (sameKey(kept[i], order[j], key)) i++;
    j++;
  }
  if (i < kept.length) throw bareError(`The order in patch list:\n${goPrint(list)}\n doesn't match $setElementOrder list:\n${goPrint(order)}\n`);
}

/**
 * The merged list against its order, as mergePatchIntoOriginal partitions it: with a merge key, each merged element is
 * looked up in the order (findMapInSliceBasedOnKeyValue stops at the first element that is no map), then every
 * element of the order must carry the key (normalizeSliceOrder); without one (a set of strings, or a list of objects
 * replaced whole), the elements are map keys in Go, and an object or a list is not hashable: a panic.
 */
function checkMergedAgainstOrder(merged: unknown[], order: unknown[], strategy: ListStrategy | undefined): void {
  if (!strategy || !("key" in strategy)) {
    if ([...merged, ...order].some((v) => isRecord(v) || Array.isArray(v))) throw new HandlerPanic("hash of unhashable type");
    return;
  }
  const { key } = strategy;
  for (const element of merged) {
    if (!isRecord(element)) throw badArgType("map[string]interface {}", element);
    if (!(key in element)) throw noMergeKey(element, key);
    for (const [k, o] of order.entries()) {
      if (!isRecord(o)) throw bareError(`value for key ${k} is not a map`);
      if (o[key] === element[key]) break;
    }
  }
  for (const o of order) {
    if (!isRecord(o)) throw badArgType("map[string]interface {}", o);
    if (!(key in o)) throw noMergeKey(o, key);
  }
}

/** The value a list's elements are matched on: its merge key's, or the element itself (a set of strings). */
type KeyOf = (v: unknown) => string | undefined;

const keyFor = (strategy: ListStrategy | undefined): KeyOf => (strategy && "key" in strategy ? (v) => (isRecord(v) ? JSON.stringify(v[strategy.key] ?? null) : undefined) : (v) => JSON.stringify(v));

/** A list merged as its strategy says; replaced when it has none. */
function mergeList(kind: string, original: unknown, patch: unknown[], path: string[]): unknown[] {
  const strategy = listStrategy(kind, path);
  if (!strategy) return removeDirectives(patch) as unknown[];
  // mergeSliceWithSpecialElements: a `$patch: replace` element makes the rest of the patch the list.
  if (patch.some((v) => isRecord(v) && v.$patch === "replace")) return removeDirectives(patch.filter((v) => !(isRecord(v) && v.$patch !== undefined))) as unknown[];
  const base: unknown[] = Array.isArray(original) ? [...(original as unknown[])] : [];
  const keyOf = keyFor(strategy);
  if ("set" in strategy) return normalizeOrder([...new Set([...base, ...patch].map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as unknown), patch, base, keyOf);
  // mergeSliceWithSpecialElements: the elements marked for deletion go first; the rest of the patch then merges in.
  for (const element of patch) if (isRecord(element) && element.$patch !== undefined && element.$patch !== "delete") throw badPatchType(element.$patch, element);
  const deleted = new Set(patch.filter((v) => isRecord(v) && v.$patch === "delete").map(keyOf));
  const kept = base.filter((v) => !deleted.has(keyOf(v)));
  const elements = patch.filter((v): v is Obj => isRecord(v) && v.$patch === undefined);
  const out = [...kept];
  for (const element of elements) {
    const at = out.findIndex((v) => keyOf(v) === keyOf(element));
    if (at < 0) out.push(removeDirectives(element));
    else {
      const current = out[at];
      out[at] = mergeMap(kind, isRecord(current) ? current : {}, element, path);
    }
  }
  return normalizeOrder(out, elements, kept, keyOf);
}

/**
 * normalizeElementOrder: the merged elements the patch (or a `$setElementOrder` list) names, in its order, woven into
 * the others in the server's order; where both are in the server's list, the earlier one there comes first.
 */
function normalizeOrder(merged: unknown[], order: unknown[], serverOrder: unknown[], keyOf: KeyOf): unknown[] {
  const index = (list: unknown[], v: unknown) => list.findIndex((x) => keyOf(x) === keyOf(v));
  const named = new Set(order.map(keyOf));
  const byIndex = (list: unknown[]) => (a: unknown, b: unknown) => {
    const [i, j] = [index(list, a), index(list, b)];
    return i >= 0 && j >= 0 ? i - j : 0;
  };
  const patchItems = merged.filter((v) => named.has(keyOf(v))).sort(byIndex(order));
  const serverOnly = merged.filter((v) => !named.has(keyOf(v))).sort(byIndex(serverOrder));
  const out: unknown[] = [];
  let [i, j] = [0, 0];
  while (i < serverOnly.length || j < patchItems.length) {
    if (i >= serverOnly.length) out.push(patchItems[j++]);
    else if (j >= patchItems.length) out.push(serverOnly[i++]);
    else {
      const [left, right] = [index(serverOrder, serverOnly[i]), index(serverOrder, patchItems[j])];
      out.push(left >= 0 && right >= 0 && left < right ? serverOnly[i++] : patchItems[j++]);
    }
  }
  return out;
}
