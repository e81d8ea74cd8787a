// Reads the one protobuf body kubectl sends that the simulator accepts: a SelfSubjectAccessReview
// (`kubectl auth can-i` encodes built-in requests as application/vnd.kubernetes.protobuf).
import { unsupportedMediaType } from "./errors.ts";

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

/** Length-delimited fields of one message, by field number. */
function fields(buf: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = buf[pos++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80 || pos >= buf.length) return value;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint();
      out.set(Math.floor(key / 8), buf.subarray(pos, pos + length));
      pos += length;
    } else break;
  }
  return out;
}

const RESOURCE_ATTRIBUTES = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];

/** Decodes a protobuf-encoded SelfSubjectAccessReview into its JSON shape; 415 for anything else. */
export function decodeAccessReview(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(MAGIC)) throw unsupportedMediaType(["application/json", "application/yaml"]);
  const unknown = fields(body.subarray(4));
  const typeMeta = fields(unknown.get(1) ?? Buffer.alloc(0));
  if (typeMeta.get(2)?.toString() !== "SelfSubjectAccessReview") throw unsupportedMediaType(["application/json", "application/yaml"]);
  const spec = fields(fields(unknown.get(2) ?? Buffer.alloc(0)).get(2) ?? Buffer.alloc(0));
  const attrs = spec.get(1);
  const resourceAttributes: Record<string, string> = {};
  for (const [n, value] of attrs ? fields(attrs) : []) {
    const key = RESOURCE_ATTRIBUTES[n - 1];
    if (key) resourceAttributes[key] = value.toString();
  }
  return { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", metadata: {}, spec: attrs ? { resourceAttributes } : {} };
}
