// What a Pod's PrepareForCreate (pkg/registry/core/pod/strategy.go, v1.34) does beyond defaults and dropped fields: a
// gated pod gets its PodScheduled=False SchedulingGated condition, and the label keys of its pod affinity terms and
// topology spread constraints are merged into their selectors (MatchLabelKeysInPodAffinity, MatchLabelKeysInPodTopologySpread
// with its SelectorMerge, all on by default); a deprecated AppArmor annotation is read into the field. Shared cases:
// tests/support/pod-validation-cases.ts and pod-warning-cases.ts.
import { isRecord, timestamp } from "./json.ts";
import { APPARMOR_CONTAINER } from "./pod-security.ts";
import { appArmorForAnnotation } from "./pod-warnings.ts";
import { list, type Obj, records, str } from "./volume-fields.ts";

/** The warnings a Pod's PrepareForCreate gave (before its WarningsOnCreate), by the object being created. */
const prepareWarnings = new WeakMap<object, string[]>();

/** The warnings prepareNewPod gave for `pod`, once. */
export function takePrepareWarnings(pod: object): string[] {
  const warnings = prepareWarnings.get(pod) ?? [];
  prepareWarnings.delete(pod);
  return warnings;
}

/**
 * applyAppArmorVersionSkew (not on a Windows pod): a container with a deprecated AppArmor annotation and no profile of
 * its own gets the annotation's profile, unless it is invalid or the pod's already; either way the annotation is
 * warned about, except when it only repeats the pod's profile.
 */
function appArmorSkew(pod: Obj, spec: Obj): string[] {
  if (isRecord(spec.os) && spec.os.name === "windows") return [];
  const notes = isRecord(pod.metadata) && isRecord(pod.metadata.annotations) ? pod.metadata.annotations : {};
  const podProfile = isRecord(spec.securityContext) ? spec.securityContext.appArmorProfile : undefined;
  const warnings: string[] = [];
  for (const c of [...records(spec.initContainers), ...records(spec.containers), ...records(spec.ephemeralContainers)]) {
    const key = `${APPARMOR_CONTAINER}${str(c.name)}`;
    const note = notes[key];
    if (typeof note !== "string" || (isRecord(c.securityContext) && c.securityContext.appArmorProfile != null)) continue;
    // A profile ValidateAppArmorProfileField would refuse (a padded, empty or over-long localhost name) is not copied.
    const parsed = appArmorForAnnotation(note);
    const local = parsed?.localhostProfile;
    const field = typeof local === "string" && (local.trim() !== local || local === "" || Buffer.byteLength(local) > 4095) ? undefined : parsed;
    const samePod = field && isRecord(podProfile) && podProfile.type === field.type && (podProfile.localhostProfile ?? null) === (field.localhostProfile ?? null);
    if (field && !samePod) c.securityContext = { ...(isRecord(c.securityContext) ? c.securityContext : {}), appArmorProfile: field };
    if (!field || !samePod) warnings.push(`metadata.annotations[${key}]: deprecated since v1.30; use the "appArmorProfile" field instead`);
  }
  return warnings;
}

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
  prepareWarnings.set(pod, appArmorSkew(pod, spec));
}
