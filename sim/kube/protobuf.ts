// Reads the protobuf bodies kubectl sends (application/vnd.kubernetes.protobuf): `kubectl auth can-i`'s
// SelfSubjectAccessReview and the built-in creates of the kinds it serves (`kubectl create configmap|secret|namespace|service`). Field numbers are
// those of k8s.io/api core/v1 and k8s.io/apimachinery meta/v1 generated.proto (v0.34). Anything else answers 415, as
// the real server does for a type it has no protobuf codec for.
import { unsupportedMediaType } from "./errors.ts";

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"
const NOT_PROTOBUF = ["application/json", "application/yaml"];

/** Every field of one message, by field number: length-delimited ones as bytes, varints as numbers, in order. */
function fields(buf: Buffer): Map<number, (Buffer | number)[]> {
  const out = new Map<number, (Buffer | number)[]>();
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = buf[pos++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80 || pos >= buf.length) return value;
    }
  };
  const push = (n: number, v: Buffer | number) => out.set(n, [...(out.get(n) ?? []), v]);
  while (pos < buf.length) {
    const key = varint();
    const n = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) push(n, varint());
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint();
      push(n, buf.subarray(pos, pos + length));
      pos += length;
    } else break;
  }
  return out;
}

type Fields = ReturnType<typeof fields>;
const bytes = (f: Fields, n: number): Buffer | undefined => f.get(n)?.find((v): v is Buffer => Buffer.isBuffer(v));
const text = (f: Fields, n: number): string | undefined => bytes(f, n)?.toString();
const message = (f: Fields, n: number): Fields => fields(bytes(f, n) ?? Buffer.alloc(0));
const strings = (f: Fields, n: number): string[] => (f.get(n) ?? []).flatMap((v) => (Buffer.isBuffer(v) ? [v.toString()] : []));
const bool = (f: Fields, n: number): boolean | undefined => (f.has(n) ? f.get(n)?.[0] === 1 : undefined);

/** A protobuf map field (repeated {1: key, 2: value}); bytes values as base64, as JSON carries them. */
function map(f: Fields, n: number, base64 = false): Record<string, string> | undefined {
  const entries = (f.get(n) ?? []).flatMap((v) => (Buffer.isBuffer(v) ? [fields(v)] : []));
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map((e) => [text(e, 1) ?? "", base64 ? (bytes(e, 2) ?? Buffer.alloc(0)).toString("base64") : (text(e, 2) ?? "")]));
}

/** The ObjectMeta fields a create carries (the server sets the rest). */
function objectMeta(f: Fields): Record<string, unknown> {
  const finalizers = strings(f, 14);
  return prune({ name: text(f, 1), generateName: text(f, 2), namespace: text(f, 3), labels: map(f, 11), annotations: map(f, 12), finalizers: finalizers.length ? finalizers : undefined });
}

function prune(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The envelope: runtime.Unknown {1: TypeMeta {1: apiVersion, 2: kind}, 2: raw}. 415 without the magic prefix. */
function envelope(body: Buffer): { apiVersion: string; kind: string; raw: Fields } {
  if (!body.subarray(0, 4).equals(MAGIC)) throw unsupportedMediaType(NOT_PROTOBUF);
  const unknown = fields(body.subarray(4));
  const typeMeta = message(unknown, 1);
  return { apiVersion: text(typeMeta, 1) ?? "", kind: text(typeMeta, 2) ?? "", raw: message(unknown, 2) };
}

const RESOURCE_ATTRIBUTES = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];

/** Decodes a protobuf-encoded SelfSubjectAccessReview into its JSON shape; 415 for anything else. */
export function decodeAccessReview(body: Buffer): Record<string, unknown> {
  const { kind, raw } = envelope(body);
  if (kind !== "SelfSubjectAccessReview") throw unsupportedMediaType(NOT_PROTOBUF);
  const attrs = bytes(message(raw, 2), 1);
  const resourceAttributes: Record<string, string> = {};
  for (const [n, values] of attrs ? fields(attrs) : []) {
    const key = RESOURCE_ATTRIBUTES[n - 1];
    const value = values[0];
    if (key && Buffer.isBuffer(value)) resourceAttributes[key] = value.toString();
  }
  return { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", metadata: {}, spec: attrs ? { resourceAttributes } : {} };
}

// Generated Go marshalling writes every non-pointer field, so "" and 0 mean "not set" (JSON's omitempty).
const nonEmpty = (f: Fields, n: number): string | undefined => text(f, n) || undefined;
const number = (f: Fields, n: number): number | undefined => {
  const v = f.get(n)?.find((x): x is number => typeof x === "number");
  return v ? v : undefined;
};

/** IntOrString {1: type (0 int, 1 string), 2: intVal, 3: strVal}. */
function intOrString(f: Fields): number | string | undefined {
  return number(f, 1) === 1 ? nonEmpty(f, 3) : (number(f, 2) ?? (f.has(2) ? 0 : undefined));
}

/** ServicePort {1: name, 2: protocol, 3: port, 4: targetPort, 5: nodePort, 6: appProtocol}. */
function servicePort(f: Fields): Record<string, unknown> {
  return prune({ name: nonEmpty(f, 1), protocol: nonEmpty(f, 2), port: number(f, 3) ?? 0, targetPort: f.has(4) ? intOrString(message(f, 4)) : undefined, nodePort: number(f, 5), appProtocol: nonEmpty(f, 6) });
}

/** ServiceSpec as `kubectl create service` fills it: {1: ports, 2: selector, 3: clusterIP, 4: type, 5: externalIPs, 11: externalName}. */
function serviceSpec(f: Fields): Record<string, unknown> {
  const ports = (f.get(1) ?? []).flatMap((v) => (Buffer.isBuffer(v) ? [servicePort(fields(v))] : []));
  const externalIPs = strings(f, 5).filter((ip) => ip);
  return prune({
    ports: ports.length ? ports : undefined,
    selector: map(f, 2),
    clusterIP: nonEmpty(f, 3),
    type: nonEmpty(f, 4),
    externalIPs: externalIPs.length ? externalIPs : undefined,
    externalName: nonEmpty(f, 11),
  });
}

/** The JSON shape of a protobuf body for `kind` (ConfigMap, Secret, Service or Namespace); 415 for any other kind. */
export function decodeObject(body: Buffer, kind: string): Record<string, unknown> {
  const decoded = envelope(body);
  if (decoded.kind !== kind) throw unsupportedMediaType(NOT_PROTOBUF);
  const { raw } = decoded;
  const head = { apiVersion: decoded.apiVersion || "v1", kind, metadata: objectMeta(message(raw, 1)) };
  if (kind === "ConfigMap") return prune({ ...head, data: map(raw, 2), binaryData: map(raw, 3, true), immutable: bool(raw, 4) });
  // Secret: metadata 1, data 2 (map<string, bytes>), type 3, stringData 4, immutable 5.
  if (kind === "Secret") return prune({ ...head, data: map(raw, 2, true), type: nonEmpty(raw, 3), stringData: map(raw, 4), immutable: bool(raw, 5) });
  if (kind === "Service") return prune({ ...head, spec: serviceSpec(message(raw, 2)) });
  if (kind === "Namespace") {
    const finalizers = strings(message(raw, 2), 1);
    return prune({ ...head, spec: finalizers.length ? { finalizers } : undefined });
  }
  throw unsupportedMediaType(NOT_PROTOBUF);
}
