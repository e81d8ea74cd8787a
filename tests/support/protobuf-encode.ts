// Encodes a JSON object as the protobuf a Go client would send for it, by the simulator's message tables
// (sim/kube/protobuf-messages.ts). A table's wrong field number would read back the same here, so what it encodes is
// checked by sending it to a real kube-apiserver (tests/support/protobuf-objects.ts).
import { specsOf } from "../../sim/kube/protobuf.ts";

/** Protobuf's base-128 varint of `v` (two's complement for negatives, as Go's int64). */
export const varint = (v: bigint): Buffer => {
  const out: number[] = [];
  let rest = BigInt.asUintN(64, v);
  do {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    out.push(rest ? byte | 0x80 : byte);
  } while (rest);
  return Buffer.from(out);
};
export const lengthField = (n: number, body: Buffer) => Buffer.concat([varint(BigInt((n << 3) | 2)), varint(BigInt(body.length)), body]);
export const intField = (n: number, value: bigint) => Buffer.concat([varint(BigInt(n << 3)), varint(value)]);

function time(text: string): Buffer {
  const ms = Date.parse(text);
  const fraction = /\.(\d+)Z$/.exec(text)?.[1] ?? "";
  const nanos = BigInt(fraction.padEnd(9, "0").slice(0, 9) || "0");
  return Buffer.concat([intField(1, BigInt(Math.floor(ms / 1000))), nanos ? intField(2, nanos) : Buffer.alloc(0)]);
}

function scalar(n: number, type: string, v: unknown): Buffer {
  switch (type) {
    case "int":
      return intField(n, BigInt(v as number));
    case "bool":
      return intField(n, v ? 1n : 0n);
    case "string":
      return lengthField(n, Buffer.from(String(v)));
    case "bytes":
      return lengthField(n, Buffer.from(String(v), "base64"));
    case "quantity":
      return lengthField(n, lengthField(1, Buffer.from(String(v))));
    case "intOrString":
      return lengthField(n, typeof v === "number" ? Buffer.concat([intField(1, 0n), intField(2, BigInt(v))]) : Buffer.concat([intField(1, 1n), lengthField(3, Buffer.from(String(v)))]));
    case "time":
    case "microTime":
      return lengthField(n, time(String(v)));
    default:
      return lengthField(n, encodeMessage(type, v as Record<string, unknown>));
  }
}

/** One message's fields from their JSON. */
export function encodeMessage(message: string, json: Record<string, unknown>): Buffer {
  const parts: Buffer[] = [];
  for (const [n, spec] of specsOf(message)) {
    if (spec.type === "-") continue;
    if (spec.json === "...") {
      parts.push(lengthField(n, encodeMessage(spec.type, json)));
      continue;
    }
    const v = json[spec.json];
    if (v === undefined || v === null) continue;
    if (spec.shape === "list") for (const item of v as unknown[]) parts.push(scalar(n, spec.type, item));
    else if (spec.shape === "map") {
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) parts.push(lengthField(n, Buffer.concat([lengthField(1, Buffer.from(key)), scalar(2, spec.type, item)])));
    } else parts.push(scalar(n, spec.type, v));
  }
  return Buffer.concat(parts);
}

/** A whole protobuf request body: the k8s envelope around the object's message. */
export function encodeObject(obj: { apiVersion: string; kind: string } & Record<string, unknown>): Buffer {
  const typeMeta = Buffer.concat([lengthField(1, Buffer.from(obj.apiVersion)), lengthField(2, Buffer.from(obj.kind))]);
  return Buffer.concat([Buffer.from("k8s\0", "latin1"), lengthField(1, typeMeta), lengthField(2, encodeMessage(obj.kind, obj))]);
}
