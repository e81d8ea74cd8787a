// The cluster CA certificate the simulated kube-controller-manager publishes in every namespace (kube-root-ca.crt).
// The simulator serves plain HTTP, so nothing verifies against it; it is still a real self-signed CA certificate
// (`CN=kubernetes`, as kubeadm names its CA), written here as DER by hand: Node can sign but has no certificate builder.
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

/** A DER TLV: tag, length (short or long form), content. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const seq = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const explicit = (n: number, item: Buffer) => tlv(0xa0 + n, item);
const octets = (b: Buffer) => tlv(0x04, b);
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);
const TRUE = tlv(0x01, Buffer.from([0xff]));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [a * 40 + b];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime YYMMDDHHMMSSZ (years before 2050). */
function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  return tlv(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`));
}

const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));
const name = (cn: string) => seq(set(seq(oid("2.5.4.3"), tlv(0x0c, Buffer.from(cn)))));

/** A self-signed CA certificate for `cn`, valid from now for ten years, as PEM (its serial made from `random`). */
export function selfSignedCa(cn = "kubernetes", now = new Date(), random = randomBytes(8)): string {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const serial = Buffer.from(random);
  // A positive INTEGER whose first byte is not 0: DER forbids a leading zero byte before one under 0x80.
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const later = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const extensions = seq(
    // keyUsage (critical): digitalSignature, keyEncipherment, keyCertSign.
    seq(oid("2.5.29.15"), TRUE, octets(bits(Buffer.from([0xa4]), 2))),
    // basicConstraints (critical): CA.
    seq(oid("2.5.29.19"), TRUE, octets(seq(TRUE))),
  );
  const spki = publicKey.export({ type: "spki", format: "der" });
  const tbs = seq(explicit(0, tlv(0x02, Buffer.from([2]))), tlv(0x02, serial), ECDSA_SHA256, name(cn), seq(utcTime(now), utcTime(later)), name(cn), spki, explicit(3, extensions));
  const der = seq(tbs, ECDSA_SHA256, bits(sign("sha256", tbs, privateKey)));
  const base64 = der.toString("base64").replace(/.{1,64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${base64}-----END CERTIFICATE-----\n`;
}

let cached: string | undefined;
/** The simulator's one cluster CA (made on first use). */
export function clusterCa(): string {
  return (cached ??= selfSignedCa());
}
