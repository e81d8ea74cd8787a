// v1 Endpoints, as kube-apiserver v1.34 keeps them (found on the real control plane in session 16): every request to
// them carries the deprecation warning; a create or update is checked by ValidateEndpoints (each address's IP twice,
// once as a legacy IP field and once as an endpoint IP that may be neither unspecified, loopback nor link-local; a
// hostname a DNS label, a nodeName a DNS subdomain; each port named when there are several, in 1–65535, TCP, UDP or SCTP,
// its appProtocol a qualified name; a subset with no address at all), an update's subsets only when they changed. The
// endpoints controller's repacking (RepackSubsets, SortSubsets) is here too: addresses by IP then Pod uid, ports and
// subsets by the md5 of go-spew's print of each, as real orders them.
import { createHash } from "node:crypto";
import type { FieldError } from "./errors.ts";
import { deepEqual, isRecord } from "./json.ts";
import { qualifiedNameMessages } from "./meta-validation.ts";
import { ipv4Octets, sloppyIp } from "./pod-scheduling.ts";
import type { KubeObject } from "./types.ts";
import { dnsLabelMessages, dnsSubdomainMessages } from "./validation.ts";
import { invalid, messages, records, required, str, unsupported } from "./volume-fields.ts";

export const ENDPOINTS_DEPRECATION = "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice";

type Obj = Record<string, unknown>;

/** An IP's 16 bytes (IPv4 mapped), or undefined (ParseIPSloppy: IPv4 octets may have leading zeros). */
function ipBytes(value: string): number[] | undefined {
  const v4 = ipv4Octets(value);
  if (v4) return [...Array<number>(10).fill(0), 0xff, 0xff, ...v4];
  if (!sloppyIp(value)) return undefined;
  let text = value;
  let tail: number[] = [];
  if (text.includes(".")) {
    tail = ipv4Octets(text.slice(text.lastIndexOf(":") + 1)) ?? [];
    text = `${text.slice(0, text.lastIndexOf(":") + 1)}0:0`;
  }
  const [head = "", rest] = text.split("::");
  const groups = (h: string) => (h ? h.split(":").map((g) => parseInt(g, 16)) : []);
  const [a, b] = [groups(head), groups(rest ?? "")];
  const all = rest === undefined ? a : [...a, ...Array<number>(8 - a.length - b.length).fill(0), ...b];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** ValidateEndpointIP: a valid IP that is not unspecified, loopback, link-local or link-local multicast. */
function endpointIpErrors(ip: string, at: string): FieldError[] {
  const bytes = ipBytes(ip);
  if (!bytes) return [invalid(at, ip, "must be a valid IP address")];
  const v4 = bytes.slice(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff)) ? bytes.slice(12) : undefined;
  const errors: FieldError[] = [];
  if (v4 ? v4.every((b) => b === 0) : bytes.every((b) => b === 0)) errors.push(invalid(at, ip, `may not be unspecified (${ip})`));
  if (v4 ? v4[0] === 127 : bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) errors.push(invalid(at, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (v4 ? v4[0] === 169 && v4[1] === 254 : bytes[0] === 0xfe && (bytes[1]! & 0xc0) === 0x80) errors.push(invalid(at, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : bytes[0] === 0xff && (bytes[1]! & 0x0f) === 0x02) {
    errors.push(invalid(at, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  }
  return errors;
}

function addressErrors(address: Obj, at: string): FieldError[] {
  const ip = str(address.ip);
  const hostname = str(address.hostname);
  return [
    ...(sloppyIp(ip) ? [] : [invalid(`${at}.ip`, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]),
    ...(hostname ? messages(hostname, `${at}.hostname`, dnsLabelMessages(hostname)) : []),
    ...(typeof address.nodeName === "string" ? messages(address.nodeName, `${at}.nodeName`, dnsSubdomainMessages(address.nodeName)) : []),
    ...endpointIpErrors(ip, `${at}.ip`),
  ];
}

function portErrors(port: Obj, named: boolean, at: string): FieldError[] {
  const name = str(port.name);
  const number = typeof port.port === "number" ? port.port : 0;
  const protocol = str(port.protocol);
  return [
    ...(named && !name ? [required(`${at}.name`)] : name ? messages(name, `${at}.name`, dnsLabelMessages(name)) : []),
    ...(number >= 1 && number <= 65535 ? [] : [invalid(`${at}.port`, number, "must be between 1 and 65535, inclusive")]),
    ...(!protocol ? [required(`${at}.protocol`)] : ["SCTP", "TCP", "UDP"].includes(protocol) ? [] : [unsupported(`${at}.protocol`, protocol, ["SCTP", "TCP", "UDP"])]),
    ...(typeof port.appProtocol === "string" ? messages(port.appProtocol, `${at}.appProtocol`, qualifiedNameMessages(port.appProtocol)) : []),
  ];
}

/** validateEndpointSubsets, ignored on an update that leaves the subsets as they were (ValidateEndpoints). */
export function endpointsErrors(obj: KubeObject, old?: KubeObject): FieldError[] {
  const errors = records(obj.subsets).flatMap((subset, i) => {
    const at = `subsets[${i}]`;
    const [ready, notReady, ports] = [records(subset.addresses), records(subset.notReadyAddresses), records(subset.ports)];
    return [
      ...(ready.length === 0 && notReady.length === 0 ? [required(at, "must specify `addresses` or `notReadyAddresses`")] : []),
      ...ready.flatMap((a, j) => addressErrors(a, `${at}.addresses[${j}]`)),
      ...notReady.flatMap((a, j) => addressErrors(a, `${at}.notReadyAddresses[${j}]`)),
      ...ports.flatMap((p, j) => portErrors(p, ports.length > 1, `${at}.ports[${j}]`)),
    ];
  });
  return errors.length && old && deepEqual(old.subsets ?? [], obj.subsets ?? []) ? [] : errors;
}

/** SetDefaults_Endpoints: a port's protocol is TCP unless given. */
export function defaultEndpoints(obj: KubeObject): void {
  for (const subset of records(obj.subsets)) for (const port of records(subset.ports)) port.protocol ||= "TCP";
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

// hashutil.DeepHashObject prints with go-spew's `%#v` (types, no pointer addresses: a pointer shows its value).
const spewString = (type: string, value: unknown) => `(${type})${str(value)}`;
const spewPointer = (value: unknown) => (typeof value === "string" ? `(*string)${value}` : "(*string)<nil>");

function spewPort(port: Obj): string {
  return `{Name:${spewString("string", port.name)} Port:(int32)${String(port.port)} Protocol:${spewString("v1.Protocol", port.protocol)} AppProtocol:${spewPointer(port.appProtocol)}}`;
}

function spewAddress(address: Obj): string {
  const ref = isRecord(address.targetRef) ? address.targetRef : undefined;
  const target = ref
    ? `(*v1.ObjectReference){Kind:${spewString("string", ref.kind)} Namespace:${spewString("string", ref.namespace)} Name:${spewString("string", ref.name)} UID:${spewString("types.UID", ref.uid)} APIVersion:${spewString("string", ref.apiVersion)} ResourceVersion:${spewString("string", ref.resourceVersion)} FieldPath:${spewString("string", ref.fieldPath)}}`
    : "(*v1.ObjectReference)<nil>";
  return `{IP:${spewString("string", address.ip)} Hostname:${spewString("string", address.hostname)} NodeName:${spewPointer(address.nodeName)} TargetRef:${target}}`;
}

const spewList = (type: string, items: unknown, each: (o: Obj) => string) => (Array.isArray(items) ? `([]${type})[${records(items).map(each).join(" ")}]` : `([]${type})<nil>`);

/** The md5 of DeepHashObject's print of a core EndpointPort: its place in a subset (portsByHash). */
function portHash(port: Obj): string {
  return md5(`(v1.EndpointPort)${spewPort(port)}`);
}

/** The md5 of DeepHashObject's print of an EndpointSubset: its place among the subsets (subsetsByHash). */
export function subsetHash(subset: Obj): string {
  return md5(
    `(v1.EndpointSubset){Addresses:${spewList("v1.EndpointAddress", subset.addresses, spewAddress)} NotReadyAddresses:${spewList("v1.EndpointAddress", subset.notReadyAddresses, spewAddress)} Ports:${spewList("v1.EndpointPort", subset.ports, spewPort)}}`,
  );
}

/** LessEndpointAddress: by the IP's text, then the Pod uid (no targetRef first). */
function compareAddresses(a: Obj, b: Obj): number {
  const [x, y] = [Buffer.from(str(a.ip)), Buffer.from(str(b.ip))];
  const byIp = Buffer.compare(x, y);
  if (byIp !== 0) return byIp;
  const uid = (o: Obj) => (isRecord(o.targetRef) ? str(o.targetRef.uid) : undefined);
  const [u, v] = [uid(a), uid(b)];
  if (v === undefined) return u === undefined ? 0 : 1;
  if (u === undefined) return -1;
  return u < v ? -1 : u > v ? 1 : 0;
}

const SENTINEL = -1;

/**
 * RepackSubsets: the addresses that offer the same ports together, each address once per port (not ready if it was not
 * ready for it anywhere), then SortSubsets: addresses by IP, ports and subsets by the md5 of their go-spew print.
 */
export function repackSubsets(subsets: Obj[]): Obj[] {
  const addresses = new Map<string, Obj>();
  const byPort = new Map<string, { port: Obj; ready: Map<string, boolean> }>();
  for (const subset of subsets) {
    const ports = records(subset.ports);
    for (const port of ports.length ? ports : [{ port: SENTINEL }]) {
      const portKey = JSON.stringify([port.name, port.port, port.protocol, port.appProtocol]);
      const entry = byPort.get(portKey) ?? { port, ready: new Map<string, boolean>() };
      byPort.set(portKey, entry);
      for (const [group, ready] of [[records(subset.addresses), true], [records(subset.notReadyAddresses), false]] as const) {
        for (const address of group) {
          const key = JSON.stringify([address.ip, isRecord(address.targetRef) ? address.targetRef.uid : ""]);
          if (!addresses.has(key)) addresses.set(key, address);
          if (entry.ready.get(key) !== false) entry.ready.set(key, ready);
        }
      }
    }
  }
  const groups = new Map<string, { ready: Map<string, boolean>; ports: Obj[] }>();
  for (const { port, ready } of byPort.values()) {
    const key = JSON.stringify([...ready.entries()].sort());
    const group = groups.get(key) ?? { ready, ports: [] };
    groups.set(key, group);
    if (typeof port.port === "number" && port.port > 0) group.ports.push(port);
  }
  const repacked = [...groups.values()].map(({ ready, ports }) => {
    const pick = (want: boolean) => [...ready.entries()].filter(([, r]) => r === want).map(([key]) => addresses.get(key)!).sort(compareAddresses);
    const [readyAddresses, notReady] = [pick(true), pick(false)];
    return {
      ...(readyAddresses.length ? { addresses: readyAddresses } : {}),
      ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ...(ports.length ? { ports: ports.sort((a, b) => (portHash(a) < portHash(b) ? -1 : 1)) } : {}),
    };
  });
  return repacked.sort((a, b) => (subsetHash(a) < subsetHash(b) ? -1 : 1));
}

/** kubectl's ENDPOINTS column (formatEndpoints): the ready addresses, port by port, three at most. */
export function formatEndpoints(obj: KubeObject): string {
  const subsets = records(obj.subsets);
  if (subsets.length === 0) return "<none>";
  const shown: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const ready = records(subset.addresses);
    const ports = records(subset.ports);
    for (const port of ports.length ? ports : [undefined]) {
      count += ready.length;
      for (const address of ready) {
        if (shown.length === 3) break;
        const ip = str(address.ip);
        shown.push(port === undefined ? ip : `${ip.includes(":") ? `[${ip}]` : ip}:${String(port.port)}`);
      }
    }
  }
  return count > 3 ? `${shown.join(",")} + ${count - 3} more...` : shown.join(",");
}
