// What a Pod's PrepareForCreate (pkg/registry/core/pod/strategy.go, v1.34) does beyond defaults and dropped fields: a
// gated pod gets its PodScheduled=False SchedulingGated condition, and the label keys of its pod affinity terms and
// topology spread constraints are merged into their selectors (MatchLabelKeysInPodAffinity, MatchLabelKeysInPodTopologySpread
// with its SelectorMerge, all on by default). Shared cases: tests/support/pod-validation-cases.ts.
import { isRecord, timestamp } from "./json.ts";
import { list, type Obj, records, str } from "./volume-fields.ts";

/** applyLabelKeysToLabelSelector: `key In|NotIn (the pod's value)` for each key the pod has a label for. */
function mergeKeys(selector: Obj, keys: unknown, operator: "In" | "NotIn", labels: Obj): void {
  for (const key of list(keys).map(str)) {
    if (typeof labels[key] !== "string") continue;
    selector.matchExpressions = [...records(selector.matchExpressions), { key, operator, values: [labels[key]] }];
  }
}

/** A term or constraint with label keys and a selector gets them merged; a nil selector (matching nothing) is left alone. */
function mergeInto(term: unknown, labels: Obj, mismatch: boolean): void {
  if (!isRecord(term) || !isRecord(term.labelSelector)) return;
  mergeKeys(term.labelSelector, term.matchLabelKeys, "In", labels);
  if (mismatch) mergeKeys(term.labelSelector, term.mismatchLabelKeys, "NotIn", labels);
}

/** Runs on a Pod being created (not an update, not a template). */
export function prepareNewPod(pod: Obj): void {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const labels = isRecord(pod.metadata) && isRecord(pod.metadata.labels) ? pod.metadata.labels : {};
  if (list(spec.schedulingGates).length) {
    const status = isRecord(pod.status) ? pod.status : (pod.status = {});
    const conditions = records(status.conditions);
    if (!conditions.some((c) => c.type === "PodScheduled")) {
      status.conditions = [...conditions, { type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: timestamp(), reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates" }];
    }
  }
  const affinity = isRecord(spec.affinity) ? spec.affinity : {};
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const a = affinity[kind];
    if (!isRecord(a)) continue;
    for (const w of records(a.preferredDuringSchedulingIgnoredDuringExecution)) mergeInto(w.podAffinityTerm, labels, true);
    for (const t of records(a.requiredDuringSchedulingIgnoredDuringExecution)) mergeInto(t, labels, true);
  }
  for (const c of records(spec.topologySpreadConstraints)) mergeInto(c, labels, false);
}
