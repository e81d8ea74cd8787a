// ValidatePodUpdate, as kube-apiserver v1.34.4 runs it on a Pod's update or patch (after the metadata checks): the new
// Pod is checked as a whole again (its annotations, its spec), the AppArmor and mirror-pod annotations may not be
// added, changed or removed, and of the spec only container and init container images, a shorter
// activeDeadlineSeconds, added tolerations (or new tolerationSeconds), removed scheduling gates and, while the Pod is
// gated, added node selectors and node affinity requirements may change. Anything else is refused as one
// `spec: Forbidden: pod updates may not change fields other than …` followed by a diff; real prints go-cmp's diff
// of the Go structs, whose layout go-cmp varies on purpose, so the simulator prints its own (a line per changed path).
// Also ValidatePodEphemeralContainersUpdate, for the ephemeralcontainers subresource: ephemeral containers already
// there may be neither removed nor changed, and a static Pod may have none.
import type { FieldError } from "./errors.ts";
import { isRecord } from "./json.ts";
import { APPARMOR_CONTAINER, podAnnotationErrors } from "./pod-security.ts";
import { tolerationErrors } from "./pod-scheduling.ts";
import type { KubeObject } from "./types.ts";
import { forbidden, GoPointer, goQuote, invalid, list, type Obj, records, required, str } from "./volume-fields.ts";

const UPDATABLE = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

const MIRROR = "kubernetes.io/config.mirror";

/** JSON as Go's encoding/json writes a value: object keys sorted (a map's are; the simulator keeps no struct order). */
function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedJson(value[k])]));
}

/** Without empty lists, which apiequality.Semantic takes as equal to none. */
function withoutEmptyLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyLists);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => !(Array.isArray(v) && v.length === 0)).map(([k, v]) => [k, withoutEmptyLists(v)]));
}

/** apiequality.Semantic.DeepEqual, near enough for JSON: key order ignored, an empty list the same as none. */
const same = (a: unknown, b: unknown) => JSON.stringify(sortedJson(withoutEmptyLists(a ?? null))) === JSON.stringify(sortedJson(withoutEmptyLists(b ?? null)));

/** ValidatePodSpecificAnnotationUpdates' own rules: AppArmor and mirror-pod annotations are fixed at creation. */
function annotationUpdateErrors(now: Record<string, string>, was: Record<string, string>): FieldError[] {
  const at = "metadata.annotations";
  const fixed = (key: string) => key.startsWith(APPARMOR_CONTAINER) || key === MIRROR;
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(was)) {
    if (now[key] === value || !fixed(key)) continue;
    errors.push(forbidden(`${at}[${key}]`, key === MIRROR ? "may not remove or update mirror pod annotation" : "may not remove or update AppArmor annotations"));
  }
  for (const key of Object.keys(now)) {
    if (key in was || !fixed(key)) continue;
    errors.push(forbidden(`${at}[${key}]`, key === MIRROR ? "may not add mirror pod annotation" : "may not add AppArmor annotations"));
  }
  return errors;
}

/** ValidateContainerUpdates: the same number of containers (else nothing more is checked), each with an unpadded image. */
function containerUpdateErrors(now: Obj[], was: Obj[], at: string): { errors: FieldError[]; stop: boolean } {
  if (now.length !== was.length) return { errors: [forbidden(at, "pod updates may not add or remove containers")], stop: true };
  const errors = now.flatMap((c, i) => {
    const image = str(c.image);
    return [...(image ? [] : [required(`${at}[${i}].image`)]), ...(image.trim() !== image ? [invalid(`${at}[${i}].image`, image, "must not have leading or trailing whitespace")] : [])];
  });
  return { errors, stop: false };
}

/** validateOnlyAddedTolerations: every old toleration still there (its tolerationSeconds may change); then the new list's checks. */
function tolerationUpdateErrors(now: Obj[], was: Obj[]): FieldError[] {
  const kept = (old: Obj) => now.some((t) => same({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
  if (!was.every(kept)) return [forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds")];
  return tolerationErrors(now, "spec.tolerations");
}

/** The node affinity's required terms, or undefined when it has none. */
const requiredTerms = (spec: Obj): Obj[] | undefined => {
  const affinity = isRecord(spec.affinity) && isRecord(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : undefined;
  const required = affinity && isRecord(affinity.requiredDuringSchedulingIgnoredDuringExecution) ? affinity.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  return required ? records(required.nodeSelectorTerms) : undefined;
};

/** A term's requirements as the internal type prints them: Go field names, no JSON tags. */
const goTerm = (t: Obj) => {
  const requirement = (r: Obj) => ({ Key: str(r.key), Operator: str(r.operator), Values: Array.isArray(r.values) ? r.values : null });
  return { MatchExpressions: Array.isArray(t.matchExpressions) ? records(t.matchExpressions).map(requirement) : null, MatchFields: Array.isArray(t.matchFields) ? records(t.matchFields).map(requirement) : null };
};

/** validateNodeSelectorTermHasOnlyAdditions: each old requirement list is a prefix of the new one. */
function onlyAdditions(now: Obj, was: Obj): boolean {
  const [oldExpressions, oldFields] = [list(was.matchExpressions), list(was.matchFields)];
  const [newExpressions, newFields] = [list(now.matchExpressions), list(now.matchFields)];
  if (!oldExpressions.length && !oldFields.length && (newExpressions.length || newFields.length)) return false;
  const prefix = (a: unknown[], b: unknown[]) => !b.length || (a.length >= b.length && same(a.slice(0, b.length), b));
  return prefix(newExpressions, oldExpressions) && prefix(newFields, oldFields);
}

/** While a Pod is gated: node selectors may only be added, node affinity requirements only appended to its terms. */
function gatedMutationErrors(spec: Obj, was: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const [selector, oldSelector] = [isRecord(spec.nodeSelector) ? spec.nodeSelector : {}, isRecord(was.nodeSelector) ? was.nodeSelector : {}];
  if (Object.entries(oldSelector).some(([k, v]) => selector[k] !== v)) errors.push(invalid("spec.nodeSelector", new GoPointer(sortedJson(spec.nodeSelector ?? null)), "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
  const oldTerms = requiredTerms(was);
  if (!oldTerms) return errors;
  const terms = requiredTerms(spec) ?? [];
  const at = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
  if (oldTerms.length > 0 && oldTerms.length !== terms.length) return [...errors, invalid(at, new GoPointer(terms.length ? terms.map(goTerm) : null), "no additions/deletions to non-empty NodeSelectorTerms list are allowed")];
  oldTerms.forEach((old, i) => {
    if (!onlyAdditions(terms[i]!, old)) errors.push(invalid(`${at}[${i}]`, new GoPointer(goTerm(terms[i]!)), "only additions are allowed (no mutations or deletions)"));
  });
  return errors;
}

/** The paths where two values differ, each with its old and new value, as the simulator's stand-in for go-cmp's diff. */
function changes(was: unknown, now: unknown, at: string): string[] {
  if (same(was, now)) return [];
  if (isRecord(was) && isRecord(now)) return [...new Set([...Object.keys(was), ...Object.keys(now)])].sort().flatMap((k) => changes(was[k], now[k], `${at}.${k}`));
  if (Array.isArray(was) && Array.isArray(now) && was.length === now.length) return was.flatMap((w, i) => changes(w, now[i], `${at}[${i}]`));
  return [`- ${at}: ${JSON.stringify(was ?? null)}`, `+ ${at}: ${JSON.stringify(now ?? null)}`];
}

/**
 * The spec as ValidatePodUpdate compares it with the old one: the fields an update may change put back to their old
 * values (images, activeDeadlineSeconds, scheduling gates, tolerations, a grace period of 1 that was negative, and a
 * gated Pod's node selector and node affinity).
 */
function munged(spec: Obj, was: Obj): Obj {
  const copy: Obj = structuredClone(spec);
  const oldImages = (key: string) => records(was[key]).map((c) => c.image);
  copy.containers = records(copy.containers).map((c, i) => ({ ...c, image: oldImages("containers")[i] }));
  if (copy.initContainers !== undefined || was.initContainers !== undefined) copy.initContainers = records(copy.initContainers).map((c, i) => ({ ...c, image: oldImages("initContainers")[i] }));
  for (const key of ["activeDeadlineSeconds", "schedulingGates", "tolerations"]) {
    if (was[key] === undefined) delete copy[key];
    else copy[key] = was[key];
  }
  const oldGrace = was.terminationGracePeriodSeconds;
  if (typeof oldGrace === "number" && oldGrace < 0 && copy.terminationGracePeriodSeconds === 1) copy.terminationGracePeriodSeconds = oldGrace;
  if (list(was.schedulingGates).length > 0) {
    if (was.nodeSelector === undefined) delete copy.nodeSelector;
    else copy.nodeSelector = was.nodeSelector;
    const oldNode = isRecord(was.affinity) ? was.affinity.nodeAffinity : undefined;
    const affinity = isRecord(copy.affinity) ? copy.affinity : undefined;
    if (affinity) {
      if (oldNode === undefined) delete affinity.nodeAffinity;
      else affinity.nodeAffinity = oldNode;
      if (!Object.keys(affinity).length && !isRecord(was.affinity)) delete copy.affinity;
    } else if (oldNode !== undefined) copy.affinity = { nodeAffinity: oldNode };
  }
  return copy;
}

/** ValidatePodUpdate after the metadata checks; `whole` is validatePodMetadataAndSpec's (the annotations and spec of the new Pod). */
export function podUpdateErrors(pod: KubeObject, old: KubeObject, whole: FieldError[]): FieldError[] {
  const spec: Obj = isRecord(pod.spec) ? pod.spec : {};
  const was: Obj = isRecord(old.spec) ? old.spec : {};
  const errors = [...whole, ...annotationUpdateErrors(pod.metadata.annotations ?? {}, old.metadata.annotations ?? {}), ...podAnnotationErrors(pod.metadata.annotations, spec, "metadata.annotations")];
  for (const key of ["containers", "initContainers"]) {
    const { errors: found, stop } = containerUpdateErrors(records(spec[key]), records(was[key]), `spec.${key}`);
    errors.push(...found);
    if (stop) return errors;
  }
  const [deadline, oldDeadline] = [spec.activeDeadlineSeconds, was.activeDeadlineSeconds];
  if (typeof deadline === "number") {
    if (deadline < 0 || deadline > 2147483647) return [...errors, invalid("spec.activeDeadlineSeconds", deadline, "must be between 0 and 2147483647, inclusive")];
    if (typeof oldDeadline === "number" && oldDeadline < deadline) return [...errors, invalid("spec.activeDeadlineSeconds", deadline, "must be less than or equal to previous value")];
  } else if (typeof oldDeadline === "number") errors.push(invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
  errors.push(...tolerationUpdateErrors(records(spec.tolerations), records(was.tolerations)));
  const oldGates = new Set(records(was.schedulingGates).map((g) => str(g.name)));
  records(spec.schedulingGates).forEach((g, i) => {
    if (!oldGates.has(str(g.name))) errors.push(forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${str(g.name)}'`));
  });
  if (same(spec, was)) return errors;
  if (list(was.schedulingGates).length > 0) errors.push(...gatedMutationErrors(spec, was));
  const left = changes(was, munged(spec, was), "spec");
  if (left.length) errors.push(forbidden("spec", `pod updates may not change fields other than ${UPDATABLE.join(",")}\n${left.join("\n")}`));
  return errors;
}

/**
 * ValidatePodEphemeralContainersUpdate after the metadata checks: the whole Pod again, then, unless it is a static
 * Pod (which may have none), every ephemeral container it had must still be there, unchanged.
 */
export function ephemeralUpdateErrors(pod: KubeObject, old: KubeObject, whole: FieldError[]): FieldError[] {
  const spec: Obj = isRecord(pod.spec) ? pod.spec : {};
  const was: Obj = isRecord(old.spec) ? old.spec : {};
  const errors = [...whole, ...annotationUpdateErrors(pod.metadata.annotations ?? {}, old.metadata.annotations ?? {}), ...podAnnotationErrors(pod.metadata.annotations, spec, "metadata.annotations")];
  // Real names the field with field.NewPath(""), which prints as "[]".
  if (old.metadata.annotations?.[MIRROR] !== undefined) return [forbidden("[]", "static pods do not support ephemeral containers")];
  const now = new Map(records(spec.ephemeralContainers).map((c) => [str(c.name), c]));
  for (const c of records(was.ephemeralContainers)) {
    const name = str(c.name);
    const next = now.get(name);
    if (!next) errors.push(forbidden("spec.ephemeralContainers", `existing ephemeral containers ${goQuote(name)} may not be removed\n`));
    else if (!same(c, next)) errors.push(forbidden("spec.ephemeralContainers", `existing ephemeral containers ${goQuote(name)} may not be changed\n${changes(c, next, name).join("\n")}`));
  }
  return errors;
}
