// The field errors kube-apiserver's volume checks build (field.Required, Invalid, NotSupported, Forbidden, TooLong), worded as
// ErrorBody prints them, and the readers of a free-form source the volume checks share.
import type { FieldError } from "./errors.ts";

export type Obj = Record<string, unknown>;

const GO_ESCAPES: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", '"': '\\"', "\\": "\\\\" };

/**
 * strconv.Quote, as %q prints a string: printable runes (letters, marks, numbers, punctuation, symbols, the ASCII
 * space) as they are, the usual short escapes, other ASCII controls as \xNN and other runes as \uNNNN or \UNNNNNNNN.
 * Unlike JSON.stringify ("\u0001" for "\x01").
 */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

export function goQuote(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (ch === " " || PRINTABLE.test(ch)) out += ch;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, "0")}`;
    // A lone surrogate was decoded by Go's JSON as U+FFFD, which is printable.
    else if (code >= 0xd800 && code <= 0xdfff) out += "\ufffd";
    else out += code < 0x10000 ? `\\u${code.toString(16).padStart(4, "0")}` : `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return `"${out}"`;
}

/**
 * A bad value held by a pointer (*string): field.Error prints it with json.Marshal, which escapes <, > and & (and
 * U+2028, U+2029) where %q would not.
 */
export class GoPointer {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

/** Go's json.Marshal of a value: <, > and & (and U+2028, U+2029) escaped. */
export const goJson = (value: unknown) => JSON.stringify(value ?? null).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** A bad value as field.Error prints it: strings with %q, numbers and booleans bare, anything else (slices, pointers) as JSON. */
const goValue = (value: unknown): string => {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return goQuote(value);
  return goJson(value instanceof GoPointer ? value.value : value);
};

export const required = (field: string, detail = ""): FieldError => ({ field, type: "FieldValueRequired", body: detail ? `Required value: ${detail}` : "Required value" });
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({ field, type: "FieldValueInvalid", body: `Invalid value: ${goValue(value)}: ${detail}` });
export const forbidden = (field: string, detail: string): FieldError => ({ field, type: "FieldValueForbidden", body: `Forbidden: ${detail}` });
export const tooLong = (field: string, max: number): FieldError => ({ field, type: "FieldValueTooLong", body: `Too long: may not be more than ${max} bytes` });
export const unsupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  field,
  type: "FieldValueNotSupported",
  body: `Unsupported value: ${goValue(value)}: supported values: ${supported.map(goQuote).join(", ")}`,
});

export const str = (v: unknown): string => (typeof v === "string" ? v : "");
export const int = (v: unknown): number => (typeof v === "number" ? v : 0);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const records = (v: unknown): Obj[] => list(v).map((x) => (typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Obj) : {}));

/** Required fields (empty string or list), each with real's detail text when it has one. */
export function requiredOf(source: Obj, at: string, fields: (string | [string, string])[]): FieldError[] {
  return fields.flatMap((f) => {
    const [key, detail] = typeof f === "string" ? [f, ""] : f;
    const v = source[key];
    const empty = Array.isArray(v) ? v.length === 0 : !str(v);
    return empty ? [required(`${at}.${key}`, detail)] : [];
  });
}

/** validatePathNoBacksteps: one error however many `..` elements. */
export const noBacksteps = (p: string, at: string): FieldError[] => (p.split("/").includes("..") ? [invalid(at, p, "must not contain '..'")] : []);

/** ValidateLocalNonReservedPath: relative, no `..` element, and no leading `..` (reported even when `..` is the whole path). */
export function localPath(p: string, at: string): FieldError[] {
  return [
    ...(p.startsWith("/") ? [invalid(at, p, "must be a relative path")] : []),
    ...noBacksteps(p, at),
    ...(p.startsWith("..") && !p.startsWith("../") ? [invalid(at, p, "must not start with '..'")] : []),
  ];
}

/** A file mode (defaultMode, an item's mode) must lie within 0 and 0777 when set. */
export const fileMode = (mode: unknown, at: string): FieldError[] =>
  typeof mode === "number" && (mode < 0 || mode > 0o777) ? [invalid(at, mode, "must be a number between 0 and 0777 (octal), both inclusive")] : [];

/** field.Duplicate. */
export const duplicate = (field: string, value: string): FieldError => ({ field, type: "FieldValueDuplicate", body: `Duplicate value: ${goQuote(value)}` });

/** field.NotFound. */
export const notFound = (field: string, value: string): FieldError => ({ field, type: "FieldValueNotFound", body: `Not found: ${goQuote(value)}` });

/** One Invalid per message a check gave for `value`. */
export const messages = (value: string, at: string, found: string[]): FieldError[] => found.map((m) => invalid(at, value, m));

/** validateLocalDescendingPath: relative and without `..`. */
export const descendingPath = (p: string, at: string): FieldError[] => [...(p.startsWith("/") ? [invalid(at, p, "must be a relative path")] : []), ...noBacksteps(p, at)];
