// The Leases that say who is alive, renewed every 10 seconds as on a real cluster: each Node's in kube-node-lease
// (the kubelet's heartbeat; on the real tier KWOK's, holder `<host>_<instance uid>`, 40 s, owned by its Node, gone
// with it) and kube-apiserver's identity Lease in kube-system (`apiserver-<hash of host and name>`, an hour, labelled
// with its identity and host). A Node whose Ready condition is Unknown has no kubelet answering: its Lease ages.
import { createHash, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type FieldWriter, writtenBy } from "../managed-fields.ts";
import { getArray, getString, microTime } from "../json.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const RENEW_MS = 10_000;
const KWOK: FieldWriter = { manager: "kwok" };
const KUBE_APISERVER: FieldWriter = { manager: "kube-apiserver" };
const NODE_LEASES = "kube-node-lease";


/** kube-apiserver's identity (apiserver/pkg/server/config.go): base32 of the first 16 bytes of sha256(host, "kube-apiserver"), each length-prefixed. */
export function apiserverIdentity(host = hostname()): string {
  const part = (s: string) => {
    const bytes = Buffer.from(s);
    return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
  };
  const hash = createHash("sha256").update(Buffer.concat([part(host), part("kube-apiserver")])).digest().subarray(0, 16);
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return `apiserver-${out}`;
}

/** The controller. */
export function heartbeatController(ctx: ControllerContext): Controller {
  const { store, timers } = ctx;
  // One holder per simulator run, as one KWOK process and one kube-apiserver process hold them on the real tier.
  const kubelet = `${hostname()}_${randomUUID()}`;
  const identity = apiserverIdentity();
  const apiserver = `${identity}_${randomUUID()}`;

  function renew(namespace: string, name: string, writer: FieldWriter, make: () => KubeObject): void {
    if (!store.get("Namespace", undefined, namespace)) return;
    const current = store.get("Lease", namespace, name);
    if (!current) {
      if (store.terminating(namespace)) return;
      store.create(writtenBy(writer, undefined, make()));
      return;
    }
    store.replace(writtenBy(writer, current, { ...current, spec: { ...(current.spec as object), renewTime: microTime() } }));
  }

  function nodeLease(node: KubeObject): void {
    const ready = getArray(node, "status.conditions").find((c) => getString(c, "type") === "Ready");
    if (getString(ready, "status") === "Unknown") return;
    const { name, uid } = node.metadata;
    renew(NODE_LEASES, name, KWOK, () => ({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name, namespace: NODE_LEASES, ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: uid ?? "" }] },
      spec: { holderIdentity: kubelet, leaseDurationSeconds: 40, renewTime: microTime() },
    }));
  }

  function beat(): void {
    for (const node of store.list("Node")) nodeLease(node);
    renew("kube-system", identity, KUBE_APISERVER, () => ({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: identity, namespace: "kube-system", labels: { "apiserver.kubernetes.io/identity": "kube-apiserver", "kubernetes.io/hostname": hostname() } },
      spec: { holderIdentity: apiserver, leaseDurationSeconds: 3600, renewTime: microTime() },
    }));
    timers.after(RENEW_MS, beat);
  }

  return {
    onEvent(event: StoreEvent) {
      if (event.def.kind !== "Node") return;
      const name = event.object.metadata.name;
      // A deleted Node's Lease goes with it through its owner reference (garbage-collector.ts).
      if (event.type === "ADDED" && !store.get("Lease", NODE_LEASES, name)) {
        nodeLease(event.object);
      }
    },
    onReset() {
      beat();
    },
  };
}
