// Create/update validation the simulator enforces: object metadata, workload selectors and pod templates, volumes,
// container resources, claims, and custom resources by their CRDs' schemas and rules (crd-validation.ts).
import { endpointsErrors } from "./endpoints.ts";
import { claimSpecErrors } from "./claim-spec.ts";
import { crdSchema } from "./crd-schemas.ts";
import { customResourceErrors } from "./crd-validation.ts";
import { forbidden, invalid, type FieldError } from "./errors.ts";
import { getPath, getString, isRecord } from "./json.ts";
import { annotationErrors, labelErrors, labelSelectorErrors, metadataErrors, metadataErrorsOnUpdate, namespaceFinalizerErrors } from "./meta-validation.ts";
import { parseQuantity } from "./quantity.ts";
import { matchesLabelSelector } from "./selectors.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject, ResourceDef } from "./types.ts";
import { podAnnotationErrors, profileMatchErrors } from "./pod-security.ts";
import { ephemeralUpdateErrors, podUpdateErrors } from "./pod-update.ts";
import { ephemeralErrors, podSpecRestErrors } from "./pod-validation.ts";
import { forbidden as forbiddenField, unsupported } from "./volume-fields.ts";
import { volumeErrors } from "./volume-plugins.ts";

const SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";

// apimachinery's RegexError wording, quirks included (the double space before "or").
const NAME_RULES = {
  subdomain: {
    max: 253,
    regex: SUBDOMAIN,
    text: `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN}')`,
  },
  label: {
    max: 63,
    regex: LABEL,
    text: `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${LABEL}')`,
  },
  dns1035: {
    max: 63,
    regex: DNS1035,
    text: `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035}')`,
  },
};

type NameRule = (typeof NAME_RULES)[keyof typeof NAME_RULES];

/** What IsDNS1123Subdomain, IsDNS1123Label or IsDNS1035Label say of a name: its length, then its letters. */
function ruleMessages(rule: NameRule, name: string): string[] {
  const messages: string[] = [];
  if (name.length > rule.max) messages.push(`must be no more than ${rule.max} characters`);
  // IsDNS1123Label says of a valid subdomain only that it has dots.
  const dotted = rule === NAME_RULES.label && new RegExp(`^${SUBDOMAIN}$`).test(name);
  if (!new RegExp(`^${rule.regex}$`).test(name)) messages.push(dotted ? "must not contain dots" : rule.text);
  return messages;
}

/** IsDNS1123Label's messages for a name (none when it is one). */
export function dnsLabelMessages(name: string): string[] {
  return ruleMessages(NAME_RULES.label, name);
}

/** IsDNS1123Subdomain's messages for a name (none when it is one). */
export function dnsSubdomainMessages(name: string): string[] {
  return ruleMessages(NAME_RULES.subdomain, name);
}

/**
 * ValidateObjectMeta's name checks: a generateName as a prefix (a trailing "-" read as the name's last letter, as
 * maskTrailingDash does), then the name, generated from it or not (a generated name that breaks the rule fails both),
 * or that neither is there.
 */
function nameErrors(def: ResourceDef, meta: KubeObject["metadata"]): FieldError[] {
  const rule = NAME_RULES[def.nameRule ?? "subdomain"];
  const check = (field: string, shown: string, name: string): FieldError[] =>
    ruleMessages(rule, name).map((message) => ({ field, type: "FieldValueInvalid", body: `Invalid value: ${JSON.stringify(shown)}: ${message}` }));
  const prefix = meta.generateName ?? "";
  const masked = prefix.length > 1 && prefix.endsWith("-") ? `${prefix.slice(0, -2)}a` : prefix;
  const name = meta.name ? check("metadata.name", meta.name, meta.name) : [{ field: "metadata.name", type: "FieldValueRequired" as const, body: "Required value: name or generateName is required" }];
  return [...(prefix ? check("metadata.generateName", prefix, masked) : []), ...name];
}

// A custom resource's errors by its CRD's schema and rules, after `prior` (its metadata's).
function schemaErrors(def: ResourceDef, obj: KubeObject, prior: FieldError[], old?: KubeObject, subresource?: string): FieldError[] {
  const schema = def.crd ? crdSchema(def) : undefined;
  return schema ? customResourceErrors(schema, obj, prior, old, subresource) : [];
}

// A value as field.Error prints it: Go's encoding/json (map keys sorted, empty fields of a LabelSelector omitted).
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  if (!isRecord(value)) return JSON.stringify(value ?? null);
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goJson(value[k])}`)
    .join(",")}}`;
}

// metav1.LabelSelector as encoding/json writes it: matchLabels then matchExpressions ({key, operator, values}), empty ones left out.
function selectorJson(selector: Record<string, unknown>): string {
  const labels = isRecord(selector.matchLabels) && Object.keys(selector.matchLabels).length ? [`"matchLabels":${goJson(selector.matchLabels)}`] : [];
  const exprs = Array.isArray(selector.matchExpressions) && selector.matchExpressions.length ? selector.matchExpressions : [];
  const requirement = (r: unknown) => {
    const values = getPath(r, "values");
    const fields = [`"key":${JSON.stringify(getPath(r, "key") ?? "")}`, `"operator":${JSON.stringify(getPath(r, "operator") ?? "")}`];
    if (Array.isArray(values) && values.length) fields.push(`"values":${goJson(values)}`);
    return `{${fields.join(",")}}`;
  };
  return `{${[...labels, ...(exprs.length ? [`"matchExpressions":[${exprs.map(requirement).join(",")}]`] : [])].join(",")}}`;
}

const selectorCount = (selector: Record<string, unknown>) =>
  (isRecord(selector.matchLabels) ? Object.keys(selector.matchLabels).length : 0) + (Array.isArray(selector.matchExpressions) ? selector.matchExpressions.length : 0);

const isWorkload = (def: ResourceDef) => def.kind === "Deployment" || def.kind === "ReplicaSet";

/**
 * ValidateDeploymentSpec / ValidateReplicaSetSpec (v1.34) on the selector and the pod template: the selector required,
 * valid and not empty; one that does not convert (LabelSelectorAsSelector) is "invalid label selector" and the template
 * goes unchecked. Otherwise the template's labels must match it, then ValidatePodTemplateSpec checks the template's
 * labels and annotations (named under `spec.template`, without `metadata`) and its pod spec, then the workload's own
 * template rules (restartPolicy Always, no activeDeadlineSeconds).
 */
function workloadErrors(def: ResourceDef, obj: KubeObject): FieldError[] {
  const selector = getPath(obj, "spec.selector");
  const errors: FieldError[] = [];
  // A missing selector selects nothing (labels.Nothing), so the template's labels do not match it either.
  if (!isRecord(selector)) errors.push({ field: "spec.selector", type: "FieldValueRequired", body: "Required value" });
  else {
    const invalidSelector = labelSelectorErrors(selector, "spec.selector");
    errors.push(...invalidSelector);
    if (selectorCount(selector) === 0) {
      // The real server says "deployment" for a ReplicaSet too.
      errors.push({ field: "spec.selector", type: "FieldValueInvalid", body: `Invalid value: ${selectorJson(selector)}: empty selector is invalid for deployment` });
      return errors;
    }
    if (invalidSelector.length) return [...errors, { field: "spec.selector", type: "FieldValueInvalid", body: `Invalid value: ${selectorJson(selector)}: invalid label selector` }];
  }
  const labels = getPath(obj, "spec.template.metadata.labels");
  const restart = getPath(obj, "spec.template.spec.restartPolicy");
  const template = getPath(obj, "spec.template.spec");
  const templateSpec = isRecord(template) ? template : {};
  if (!isRecord(selector) || !matchesLabelSelector(selector, isRecord(labels) ? (labels as Record<string, string>) : {})) {
    errors.push({ field: "spec.template.metadata.labels", type: "FieldValueInvalid", body: `Invalid value: ${goJson(labels)}: \`selector\` does not match template \`labels\`` });
  }
  return [
    ...errors,
    ...labelErrors(labels, "spec.template.labels"),
    ...annotationErrors(getPath(obj, "spec.template.metadata.annotations"), "spec.template.annotations"),
    ...podAnnotationErrors(getPath(obj, "spec.template.metadata.annotations"), templateSpec, "spec.template.annotations"),
    ...podSpecErrors(def, obj),
    ...profileMatchErrors(getPath(obj, "spec.template.metadata.annotations"), templateSpec, "spec.template.spec"),
    ...ephemeralErrors(templateSpec, "spec.template.spec", false),
    // ValidatePodTemplateSpecForReplicaSet's own rules after the pod spec's.
    ...(restart !== "Always" ? [unsupported("spec.template.spec.restartPolicy", restart, ["Always"])] : []),
    ...(getPath(obj, "spec.template.spec.activeDeadlineSeconds") !== undefined ? [forbiddenField("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported")] : []),
  ];
}

/**
 * ValidatePodSpec of a Pod or a workload's template: its volumes, then the rest, whose mounts may name only the volumes
 * that passed. For a Pod, validatePodMetadataAndSpec: its annotations first.
 */
function podMetadataAndSpecErrors(def: ResourceDef, obj: KubeObject): FieldError[] {
  const at = isWorkload(def) ? "spec.template.spec" : "spec";
  const spec = getPath(obj, at);
  if ((def.kind !== "Pod" && !isWorkload(def)) || !isRecord(spec)) return [];
  const { errors: volumeProblems, valid } = volumeErrors(def, obj);
  if (def.kind !== "Pod") return [...volumeProblems, ...podSpecRestErrors(spec, at, valid, false)];
  return [...podAnnotationErrors(obj.metadata.annotations, spec, "metadata.annotations"), ...volumeProblems, ...podSpecRestErrors(spec, at, valid, true)];
}

/** A workload template's pod spec, or ValidatePodCreate: a Pod's, and the rules only a new Pod has. */
function podSpecErrors(def: ResourceDef, obj: KubeObject): FieldError[] {
  const errors = podMetadataAndSpecErrors(def, obj);
  const spec = obj.spec;
  if (def.kind !== "Pod" || !isRecord(spec)) return errors;
  const at = "spec";
  const annotations = obj.metadata.annotations;
  return [
    ...errors,
    ...ephemeralErrors(spec, at, true),
    ...(typeof spec.nodeName === "string" && spec.nodeName && Array.isArray(spec.schedulingGates) && spec.schedulingGates.length ? [forbiddenField("spec.nodeName", "cannot be set until all schedulingGates have been cleared")] : []),
    ...profileMatchErrors(annotations, spec, at),
  ];
}

// ValidateImmutableField on spec.selector (nil and empty compare equal, as apiequality.Semantic does).
function selectorUpdateErrors(def: ResourceDef, obj: KubeObject, old: KubeObject): FieldError[] {
  if (!isWorkload(def)) return [];
  const [now, was] = [getPath(obj, "spec.selector"), getPath(old, "spec.selector")];
  const shown = (s: unknown) => (isRecord(s) ? selectorJson(s) : "null");
  if (shown(now) === shown(was)) return [];
  return [{ field: "spec.selector", type: "FieldValueInvalid", body: `Invalid value: ${shown(now)}: field is immutable` }];
}

/** Throws Invalid (422) when a new object breaks the rules of its resource. */
export function validateCreate(def: ResourceDef, obj: KubeObject): void {
  const errors = [
    ...nameErrors(def, obj.metadata),
    ...metadataErrors(def, obj.metadata),
    ...(isWorkload(def) ? workloadErrors(def, obj) : podSpecErrors(def, obj)),
    ...(def.kind === "PersistentVolumeClaim" ? claimSpecErrors(obj.spec, "spec") : []),
    ...(def.kind === "Namespace" ? namespaceFinalizerErrors(getPath(obj, "spec.finalizers")) : []),
    ...(def.kind === "Endpoints" ? endpointsErrors(obj) : []),
  ];
  errors.push(...schemaErrors(def, obj, errors));
  if (errors.length > 0) throw invalid(def, obj.metadata.name, errors);
}

const storageOf = (o: KubeObject, path: string) => parseQuantity(getPath(o, path)) ?? 0;

// kube-apiserver 1.34 ValidatePersistentVolumeClaimUpdate with RecoverVolumeExpansionFailure (GA): a request may go
// back down towards status.capacity (to recover from a failed expansion) but never to it or below.
function pvcUpdateErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  const requested = storageOf(obj, "spec.resources.requests.storage");
  if (requested >= storageOf(old, "spec.resources.requests.storage") || requested > storageOf(old, "status.capacity.storage")) return [];
  return [{ field: "spec.resources.requests.storage", type: "FieldValueForbidden", body: "Forbidden: field can not be less than status.capacity" }];
}

/** Throws Invalid (422) when an update breaks the rules of its resource. */
export function validateUpdate(def: ResourceDef, obj: KubeObject, old: KubeObject, subresource?: string): void {
  const own =
    def.kind === "Pod" && subresource === undefined
      ? podUpdateErrors(obj, old, podMetadataAndSpecErrors(def, obj))
      : def.kind === "Pod" && subresource === "ephemeralcontainers"
        ? ephemeralUpdateErrors(obj, old, podMetadataAndSpecErrors(def, obj))
      : def.kind === "PersistentVolumeClaim"
        ? pvcUpdateErrors(obj, old)
        : isWorkload(def)
          ? [...workloadErrors(def, obj), ...selectorUpdateErrors(def, obj, old)]
          : subresource === "finalize"
            ? namespaceFinalizerErrors(getPath(obj, "spec.finalizers"))
            : def.kind === "Endpoints"
              ? endpointsErrors(obj, old)
              : [];
  const errors = [...metadataErrorsOnUpdate(def, obj.metadata), ...own];
  errors.push(...schemaErrors(def, obj, errors, old, subresource));
  if (errors.length > 0) throw invalid(def, obj.metadata.name, errors);
}

/**
 * The PersistentVolumeClaimResize admission plugin (kube-apiserver 1.34): growing a claim needs it Bound and its
 * StorageClass's `allowVolumeExpansion: true`; otherwise 403 with the plugin's own sentences.
 */
export function admitUpdate(store: ObjectStore, def: ResourceDef, obj: KubeObject, old: KubeObject, subresource: string | undefined): void {
  if (def.kind !== "PersistentVolumeClaim" || subresource) return;
  if (storageOf(obj, "spec.resources.requests.storage") <= storageOf(old, "spec.resources.requests.storage")) return;
  if (getString(old, "status.phase") !== "Bound") throw forbidden(def, old.metadata.name, "Only bound persistent volume claims can be expanded");
  const className = getString(obj, "spec.storageClassName") ?? "";
  const storageClass = className && className === getString(old, "spec.storageClassName") ? store.get("StorageClass", undefined, className) : undefined;
  if (getPath(storageClass, "allowVolumeExpansion") !== true) {
    throw forbidden(def, old.metadata.name, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
  }
}
