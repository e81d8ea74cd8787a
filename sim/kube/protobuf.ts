// Reads the protobuf bodies kubectl's typed clients send (application/vnd.kubernetes.protobuf): `kubectl create
// configmap|secret|namespace|service|deployment|ingress`, `kubectl debug`'s Pods and `kubectl auth can-i`'s
// SelfSubjectAccessReview, and those the kubelet and controllers would send for the other served kinds (Nodes, claims,
// Events, StorageClasses, Leases, EndpointSlices). Each message is read by its table in protobuf-messages.ts into the JSON the real server
// would store for it. A field the tables do not name answers 415 naming the message and field, rather than being
// dropped as the real server would drop a field it did not know.
import { unsupportedMediaType, type ApiError } from "./errors.ts";
import { MESSAGES } from "./protobuf-messages.ts";

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"
const NOT_PROTOBUF = ["application/json", "application/yaml"];

/** One field as it is on the wire: its number, wire type, and a varint's value or a length-delimited field's bytes. */
interface WireField {
  n: number;
  wire: number;
  int: bigint;
  bytes: Buffer;
}

function readVarint(buf: Buffer, at: { pos: number }): bigint {
  let value = 0n;
  for (let shift = 0n; at.pos < buf.length; shift += 7n) {
    const byte = buf[at.pos++] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  return value;
}

/** The fields of one message in wire order; a truncated or group-encoded body is undecodable. */
function readFields(buf: Buffer, message: string): WireField[] {
  const out: WireField[] = [];
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const key = Number(readVarint(buf, at));
    const field: WireField = { n: key >>> 3, wire: key & 7, int: 0n, bytes: Buffer.alloc(0) };
    const size = { 0: 0, 1: 8, 2: -1, 5: 4 }[field.wire];
    if (size === undefined) throw undecodable(message, field.n);
    if (field.wire === 0) field.int = readVarint(buf, at);
    else {
      const length = size < 0 ? Number(readVarint(buf, at)) : size;
      if (at.pos + length > buf.length) throw undecodable(message, field.n);
      field.bytes = buf.subarray(at.pos, at.pos + length);
      at.pos += length;
    }
    out.push(field);
  }
  return out;
}

function undecodable(message: string, n: number): ApiError {
  return unsupportedMediaType(NOT_PROTOBUF, `the simulator cannot decode field ${n} of a protobuf ${message}; send this object as JSON`);
}

/** A field of a message table, parsed from its "json type" entry (protobuf-messages.ts explains the notation). */
export interface FieldSpec {
  json: string;
  type: string;
  shape: "one" | "list" | "map";
  mark: "" | "?" | "!";
}

const SCALARS = new Set(["string", "bytes", "int", "bool", "quantity", "intOrString", "time", "microTime"]);
const specCache = new Map<string, Map<number, FieldSpec>>();

/** The parsed table of one message. */
export function specsOf(message: string): Map<number, FieldSpec> {
  const cached = specCache.get(message);
  if (cached) return cached;
  const table = MESSAGES[message];
  if (!table) throw new Error(`protobuf-messages.ts has no table for ${message}`);
  const specs = new Map<number, FieldSpec>();
  for (const [n, entry] of Object.entries(table)) {
    const m = /^(\S+) (\[\]|map\[)?(\w+|-)\]?([?!]?)$/.exec(entry);
    if (!m?.[1] || !m[3]) throw new Error(`protobuf-messages.ts: bad entry "${entry}" in ${message}`);
    specs.set(Number(n), { json: m[1], type: m[3], shape: m[2] === "[]" ? "list" : m[2] ? "map" : "one", mark: (m[4] ?? "") as FieldSpec["mark"] });
  }
  specCache.set(message, specs);
  return specs;
}

const fieldCache = new Map<string, Map<string, FieldSpec>>();

/** A message's fields by JSON name, an inline (`...`) struct's fields among them. */
export function fieldsOf(message: string): Map<string, FieldSpec> {
  const cached = fieldCache.get(message);
  if (cached) return cached;
  const out = new Map<string, FieldSpec>();
  for (const spec of specsOf(message).values()) {
    if (spec.json === "...") for (const [k, v] of fieldsOf(spec.type)) out.set(k, v);
    else out.set(spec.json, spec);
  }
  fieldCache.set(message, out);
  return out;
}

/** Every message type a table refers to (for the test that each one has a table). */
export function referencedTypes(): string[] {
  return Object.keys(MESSAGES).flatMap((name) => [...specsOf(name).values()].map((s) => s.type).filter((t) => t !== "-" && !SCALARS.has(t)));
}

// Go writes every field that is not a pointer, so a value field's zero ("", 0, false) is "not set" (JSON's omitempty);
// a pointer ("?") keeps its zero, and a field without omitempty ("!") is in the JSON even when zero.
/** time.Time{}'s Unix seconds (0001-01-01T00:00:00Z), which metav1.Time writes as null. */
const GO_ZERO_TIME = -62135596800;

const ZERO: Record<string, unknown> = { string: "", bytes: "", quantity: "", int: 0, bool: false, intOrString: 0 };

function scalar(type: string, f: WireField, message: string): unknown {
  if (type === "int" || type === "bool") {
    if (f.wire !== 0) throw undecodable(message, f.n);
    return type === "bool" ? f.int !== 0n : Number(BigInt.asIntN(64, f.int));
  }
  if (f.wire !== 2) throw undecodable(message, f.n);
  if (type === "string") return f.bytes.toString("utf8");
  if (type === "bytes") return f.bytes.toString("base64");
  const sub = new Map(readFields(f.bytes, type).map((s) => [s.n, s]));
  // Quantity {1: string}; IntOrString {1: type (1 = string), 2: intVal, 3: strVal}; Time and MicroTime {1: seconds, 2: nanos}.
  if (type === "quantity") return sub.get(1)?.bytes.toString("utf8") ?? "";
  if (type === "intOrString") return sub.get(1)?.int === 1n ? (sub.get(3)?.bytes.toString("utf8") ?? "") : Number(BigInt.asIntN(32, sub.get(2)?.int ?? 0n));
  const seconds = Number(BigInt.asIntN(64, sub.get(1)?.int ?? 0n));
  const nanos = type === "microTime" ? Number(sub.get(2)?.int ?? 0n) : 0;
  // Only an empty message is unset (a seconds field of 0 is the epoch), or Go's zero time itself, 0001-01-01.
  if (f.bytes.length === 0 || (seconds === GO_ZERO_TIME && nanos < 1000)) return undefined;
  const date = new Date(seconds * 1000);
  // Beyond what a Date holds (about ±275,000 years) toISOString throws: answered as undecodable, not as a 500.
  if (Number.isNaN(date.getTime())) throw undecodable(message, f.n);
  const whole = date.toISOString().slice(0, 19);
  // metav1.Time keeps whole seconds; MicroTime writes six fraction digits.
  return type === "microTime" ? `${whole}.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z` : `${whole}Z`;
}

/** Scalar entries of a repeated varint field may come packed in one length-delimited field. */
function unpacked(f: WireField, type: string): WireField[] {
  if (f.wire !== 2 || (type !== "int" && type !== "bool")) return [f];
  const out: WireField[] = [];
  const at = { pos: 0 };
  while (at.pos < f.bytes.length) out.push({ ...f, wire: 0, int: readVarint(f.bytes, at) });
  return out;
}

function value(spec: FieldSpec, f: WireField, message: string): unknown {
  if (SCALARS.has(spec.type)) return scalar(spec.type, f, message);
  if (f.wire !== 2) throw undecodable(message, f.n);
  return decodeMessage(spec.type, f.bytes);
}

const isZeroField = (f: WireField) => f.int === 0n && (f.wire === 2 ? f.bytes.length === 0 : f.bytes.every((b) => b === 0));

/** One message as the JSON Go's encoding of the decoded struct would give. */
export function decodeMessage(message: string, buf: Buffer): Record<string, unknown> {
  const specs = specsOf(message);
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf, message)) {
    const spec = specs.get(f.n);
    // An unknown field that holds only a zero carries nothing (a newer client writing a field it left unset).
    if (!spec) {
      if (isZeroField(f)) continue;
      throw undecodable(message, f.n);
    }
    if (spec.type === "-") continue;
    if (spec.shape === "list") {
      const list = (out[spec.json] ??= []) as unknown[];
      for (const item of unpacked(f, spec.type)) list.push(value(spec, item, message));
    } else if (spec.shape === "map") {
      if (f.wire !== 2) throw undecodable(message, f.n);
      const entry = new Map(readFields(f.bytes, `${message}.${spec.json}`).map((e) => [e.n, e]));
      const key = entry.get(1)?.bytes.toString("utf8") ?? "";
      const v = entry.get(2);
      const map = (out[spec.json] ??= {}) as Record<string, unknown>;
      map[key] = v ? value(spec, v, message) : (ZERO[spec.type] ?? "");
    } else out[spec.json] = value(spec, f, message);
  }
  for (const spec of specs.values()) finish(out, spec);
  return out;
}

/** Applies Go's JSON rules to one field of a decoded message: zeros omitted or kept, structs always written, inline fields merged. */
function finish(out: Record<string, unknown>, spec: FieldSpec): void {
  const { json, type, shape, mark } = spec;
  if (type === "-" || shape !== "one") return;
  const v = out[json];
  // IntOrString is a struct in Go too: a value one is written even when it is 0.
  if (type === "intOrString" && mark !== "?") {
    out[json] = v ?? 0;
    return;
  }
  if (!SCALARS.has(type) && mark !== "?") {
    // A struct that is not a pointer is always in Go's JSON, `{}` when empty; an inline one ("...") lends its fields.
    const struct = (v as Record<string, unknown> | undefined) ?? decodeMessage(type, Buffer.alloc(0));
    if (json === "...") {
      delete out[json];
      Object.assign(out, struct);
    } else out[json] = struct;
    return;
  }
  if (v === undefined) {
    if (mark === "!" && type in ZERO) out[json] = ZERO[type];
    return;
  }
  if (mark === "" && v === ZERO[type]) delete out[json];
}

/**
 * The JSON shape of a protobuf body for `kind`; 415 without the k8s envelope, for another kind, for a kind without a
 * table, or for a `subresource` other than status (whose body is the kind itself, status included).
 */
export function decodeObject(body: Buffer, kind: string, subresource?: string): Record<string, unknown> {
  if (subresource && subresource !== "status") throw unsupportedMediaType(NOT_PROTOBUF, `the simulator cannot decode a protobuf ${kind} sent to its ${subresource} subresource; send it as JSON`);
  if (!body.subarray(0, 4).equals(MAGIC)) throw unsupportedMediaType(NOT_PROTOBUF);
  // The envelope: runtime.Unknown {1: TypeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}.
  const unknown = new Map(readFields(body.subarray(4), "Unknown").map((f) => [f.n, f]));
  const typeMeta = new Map(readFields(unknown.get(1)?.bytes ?? Buffer.alloc(0), "TypeMeta").map((f) => [f.n, f]));
  const sent = typeMeta.get(2)?.bytes.toString("utf8") ?? "";
  if (sent !== kind) throw unsupportedMediaType(NOT_PROTOBUF);
  if (!MESSAGES[kind]) throw unsupportedMediaType(NOT_PROTOBUF, `the simulator cannot decode a protobuf ${kind}; send it as JSON`);
  const apiVersion = typeMeta.get(1)?.bytes.toString("utf8") || undefined;
  return { apiVersion, kind, ...decodeMessage(kind, unknown.get(2)?.bytes ?? Buffer.alloc(0)) };
}
