// ValidateObjectMeta's checks beyond the name (k8s.io/apimachinery v0.34 api/validation/objectmeta.go and
// apis/meta/v1/validation), and the core group's own finalizer rule: label keys and values, annotation keys and their
// 256 KiB total, owner references, finalizers, and a metav1.LabelSelector. Shared cases:
// tests/support/metadata-validation-cases.ts.
import type { FieldError } from "./errors.ts";
import { isRecord } from "./json.ts";
import type { ObjectMeta, ResourceDef } from "./types.ts";
import { dnsSubdomainMessages } from "./validation.ts";
import { forbidden, invalid, list, type Obj, records, required, str, tooLong } from "./volume-fields.ts";

const QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_TEXT = `must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`;
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;
const LABEL_VALUE_TEXT = `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '${LABEL_VALUE}')`;
/** TotalAnnotationSizeLimitB: all keys and values of an object's annotations together, in bytes. */
const ANNOTATIONS_MAX = 256 * 1024;
/** The finalizers core knows by a bare name (helper.IsStandardFinalizerName). */
const STANDARD_FINALIZERS = ["kubernetes", "orphan", "foregroundDeletion"];
const OPERATORS_WITH_VALUES = ["In", "NotIn"];
const OPERATORS_WITHOUT = ["Exists", "DoesNotExist"];

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
const entries = (map: unknown): [string, string][] => (isRecord(map) ? Object.entries(map).map(([k, v]) => [k, str(v)]) : []);

/** IsQualifiedName's messages: an optional DNS subdomain prefix and `/`, then a name of up to 63 characters. */
export function qualifiedNameMessages(value: string): string[] {
  const parts = value.split("/");
  if (parts.length > 2) return [`a qualified name ${QUALIFIED_TEXT} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const name = parts.at(-1) ?? "";
  const prefix = parts.length === 2 ? (parts[0] ?? "") : undefined;
  return [
    ...(prefix === undefined ? [] : prefix ? dnsSubdomainMessages(prefix).map((m) => `prefix part ${m}`) : ["prefix part must be non-empty"]),
    ...(!name ? ["name part must be non-empty"] : bytes(name) > 63 ? ["name part must be no more than 63 characters"] : []),
    ...(new RegExp(`^${QUALIFIED_NAME}$`).test(name) ? [] : [`name part ${QUALIFIED_TEXT}`]),
  ];
}

/** IsValidLabelValue's messages: up to 63 characters, empty or a qualified name's letters. */
export function labelValueMessages(value: string): string[] {
  return [...(bytes(value) > 63 ? ["must be no more than 63 characters"] : []), ...(new RegExp(`^${LABEL_VALUE}$`).test(value) ? [] : [LABEL_VALUE_TEXT])];
}

/** ValidateLabels: each key a qualified name, each value a label value, all under `at`. */
export function labelErrors(labels: unknown, at: string): FieldError[] {
  return entries(labels).flatMap(([k, v]) => [...qualifiedNameMessages(k).map((m) => invalid(at, k, m)), ...labelValueMessages(v).map((m) => invalid(at, v, m))]);
}

/** ValidateAnnotations: each key a qualified name once lower-cased (shown as sent), and 256 KiB at most together. */
export function annotationErrors(annotations: unknown, at: string): FieldError[] {
  const all = entries(annotations);
  const size = all.reduce((n, [k, v]) => n + bytes(k) + bytes(v), 0);
  return [...all.flatMap(([k]) => qualifiedNameMessages(k.toLowerCase()).map((m) => invalid(at, k, m))), ...(size > ANNOTATIONS_MAX ? [tooLong(at, ANNOTATIONS_MAX)] : [])];
}

/** ValidateLabelSelector with invalid label values refused: matchLabels, then each requirement's operator, key and values. */
export function labelSelectorErrors(selector: unknown, at: string): FieldError[] {
  if (!isRecord(selector)) return [];
  return [
    ...labelErrors(selector.matchLabels, `${at}.matchLabels`),
    ...records(selector.matchExpressions).flatMap((r, i) => {
      const here = `${at}.matchExpressions[${i}]`;
      const [operator, values] = [str(r.operator), list(r.values).map(str)];
      return [
        ...(OPERATORS_WITH_VALUES.includes(operator)
          ? values.length ? [] : [required(`${here}.values`, "must be specified when `operator` is 'In' or 'NotIn'")]
          : OPERATORS_WITHOUT.includes(operator)
            ? values.length ? [forbidden(`${here}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")] : []
            : [invalid(`${here}.operator`, operator, "not a valid selector operator")]),
        ...qualifiedNameMessages(str(r.key)).map((m) => invalid(`${here}.key`, str(r.key), m)),
        ...values.flatMap((v, j) => labelValueMessages(v).map((m) => invalid(`${here}.values[${j}]`, v, m))),
      ];
    }),
  ];
}

/** A metav1.OwnerReference as encoding/json writes it: Go's field order, the two pointers left out when unset. */
function ownerJson(ref: Obj): Obj {
  return {
    apiVersion: str(ref.apiVersion),
    kind: str(ref.kind),
    name: str(ref.name),
    uid: str(ref.uid),
    ...(typeof ref.controller === "boolean" ? { controller: ref.controller } : {}),
    ...(typeof ref.blockOwnerDeletion === "boolean" ? { blockOwnerDeletion: ref.blockOwnerDeletion } : {}),
  };
}

/** ValidateOwnerReferences: each reference's version, kind, name and uid (named without an index), no Event owner, one controller. */
function ownerReferenceErrors(refs: unknown, at: string): FieldError[] {
  const all = records(refs);
  const errors: FieldError[] = [];
  let controller = "";
  for (const ref of all) {
    // schema.ParseGroupVersion: "" or "v1" or "group/version"; more than one `/` parses to nothing.
    const parts = str(ref.apiVersion).split("/");
    const [group, version] = parts.length === 1 ? ["", parts[0] ?? ""] : parts.length === 2 ? [parts[0] ?? "", parts[1] ?? ""] : ["", ""];
    const kind = str(ref.kind);
    if (!version) errors.push(invalid(`${at}.apiVersion`, str(ref.apiVersion), "version must not be empty"));
    if (!kind) errors.push(invalid(`${at}.kind`, kind, "must not be empty"));
    if (!str(ref.name)) errors.push(invalid(`${at}.name`, str(ref.name), "must not be empty"));
    if (!str(ref.uid)) errors.push(invalid(`${at}.uid`, str(ref.uid), "must not be empty"));
    if (group === "" && version === "v1" && kind === "Event") errors.push(invalid(at, ownerJson(ref), "/v1, Kind=Event is disallowed from being an owner"));
    if (ref.controller === true) {
      const name = `${kind}/${str(ref.name)}`;
      if (controller) errors.push(invalid(at, all.map(ownerJson), `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${name}`));
      else controller = name;
    }
  }
  return errors;
}

/** ValidateFinalizers: each name qualified; orphan and foregroundDeletion not both. */
function finalizerErrors(finalizers: unknown, at: string): FieldError[] {
  const names = list(finalizers).map(str);
  return [
    ...names.flatMap((f) => qualifiedNameMessages(f).map((m) => invalid(at, f, m))),
    ...(names.includes("orphan") && names.includes("foregroundDeletion") ? [invalid(at, names, "finalizer orphan and foregroundDeletion cannot be both set")] : []),
  ];
}

/** The core group's validateKubeFinalizerName: a name without `/` must be one core knows. */
function kubeFinalizerErrors(finalizers: unknown, at: string): FieldError[] {
  return list(finalizers)
    .map(str)
    .flatMap((f, i) => (!f.includes("/") && !STANDARD_FINALIZERS.includes(f) ? [invalid(`${at}[${i}]`, f, "name is neither a standard finalizer name nor is it fully qualified")] : []));
}

/**
 * A Namespace's spec.finalizers (validateFinalizerName, on create and through `namespaces/<name>/finalize`): each name
 * qualified, and one without `/` a standard name, reported at its index.
 */
export function namespaceFinalizerErrors(finalizers: unknown): FieldError[] {
  return list(finalizers)
    .map(str)
    .flatMap((f, i) => [
      ...qualifiedNameMessages(f).map((m) => invalid(`spec.finalizers[${i}]`, f, m)),
      ...(!f.includes("/") && !STANDARD_FINALIZERS.includes(f) ? [invalid(`spec.finalizers[${i}]`, f, "name is neither a standard finalizer name nor is it fully qualified")] : []),
    ]);
}

/** Whether a kind's own validation is core's, which adds its finalizer rule; a CRD's and an Event's (which only the generic checks look at) is not. */
const coreRules = (def: ResourceDef) => !def.crd && def.kind !== "Event";

/** ValidateObjectMeta after the name: labels, annotations, owner references, finalizers, with core's finalizer rule when `core`. */
function fullMetadataErrors(meta: ObjectMeta, core: boolean): FieldError[] {
  return [
    ...labelErrors(meta.labels, "metadata.labels"),
    ...annotationErrors(meta.annotations, "metadata.annotations"),
    ...ownerReferenceErrors(meta.ownerReferences, "metadata.ownerReferences"),
    ...finalizerErrors(meta.finalizers, "metadata.finalizers"),
    ...(core ? kubeFinalizerErrors(meta.finalizers, "metadata.finalizers") : []),
  ];
}

/** A create's metadata checks after the name, as the kind's own validation runs them. */
export function metadataErrors(def: ResourceDef, meta: ObjectMeta): FieldError[] {
  return fullMetadataErrors(meta, coreRules(def));
}

/** ValidateObjectMetaUpdate's checks of the new metadata: labels, annotations, owner references (and core's finalizer rule). */
function metadataUpdateErrors(meta: ObjectMeta, core: boolean): FieldError[] {
  return [
    ...labelErrors(meta.labels, "metadata.labels"),
    ...annotationErrors(meta.annotations, "metadata.annotations"),
    ...ownerReferenceErrors(meta.ownerReferences, "metadata.ownerReferences"),
    ...(core ? kubeFinalizerErrors(meta.finalizers, "metadata.finalizers") : []),
  ];
}

/**
 * What each kind's own update validation runs on the metadata, in order: "update" is its ValidateObjectMetaUpdate, "full"
 * its create checks (ValidateObjectMeta) once more. A claim's strategy checks the new claim, then runs
 * ValidatePersistentVolumeClaimUpdate, which checks it again; an EndpointSlice runs its create checks only. Any other
 * kind (Deployment, ReplicaSet, Service, Lease, Ingress) runs ValidateObjectMetaUpdate alone.
 */
const OWN_UPDATE_CHECKS: Record<string, ("update" | "full")[]> = {
  ConfigMap: ["update", "full"],
  Secret: ["update", "full"],
  ServiceAccount: ["update", "full"],
  Pod: ["update", "full"],
  Node: ["full", "update"],
  Namespace: ["full", "update"],
  StorageClass: ["full", "update"],
  PersistentVolumeClaim: ["full", "update", "full"],
  EndpointSlice: ["full"],
  Endpoints: ["update", "full"],
  // legacyValidateEvent looks at no metadata, and a core/v1 Event's update runs nothing else.
  Event: [],
};

/**
 * The metadata errors of an update, as often as the real server finds them: every update's own checks (rest.BeforeUpdate:
 * the object's metadata, then the update's), then the kind's (a CRD's ValidateObjectMetaAccessorUpdate; a core kind's
 * ValidateObjectMetaUpdate, and for some its create checks too, OWN_UPDATE_CHECKS).
 */
export function metadataErrorsOnUpdate(def: ResourceDef, meta: ObjectMeta): FieldError[] {
  const core = coreRules(def);
  const own = (OWN_UPDATE_CHECKS[def.kind] ?? ["update"]).flatMap((check) => (check === "full" ? fullMetadataErrors(meta, core) : metadataUpdateErrors(meta, core)));
  return [...fullMetadataErrors(meta, false), ...metadataUpdateErrors(meta, false), ...own];
}
