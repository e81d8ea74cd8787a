// The node lifecycle controller's tainting passes (kube-controller-manager v1.34): a Node's Ready condition decides its
// node.kubernetes.io/not-ready (False) or node.kubernetes.io/unreachable (Unknown) taints, a NoSchedule one (so the taint
// the TaintNodesByCondition admission plugin puts on a new Node is lifted once it reports Ready) and a NoExecute one
// (taint-based eviction's: real adds it at its next node health check, within its 5 s monitor period; the simulator at
// once), each with its timeAdded. A Ready Node loses both. The pressure and unschedulable taints of the same pass are
// not emulated. Its label pass makes a Node's beta.kubernetes.io/os and arch labels follow kubernetes.io/os and arch.
import { CONTROLLER_MANAGER, writtenBy } from "../managed-fields.ts";
import { getArray, getString, isRecord, timestamp } from "../json.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";

const READY_TAINTS: Record<string, string> = { False: "node.kubernetes.io/not-ready", Unknown: "node.kubernetes.io/unreachable" };
const EFFECTS = ["NoSchedule", "NoExecute"];
// labelReconcileInfo: [stable, beta], the stable label the source of truth.
const LABEL_PAIRS: [string, string][] = [
  ["kubernetes.io/os", "beta.kubernetes.io/os"],
  ["kubernetes.io/arch", "beta.kubernetes.io/arch"],
];
const managed = (t: unknown) => isRecord(t) && EFFECTS.includes(String(t.effect)) && Object.values(READY_TAINTS).includes(String(t.key));

/** The controller. */
export function nodeLifecycleController(ctx: ControllerContext): Controller {
  const { store } = ctx;

  function reconcile(node: KubeObject): void {
    const ready = getArray(node, "status.conditions").find((c) => getString(c, "type") === "Ready");
    // A Node that never reported is marked Unknown only after the grace period, which the simulator does not keep.
    if (!ready) return;
    const want = READY_TAINTS[getString(ready, "status") ?? ""];
    const taints = getArray(node, "spec.taints");
    const kept = taints.filter((t) => !managed(t) || (isRecord(t) && t.key === want));
    const missing = want ? EFFECTS.filter((effect) => !kept.some((t) => isRecord(t) && t.key === want && t.effect === effect)) : [];
    const next = [...kept, ...missing.map((effect) => ({ key: want, effect, timeAdded: timestamp() }))];
    if (next.length === taints.length && next.every((t, i) => t === taints[i])) return;
    const { taints: _old, ...spec } = isRecord(node.spec) ? node.spec : {};
    store.replace(writtenBy(CONTROLLER_MANAGER, node, { ...node, spec: next.length > 0 ? { ...spec, taints: next } : spec }));
  }

  /** reconcileNodeLabels: the beta OS and arch labels follow the stable ones (made when missing, set when different). */
  function reconcileLabels(node: KubeObject): void {
    const labels = node.metadata.labels ?? {};
    const update: Record<string, string> = {};
    for (const [stable, beta] of LABEL_PAIRS) {
      const value = labels[stable];
      if (value !== undefined && labels[beta] !== value) update[beta] = value;
    }
    if (Object.keys(update).length) store.replace(writtenBy(CONTROLLER_MANAGER, node, { ...node, metadata: { ...node.metadata, labels: { ...labels, ...update } } }));
  }

  function pass(name: string): void {
    const labelled = store.get("Node", undefined, name);
    if (labelled) reconcileLabels(labelled);
    const current = store.get("Node", undefined, name);
    if (current) reconcile(current);
  }

  return {
    onEvent(event: StoreEvent) {
      if (event.def.kind !== "Node" || event.type === "DELETED") return;
      pass(event.object.metadata.name);
    },
    onReset() {
      for (const node of store.list("Node", undefined)) pass(node.metadata.name);
    },
  };
}
