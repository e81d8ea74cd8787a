// Server-side field validation (the `fieldValidation` parameter, and kube-apiserver's strict decoding under it): a
// JSON body's fields the kind does not have and the keys it repeats are found as sigs.k8s.io/json's strict decoder
// finds them, in the order it meets them: `unknown field "spec.template.spec.containers[0].imagePullPolicyy"`,
// `duplicate field "data.a"`. Unknown fields are dropped whatever the setting (a Go struct cannot hold them), the last
// of repeated keys wins. `Strict` refuses the write (400 on a create or update, 422 on a patch), `Ignore` says
// nothing, `Warn` (the default) answers each as a warning. A patch's own problems come first (a merge patch's repeated
// keys; a JSON patch's operations' unknown and repeated keys, `json patch unknown field "[1].Op"`), then the fields the
// patched object does not have, its keys in Go's sorted order. The built-in kinds are known from the simulator's
// protobuf tables (protobuf-messages.ts), which name every field of every served type (managedFields, which the server
// writes itself, is not checked); a custom resource from its CRD's schema (crd-schemas.ts): the repeated keys of its
// body, then its metadata's unknown fields, then what the schema does not declare, sorted.
import { crdSchema, prune } from "./crd-schemas.ts";
import { ApiError, badRequest } from "./errors.ts";
import { isRecord, sortedKeys } from "./json.ts";
import { type FieldSpec, fieldsOf } from "./protobuf.ts";
import { MESSAGES } from "./protobuf-messages.ts";
import type { ResourceDef } from "./types.ts";
import { goJson, goQuote } from "./volume-fields.ts";

/** JSON kept in document order, repeated keys included. */
type Ordered = { object: [string, Ordered][] } | { array: Ordered[] } | { scalar: unknown };

/** Reads JSON text that JSON.parse has already taken into document-ordered entries. */
function parseOrdered(text: string): Ordered {
  let at = 0;
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at] ?? "")) at++;
  };
  const value = (): Ordered => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const object: [string, Ordered][] = [];
      space();
      if (text[at] === "}") {
        at++;
        return { object };
      }
      for (;;) {
        space();
        const key = string();
        space();
        at++; // :
        object.push([key, value()]);
        space();
        if (text[at++] === "}") return { object };
      }
    }
    if (c === "[") {
      at++;
      const array: Ordered[] = [];
      space();
      if (text[at] === "]") {
        at++;
        return { array };
      }
      for (;;) {
        array.push(value());
        space();
        if (text[at++] === "]") return { array };
      }
    }
    if (c === '"') return { scalar: string() };
    const start = at;
    while (at < text.length && !",}] \t\n\r".includes(text[at] ?? "")) at++;
    return { scalar: JSON.parse(text.slice(start, at)) as unknown };
  };
  const string = (): string => {
    const start = at++;
    while (text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  return value();
}

/** What a check found: the messages in order, and where the unknown fields are (to drop them). */
export interface FieldProblems {
  messages: string[];
  unknown: (string | number)[][];
}

const ROOT: FieldSpec = { json: "", type: "", shape: "one", mark: "" };
const TYPE_META = new Set(["apiVersion", "kind"]);

/** Walks a value along `message`'s fields; `entries` lists an object's keys and values in the order to report them. */
function walk(node: unknown, message: string, root: boolean, path: (string | number)[], out: FieldProblems, entries: (node: unknown) => [string, unknown][] | undefined, items: (node: unknown) => unknown[] | undefined, duplicates = true): void {
  const pairs = entries(node);
  if (!pairs) return;
  const fields = fieldsOf(message);
  const seen = new Set<string>();
  for (const [key, child] of pairs) {
    const at = [...path, key];
    if (duplicates && seen.has(key)) out.messages.push(`duplicate field "${show(at)}"`);
    seen.add(key);
    const spec = fields.get(key) ?? (root && TYPE_META.has(key) ? ROOT : undefined);
    if (!spec) {
      out.messages.push(`unknown field "${show(at)}"`);
      out.unknown.push(at);
      continue;
    }
    if (spec === ROOT || spec.type === "-") continue;
    const message = MESSAGES[spec.type] ? spec.type : undefined;
    if (spec.shape === "list") {
      (items(child) ?? []).forEach((item, i) => message && walk(item, message, false, [...at, i], out, entries, items, duplicates));
    } else if (spec.shape === "map") {
      const mapSeen = new Set<string>();
      for (const [k, v] of entries(child) ?? []) {
        if (duplicates && mapSeen.has(k)) out.messages.push(`duplicate field "${show([...at, k])}"`);
        mapSeen.add(k);
        if (message) walk(v, message, false, [...at, k], out, entries, items, duplicates);
      }
    } else if (message) walk(child, message, false, at, out, entries, items, duplicates);
  }
}

/** A path as the decoder names it: `spec.containers[0].name`. */
function show(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

const orderedEntries = (node: unknown): [string, unknown][] | undefined => (isRecord(node) && Array.isArray(node.object) ? (node.object as [string, Ordered][]) : undefined);
const orderedItems = (node: unknown): unknown[] | undefined => (isRecord(node) && Array.isArray(node.array) ? (node.array as Ordered[]) : undefined);
const sortedEntries = (node: unknown): [string, unknown][] | undefined => (isRecord(node) ? Object.keys(node).sort().map((k) => [k, node[k]]) : undefined);
const plainItems = (node: unknown): unknown[] | undefined => (Array.isArray(node) ? node : undefined);

/** Whether the simulator can check a kind's fields: a built-in kind by its tables, a custom resource by its CRD's schema. */
function checksFields(def: ResourceDef): boolean {
  return def.crd ? crdSchema(def) !== undefined : MESSAGES[def.kind] !== undefined;
}

/** The repeated keys of a JSON document, anywhere, in document order (what decoding into an unstructured object finds). */
function duplicateKeys(node: Ordered, path: (string | number)[], out: FieldProblems, prefix = ""): void {
  if ("array" in node) node.array.forEach((item, i) => duplicateKeys(item, [...path, i], out, prefix));
  if (!("object" in node)) return;
  const seen = new Set<string>();
  for (const [key, child] of node.object) {
    if (seen.has(key)) out.messages.push(`${prefix}duplicate field "${show([...path, key])}"`);
    seen.add(key);
    duplicateKeys(child, [...path, key], out, prefix);
  }
}

const PATCH_OPERATION_FIELDS = new Set(["op", "path", "from", "value"]);

/**
 * A JSON patch's own problems, as the patch handler's strict decode into its operations (op, path, from, value)
 * finds them, in document order: an operation's other keys (matched case by case), its repeated keys, the repeated
 * keys inside a value.
 */
function jsonPatchProblems(node: Ordered, out: FieldProblems): void {
  if (!("array" in node)) return;
  node.array.forEach((operation, i) => {
    if (!("object" in operation)) return;
    const seen = new Set<string>();
    for (const [key, child] of operation.object) {
      if (!PATCH_OPERATION_FIELDS.has(key)) out.messages.push(`json patch unknown field "${show([i, key])}"`);
      else if (seen.has(key)) out.messages.push(`json patch duplicate field "${show([i, key])}"`);
      seen.add(key);
      if (key === "value") duplicateKeys(child, [i, key], out, "json patch ");
    }
  });
}

/**
 * A custom resource's problems after its keys' (the apiextensions handler's order): its metadata's unknown fields
 * (read as an ObjectMeta), then the fields its CRD's schema does not declare, sorted; the nulls the schema allows
 * nowhere are dropped without a word.
 */
function customResourceProblems(def: ResourceDef, obj: unknown, metadata: unknown, entries: (node: unknown) => [string, unknown][] | undefined, items: (node: unknown) => unknown[] | undefined, out: FieldProblems): void {
  const schema = crdSchema(def);
  if (!schema || !isRecord(obj)) return;
  walk(metadata, "ObjectMeta", false, ["metadata"], out, entries, items, false);
  const pruned = prune(structuredClone(obj), schema);
  for (const [shown, at] of pruned.fields) {
    out.messages.push(`unknown field "${shown}"`);
    out.unknown.push(at);
  }
  out.unknown.push(...pruned.nulls);
}

/** A decoded document's problems, in document order: `ordered` is its text as read, `plain` the same parsed. */
function documentProblems(def: ResourceDef, ordered: Ordered, plain: unknown, out: FieldProblems): void {
  if (!def.crd) walk(ordered, def.kind, true, [], out, orderedEntries, orderedItems);
  else {
    duplicateKeys(ordered, [], out);
    const metadata = orderedEntries(ordered)?.findLast(([k]) => k === "metadata")?.[1];
    customResourceProblems(def, plain, metadata, orderedEntries, orderedItems, out);
  }
}

/** A create's or update's JSON body, in document order. */
export function bodyProblems(def: ResourceDef, text: string): FieldProblems {
  const out: FieldProblems = { messages: [], unknown: [] };
  if (checksFields(def)) documentProblems(def, parseOrdered(text), JSON.parse(text) as unknown, out);
  return out;
}

/** A JSON pointer's segments (RFC 6901: `~1` is `/`, `~0` is `~`). */
const pointer = (path: string) => path.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));

/**
 * The patched object as kube-apiserver decodes it after a JSON patch: evanphx/json-patch writes its document with
 * sorted keys but keeps the bytes of each value an add or replace put in, repeated keys included.
 */
function jsonPatched(patch: Ordered, patched: unknown): Ordered {
  const tree = parseOrdered(JSON.stringify(sortedKeys(patched)));
  for (const operation of "array" in patch ? patch.array : []) {
    if (!("object" in operation)) continue;
    const field = (name: string) => operation.object.findLast(([k]) => k === name)?.[1];
    const [op, path, value] = [field("op"), field("path"), field("value")];
    if (!op || !("scalar" in op) || (op.scalar !== "add" && op.scalar !== "replace") || !path || !("scalar" in path) || typeof path.scalar !== "string" || !value) continue;
    const segments = pointer(path.scalar);
    let node: Ordered | undefined = tree;
    for (const segment of segments.slice(0, -1)) node = child(node, segment);
    const last = segments.at(-1);
    if (!node || last === undefined) continue;
    if ("object" in node) {
      const entry = node.object.findLast(([k]) => k === last);
      if (entry) entry[1] = value;
    } else if ("array" in node) {
      const index = last === "-" ? node.array.length - 1 : Number(last);
      if (index >= 0 && index < node.array.length) node.array[index] = value;
    }
  }
  return tree;
}

function child(node: Ordered | undefined, segment: string): Ordered | undefined {
  if (node && "object" in node) return node.object.findLast(([k]) => k === segment)?.[1];
  if (node && "array" in node) return node.array[Number(segment)];
  return undefined;
}

/**
 * A patch's problems: its own (a merge patch's repeated keys anywhere, a JSON patch's as its operations decode), then
 * the patched object's: its unknown fields in sorted order, and after a JSON patch the repeated keys of the values it
 * put in.
 */
export function patchProblems(def: ResourceDef, type: string, patchText: string, patched: unknown): FieldProblems {
  const out: FieldProblems = { messages: [], unknown: [] };
  if (!checksFields(def)) return out;
  const patch = parseOrdered(patchText);
  if (type === "application/json-patch+json") {
    jsonPatchProblems(patch, out);
    documentProblems(def, jsonPatched(patch, patched), patched, out);
    return out;
  }
  duplicateKeys(patch, [], out);
  if (!def.crd) walk(patched, def.kind, true, [], out, sortedEntries, plainItems);
  else customResourceProblems(def, patched, isRecord(patched) ? patched.metadata : undefined, sortedEntries, plainItems, out);
  return out;
}

/** Drops the unknown fields from a decoded object, as the Go structs it is decoded into do. */
export function dropUnknown(obj: unknown, problems: FieldProblems): void {
  for (const path of problems.unknown) {
    let node: unknown = obj;
    for (const p of path.slice(0, -1)) node = isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[p] : undefined;
    const last = path.at(-1);
    if (isRecord(node) && typeof last === "string") delete node[last];
  }
}

export type FieldValidation = "" | "Ignore" | "Warn" | "Strict";

/** A create's or update's problems under `validation`: Strict refuses them (400); the warnings to answer otherwise. */
export function strictBody(def: ResourceDef, validation: FieldValidation, problems: FieldProblems): string[] {
  if (!problems.messages.length || validation === "Ignore") return [];
  if (validation === "Strict") throw badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${problems.messages.join(", ")}`);
  return problems.messages;
}

/** Go's %v of a decoded patch (a strategic merge patch's, its null values gone): map[k:v …] with sorted keys, [a b]. */
function goValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (isRecord(v)) return `map[${Object.keys(v).sort().filter((k) => v[k] !== null).map((k) => `${k}:${goValue(v[k])}`).join(" ")}]`;
  if (v === null) return "<nil>";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * A patch's problems under `validation`: Strict refuses them as an invalid `patch` (422) quoting a strategic merge
 * patch as Go prints its map, another patch's result as its JSON; the warnings to answer otherwise.
 */
export function strictPatch(validation: FieldValidation, problems: FieldProblems, type: string, patch: unknown, patched: unknown): string[] {
  if (!problems.messages.length || validation === "Ignore") return [];
  if (validation !== "Strict") return problems.messages;
  const shown = type === "application/strategic-merge-patch+json" ? goQuote(goValue(patch)) : goQuote(goJson(sortedKeys(patched)));
  const body = `Invalid value: ${shown}: strict decoding error: ${problems.messages.join(", ")}`;
  throw new ApiError(422, "Invalid", ` "" is invalid: patch: ${body}`, { causes: [{ reason: "FieldValueInvalid", message: body, field: "patch" }] });
}
