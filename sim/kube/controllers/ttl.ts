// kube-controller-manager's TTL controller (v1.34, pkg/controller/ttl): every Node carries
// `node.alpha.kubernetes.io/ttl`, how long its kubelet may cache the Secrets and ConfigMaps its Pods use, chosen by
// the cluster's size (0 s up to 100 Nodes, then 15, 30, 60 and 300 s, each step with some overlap so that the value does
// not flap). A Node added or changed whose annotation is missing, not a whole number or not the wanted value is patched
// at once (as kube-controller-manager, whose write its managedFields record).
import { CONTROLLER_MANAGER, writtenBy } from "../managed-fields.ts";
import type { StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

export const TTL_ANNOTATION = "node.alpha.kubernetes.io/ttl";

/** ttlBoundaries: [sizeMin, sizeMax, ttlSeconds]. */
const BOUNDARIES: [number, number, number][] = [
  [0, 100, 0],
  [90, 500, 15],
  [450, 1000, 30],
  [900, 2000, 60],
  [1800, 2 ** 31 - 1, 300],
];

export function ttlController({ store }: ControllerContext): Controller {
  let nodes = 0;
  let step = 0;

  function count(delta: number): void {
    nodes += delta;
    if (delta > 0 && nodes > BOUNDARIES[step]![1]) step++;
    if (delta < 0 && nodes < BOUNDARIES[step]![0]) step--;
  }

  function updateIfNeeded(name: string): void {
    const node = store.get("Node", undefined, name);
    if (!node) return;
    const wanted = String(BOUNDARIES[step]![2]);
    const current = node.metadata.annotations?.[TTL_ANNOTATION];
    if (current !== undefined && /^[+-]?\d+$/.test(current) && Number(current) === Number(wanted)) return;
    store.replace(writtenBy(CONTROLLER_MANAGER, node, { ...node, metadata: { ...node.metadata, annotations: { ...node.metadata.annotations, [TTL_ANNOTATION]: wanted } } }));
  }

  return {
    onEvent(event: StoreEvent) {
      if (event.def.kind !== "Node") return;
      if (event.type === "ADDED") count(1);
      if (event.type === "DELETED") return count(-1);
      updateIfNeeded(event.object.metadata.name);
    },
    onReset() {
      nodes = 0;
      step = 0;
      for (const node of store.list("Node")) {
        count(1);
        updateIfNeeded(node.metadata.name);
      }
    },
  };
}
