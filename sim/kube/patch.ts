// PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902), strategic merge (strategic-merge.ts), apply (as merge).
import { parse as parseYaml } from "yaml";
import { patchRejected, unsupportedMediaType } from "./errors.ts";
import { parseJson } from "./http.ts";
import { isRecord, deepEqual } from "./json.ts";
import { strategicMerge } from "./strategic-merge.ts";
import type { ResourceDef } from "./types.ts";

/** Applies an RFC 7386 merge patch: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** Thrown when a JSON patch cannot be applied; the message names the failing operation. */
export class PatchError extends Error {}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

function parsePointer(pointer: unknown): string[] {
  if (typeof pointer !== "string" || (pointer !== "" && !pointer.startsWith("/"))) throw new PatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer === "" ? [] : pointer.slice(1).split("/").map(unescapePointer);
}

type Container = Record<string, unknown> | unknown[];

/** The parent container of a pointer and the last token; throws when the parent does not exist. */
function locate(doc: unknown, tokens: string[], pointer: string): { parent: Container; key: string } {
  let cur = doc;
  for (const token of tokens.slice(0, -1)) {
    cur = Array.isArray(cur) ? cur[Number(token)] : isRecord(cur) ? cur[token] : undefined;
    if (!Array.isArray(cur) && !isRecord(cur)) throw new PatchError(`doc is missing path: "${pointer}": missing value`);
  }
  if (!Array.isArray(cur) && !isRecord(cur)) throw new PatchError(`doc is missing path: "${pointer}": missing value`);
  return { parent: cur, key: tokens.at(-1) ?? "" };
}

function indexOf(parent: unknown[], key: string, forInsert: boolean, pointer: string): number {
  if (forInsert && key === "-") return parent.length;
  const i = Number(key);
  const max = forInsert ? parent.length : parent.length - 1;
  if (!/^\d+$/.test(key) || i > max) throw new PatchError(`unable to access invalid index: ${key} in "${pointer}"`);
  return i;
}

function read(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, key } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) return parent[indexOf(parent, key, false, pointer)];
  if (!Object.hasOwn(parent, key)) throw new PatchError(`doc is missing key: "${pointer}": missing value`);
  return parent[key];
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(indexOf(parent, key, true, pointer), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const { parent, key } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(indexOf(parent, key, false, pointer), 1);
  else if (Object.hasOwn(parent, key)) delete parent[key];
  else throw new PatchError(`unable to remove nonexistent key: ${key}: missing value`);
  return doc;
}

/** Applies an RFC 6902 operation list to a copy of `doc`; throws PatchError on any failing operation. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  let out = structuredClone(doc);
  for (const op of ops as unknown[]) {
    if (!isRecord(op)) throw new PatchError("invalid operation");
    const path = op.path as string;
    switch (op.op) {
      case "add":
        out = add(out, path, structuredClone(op.value));
        break;
      case "remove":
        out = remove(out, path);
        break;
      case "replace":
        read(out, path);
        out = path === "" ? structuredClone(op.value) : add(remove(out, path), path, structuredClone(op.value));
        break;
      case "move": {
        const value = read(out, op.from as string);
        out = add(remove(out, op.from as string), path, value);
        break;
      }
      case "copy":
        out = add(out, path, structuredClone(read(out, op.from as string)));
        break;
      case "test":
        if (!deepEqual(read(out, path), op.value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}

/** The PATCH content types a resource takes (no strategic merge patch for a custom resource). */
export function patchTypes(def: ResourceDef): string[] {
  return ["application/json-patch+json", "application/merge-patch+json", ...(def.crd ? [] : ["application/strategic-merge-patch+json"]), "application/apply-patch+yaml"];
}

/** Applies a PATCH body of the given content type to `old`; 415 for types the resource does not take, 422 for failing JSON patches. */
export function applyPatch(def: ResourceDef, type: string, old: unknown, text: string): unknown {
  switch (type) {
    case "application/json-patch+json":
      try {
        return jsonPatch(old, parseJson(text));
      } catch (err) {
        if (err instanceof PatchError) throw patchRejected(err.message);
        throw err;
      }
    case "application/strategic-merge-patch+json":
      if (def.crd) throw unsupportedMediaType(patchTypes(def));
      return strategicMerge(def.kind, old, parseJson(text));
    case "application/merge-patch+json":
      return mergePatch(old, parseJson(text));
    case "application/apply-patch+yaml":
      return mergePatch(old, parseYaml(text) as unknown);
    default:
      throw unsupportedMediaType(patchTypes(def));
  }
}
