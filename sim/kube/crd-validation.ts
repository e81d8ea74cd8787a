// A custom resource's validation by its CRD's structural schema, as kube-apiserver v1.34 runs it
// (apiextensions-apiserver pkg/registry/customresource/strategy.go, pkg/apiserver/validation, kube-openapi's validate
// package, pkg/apiserver/schema/cel): first the OpenAPI checks (type, the date-time format, anyOf, pattern, minimum
// and maximum, items, enum, properties, required), each node's in kube-openapi's order; then, unless one of the errors
// so far blocks it (a Required, NotSupported, TooLong, TooMany or TypeInvalid), the CRD's CEL rules, else one error
// saying they were not run. An update ratchets: a node equal to the stored one (reached through object fields) reports
// nothing, where the real server turns the same errors into warnings that this simulator does not send. Keywords the
// served CRDs do not use are not implemented; the first one met is reported once on stderr.
import { CelEvalError, CelSyntaxError, compile, type Program } from "./cel.ts";
import type { SchemaNode } from "./crd-schemas.ts";
import type { FieldError } from "./errors.ts";
import { deepEqual, isRecord } from "./json.ts";
import { goQuote } from "./volume-fields.ts";

const IMPLEMENTED = new Set([
  "type", "format", "anyOf", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "items", "enum",
  "properties", "additionalProperties", "required", "nullable", "default", "description", "x-kubernetes-validations",
  "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-map-type", "x-kubernetes-list-type",
  "x-kubernetes-embedded-resource", "title", "example",
]);
// StripUnsupportedFormatsPostProcessor drops a format kube-apiserver does not know; of the rest only date-time is used.
const IGNORED_FORMATS = new Set(["int32", "int64", "float", "double", ""]);
const warned = new Set<string>();

function warnOnce(what: string): void {
  if (warned.has(what)) return;
  warned.add(what);
  console.error(`kube sim: custom resource validation does not implement ${what}; such a check is skipped`);
}

/** Go's %v of a float64: the shortest digits, in exponent form below 1e-4 or from 1e6 on (1e+06, 9.2e+18). */
function goFloat(n: number): string {
  const [digits = "", exp = "0"] = n.toExponential().split("e");
  const x = Number(exp);
  if (x >= -4 && x < 6) return String(n);
  return `${digits}e${x < 0 ? "-" : "+"}${String(Math.abs(x)).padStart(2, "0")}`;
}

/** A decoded JSON number as Go holds it: an int64 when it is a whole number that fits one, else a float64. */
const goNumber = (n: number) => (Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? String(n) : goFloat(n));

/** A value as field.Error prints it: a string quoted, a number or boolean bare, anything else as JSON. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number") return goNumber(value);
  return typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

/** What kube-openapi's schemaInfoForType calls a decoded JSON value: its type and, for a number, its Go format. */
function typeOf(value: unknown): [string, string] {
  if (typeof value === "boolean") return ["boolean", ""];
  if (typeof value === "string") return ["string", ""];
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? ["integer", "int64"] : ["number", "float64"];
  return Array.isArray(value) ? ["array", ""] : ["object", ""];
}

/** strfmt.IsDateTime: an RFC 3339 full-date, a "t" (any case), then hh:mm:ss, an optional fraction and a zone. */
function isDateTime(text: string): boolean {
  if (text.length < 4) return false;
  const [date = "", time] = text.toLowerCase().split("t");
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!d || time === undefined) return false;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > days) return false;
  const t = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(time);
  return !!t && t[1]! <= "23" && t[2]! <= "59" && t[3]! <= "59";
}

const child = (name: string, key: string) => (name ? `${name}.${key}` : key);
const typeError = (field: string, name: string, expected: string, actual: string): FieldError => ({
  field,
  type: "FieldValueTypeInvalid",
  body: `Invalid value: ${shown(actual)}: ${name} in body must be of type ${expected}: ${goQuote(actual)}`,
});

/**
 * kube-openapi's SchemaValidator on `value` at `name` (the path its messages print, relative to where validation
 * started), errors named `prefix` + name; `old` is the stored value there when it can be correlated.
 */
function schemaErrors(s: SchemaNode, value: unknown, name: string, prefix: string, old: unknown, out: FieldError[]): void {
  if (old !== undefined && deepEqual(value, old)) return;
  for (const key of Object.keys(s)) if (!IMPLEMENTED.has(key)) warnOnce(`the "${key}" keyword`);
  const field = prefix && name ? `${prefix}.${name}` : prefix || name || "<nil>";
  const types = s["x-kubernetes-int-or-string"] ? ["integer", "string"] : s.type ? [s.type] : [];
  const format = IGNORED_FORMATS.has(s.format ?? "") ? "" : (s.format ?? "");
  if (format && format !== "date-time") warnOnce(`the "${format}" format`);
  if (value === null) {
    if (types.length && !s.nullable) out.push(typeError(field, name, types.join(","), "null"));
    return;
  }
  const [actual, goFormat] = typeOf(value);
  // swag.IsFloat64AJSONInteger: a float64 that is whole and within ±2^53 passes as an integer.
  const floatInt = actual === "number" && Number.isInteger(value) && Math.abs(value as number) <= 2 ** 53;
  const fits = types.includes(actual) || ((floatInt || actual === "integer") && types.includes(floatInt ? "integer" : "number"));
  const textual = actual === "string" || actual === "array";
  if (format && !textual && !(fits || goFormat === format)) out.push(typeError(field, name, format, goFormat));
  else if (types.length && !fits && !(format && textual && !types.includes("integer") && !types.includes("number"))) out.push(typeError(field, name, types.join(","), actual));

  if (s.anyOf?.length) {
    const branches = s.anyOf.map((branch) => {
      const errors: FieldError[] = [];
      schemaErrors(branch, value, name, prefix, undefined, errors);
      return errors;
    });
    if (!branches.some((b) => b.length === 0)) {
      out.push({ field: prefix || "<nil>", type: "FieldValueInvalid", body: `Invalid value: "": ${goQuote(name)} must validate at least one schema (anyOf)` });
      out.push(...(branches[0] ?? []));
    }
  }
  if (typeof value === "string") {
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(value)) out.push({ field, type: "FieldValueInvalid", body: `Invalid value: ${shown(value)}: ${name} in body should match '${s.pattern}'` });
    if (format === "date-time" && !isDateTime(value)) out.push(typeError(field, name, "date-time", value));
  }
  if (typeof value === "number") {
    // Against an int64 the bound is compared and printed as an int64 too (MaximumNativeType).
    const bound = (b: number) => (actual === "integer" ? BigInt(Math.trunc(b)).toString() : goFloat(b));
    if (s.maximum !== undefined && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum)) {
      out.push({ field, type: "FieldValueInvalid", body: `Invalid value: ${shown(value)}: ${name} in body should be less than ${s.exclusiveMaximum ? "" : "or equal to "}${bound(s.maximum)}` });
    }
    if (s.minimum !== undefined && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum)) {
      out.push({ field, type: "FieldValueInvalid", body: `Invalid value: ${shown(value)}: ${name} in body should be greater than ${s.exclusiveMinimum ? "" : "or equal to "}${bound(s.minimum)}` });
    }
  }
  if (Array.isArray(value) && s.items) value.forEach((item, i) => schemaErrors(s.items!, item, `${name}[${i}]`, prefix, undefined, out));
  if (s.enum && !s.enum.some((allowed) => deepEqual(allowed, value))) {
    const allowed = s.enum.map((v) => (typeof v === "string" ? goQuote(v) : JSON.stringify(v))).join(", ");
    out.push({ field, type: "FieldValueNotSupported", body: `Unsupported value: ${shown(value)}: supported values: ${allowed}` });
  }
  if (isRecord(value)) {
    const was = isRecord(old) ? old : undefined;
    const extra = isRecord(s.additionalProperties) ? s.additionalProperties : undefined;
    if (extra) for (const [key, v] of Object.entries(value)) if (!s.properties?.[key]) schemaErrors(extra, v, child(name, key), prefix, was?.[key], out);
    for (const [key, v] of Object.entries(value)) {
      const sub = s.properties?.[key];
      if (sub) schemaErrors(sub, v, child(name, key), prefix, was?.[key], out);
    }
    for (const key of s.required ?? []) if (value[key] === undefined) out.push({ field: prefix ? `${prefix}.${child(name, key)}` : child(name, key), type: "FieldValueRequired", body: "Required value" });
  }
}

const programs = new Map<string, Program | null>();

function program(rule: string): Program | null {
  if (!programs.has(rule)) {
    try {
      programs.set(rule, compile(rule));
    } catch (error) {
      if (!(error instanceof CelSyntaxError)) throw error;
      warnOnce(`the CEL rule ${JSON.stringify(rule)} (${error.message})`);
      programs.set(rule, null);
    }
  }
  return programs.get(rule) ?? null;
}

const withRules = new WeakMap<SchemaNode, boolean>();

/** True when `s` or a node below it carries CEL rules (kube-apiserver builds no CEL validator for a CRD without); kept per node, as the walk asks at every level. */
function hasRules(s: SchemaNode | undefined): boolean {
  if (!s) return false;
  let found = withRules.get(s);
  if (found === undefined) {
    found = !!s["x-kubernetes-validations"]?.length || Object.values(s.properties ?? {}).some(hasRules) || hasRules(s.items) || (isRecord(s.additionalProperties) && hasRules(s.additionalProperties));
    withRules.set(s, found);
  }
  return found;
}

/** The CEL validator's walk: a node's rules, then its fields (an additionalProperties map's first) or items. */
function celErrors(s: SchemaNode, value: unknown, old: unknown, path: string, out: FieldError[]): void {
  if (value === null || value === undefined || !hasRules(s)) return;
  const unchanged = old !== undefined && deepEqual(value, old);
  for (const rule of s["x-kubernetes-validations"] ?? []) {
    const compiled = program(rule.rule);
    if (!compiled || (compiled.usesOldSelf && old === undefined) || (!compiled.usesOldSelf && unchanged)) continue;
    const message = rule.message?.trim() || `failed rule: ${rule.rule.trim()}`;
    const field = path || "<nil>";
    const type = s["x-kubernetes-int-or-string"] ? "" : (s.type ?? "");
    let passed: unknown;
    try {
      passed = compiled.eval(value, old);
    } catch (error) {
      if (!(error instanceof CelEvalError)) throw error;
      out.push({ field, type: "FieldValueInvalid", body: `Invalid value: ${goQuote(type)}: ${error.message} evaluating rule: ${rule.message?.trim() || rule.rule.trim()}` });
      continue;
    }
    if (passed !== true) out.push({ field, type: "FieldValueInvalid", body: `Invalid value: ${goQuote(type)}: ${message}` });
  }
  if (Array.isArray(value) && s.items) value.forEach((item, i) => celErrors(s.items!, item, undefined, `${path}[${i}]`, out));
  if (!isRecord(value)) return;
  const was = isRecord(old) && s["x-kubernetes-map-type"] !== "atomic" ? old : undefined;
  if (isRecord(s.additionalProperties)) for (const [key, v] of Object.entries(value)) celErrors(s.additionalProperties, v, was?.[key], `${path}[${key}]`, out);
  for (const [key, v] of Object.entries(value)) {
    const sub = s.properties?.[key];
    if (sub) celErrors(sub, v, was?.[key], path ? `${path}.${key}` : key, out);
  }
}

const BLOCKING = new Set(["FieldValueNotSupported", "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"]);

/**
 * The schema's and the CEL rules' errors for a custom resource written as `obj` (`old` on an update), after the
 * metadata's errors `prior`; through the status subresource only the status is checked against the schema.
 */
export function customResourceErrors(schema: SchemaNode, obj: Record<string, unknown>, prior: FieldError[], old?: Record<string, unknown>, subresource?: string): FieldError[] {
  const out: FieldError[] = [];
  if (subresource === "status") {
    const statusSchema = schema.properties?.status;
    if (statusSchema && obj.status !== undefined) schemaErrors(statusSchema, obj.status, "", "status", old?.status, out);
  } else schemaErrors(schema, obj, "", "", old, out);
  if (!hasRules(schema)) return out;
  if ([...prior, ...out].some((e) => BLOCKING.has(e.type))) {
    return [...out, { field: "<nil>", type: "FieldValueInvalid", body: "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation" }];
  }
  celErrors(schema, obj, old, "", out);
  return out;
}
