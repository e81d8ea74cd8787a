// ValidatePersistentVolumeClaimSpec (kube-apiserver v1.34) for a PersistentVolumeClaim and an ephemeral volume's claim
// template, the template's metadata rule, and what a claim's strategy does to its data sources before (KEP 1495).
import type { FieldError } from "./errors.ts";
import { isRecord } from "./json.ts";
import { annotationErrors, labelErrors, labelSelectorErrors } from "./meta-validation.ts";
import { canonicalQuantity, quantityNumber } from "./quantity.ts";
import { dnsLabelMessages, dnsSubdomainMessages } from "./validation.ts";
import { forbidden, invalid, list, type Obj, required, str, unsupported } from "./volume-fields.ts";

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const VOLUME_MODES = ["Block", "Filesystem"];
/** ObjectMeta's fields in Go's order, named as validateFieldAllowList names them (UID becomes `uID`); labels and annotations may be set. */
const META_FIELDS: [string, string][] = [
  ["name", "name"], ["generateName", "generateName"], ["namespace", "namespace"], ["selfLink", "selfLink"], ["uid", "uID"],
  ["resourceVersion", "resourceVersion"], ["generation", "generation"], ["creationTimestamp", "creationTimestamp"],
  ["deletionTimestamp", "deletionTimestamp"], ["deletionGracePeriodSeconds", "deletionGracePeriodSeconds"],
  ["ownerReferences", "ownerReferences"], ["finalizers", "finalizers"], ["managedFields", "managedFields"],
];

/** validateDataSource / validateDataSourceRef: a name and a kind; without an API group only a claim; a group, a DNS subdomain; a namespace, a DNS label. */
function dataSourceErrors(ref: Obj, at: string): FieldError[] {
  const [kind, group] = [str(ref.kind), str(ref.apiGroup)];
  const namespace = str(ref.namespace);
  return [
    ...(str(ref.name) ? [] : [required(`${at}.name`)]),
    ...(kind ? [] : [required(`${at}.kind`)]),
    ...(!group && kind !== "PersistentVolumeClaim" ? [invalid(at, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup")] : []),
    ...(group ? dnsSubdomainMessages(group).map((m) => invalid(`${at}.apiGroup`, group, m)) : []),
    ...(namespace ? dnsLabelMessages(namespace).map((m) => invalid(`${at}.namespace`, namespace, m)) : []),
  ];
}

/** The two data sources: each checked, then one to another namespace refuses a dataSource, or both must name the same object. */
function dataSourcesErrors(s: Obj, at: string): FieldError[] {
  const [source, ref] = [isRecord(s.dataSource) ? s.dataSource : undefined, isRecord(s.dataSourceRef) ? s.dataSourceRef : undefined];
  const errors = [...(source ? dataSourceErrors({ ...source, namespace: undefined }, `${at}.dataSource`) : []), ...(ref ? dataSourceErrors(ref, `${at}.dataSourceRef`) : [])];
  if (!source || !ref) return errors;
  // The bad value real prints is a *field.Path, a struct with no exported field: `{}`.
  if (str(ref.namespace)) return [...errors, invalid(at, {}, "may not be specified when dataSourceRef.namespace is specified")];
  const same = str(source.kind) === str(ref.kind) && str(source.name) === str(ref.name) && (source.apiGroup ?? null) === (ref.apiGroup ?? null);
  return same ? errors : [...errors, invalid(at, {}, "must match dataSourceRef")];
}

/** The claim spec's access modes, selector, storage request, class names, volume mode and data sources, under `at`. */
export function claimSpecErrors(spec: unknown, at: string): FieldError[] {
  const s = isRecord(spec) ? spec : {};
  const modes = list(s.accessModes).map(str);
  const storage = isRecord(s.resources) && isRecord(s.resources.requests) ? s.resources.requests.storage : undefined;
  const size = typeof storage === "string" || typeof storage === "number" ? storage : undefined;
  const [className, attributesClass] = [str(s.storageClassName), str(s.volumeAttributesClassName)];
  const rwop = modes.includes("ReadWriteOncePod");
  return [
    ...(modes.length ? [] : [required(`${at}.accessModes`, "at least 1 access mode is required")]),
    ...labelSelectorErrors(s.selector, `${at}.selector`),
    ...modes.filter((m) => !ACCESS_MODES.includes(m)).map((m) => unsupported(`${at}.accessModes`, m, ACCESS_MODES)),
    ...(rwop && modes.some((m) => m !== "ReadWriteOncePod" && ACCESS_MODES.includes(m)) ? [forbidden(`${at}.accessModes`, "may not use ReadWriteOncePod with other access modes")] : []),
    ...(size === undefined ? [required(`${at}.resources[storage]`)] : (quantityNumber(size) ?? 0) <= 0 ? [invalid(`${at}.resources[storage]`, canonicalQuantity(size) ?? String(size), "must be greater than zero")] : []),
    ...(className ? dnsSubdomainMessages(className).map((m) => invalid(`${at}.storageClassName`, className, m)) : []),
    ...(typeof s.volumeMode === "string" && !VOLUME_MODES.includes(s.volumeMode) ? [unsupported(`${at}.volumeMode`, s.volumeMode, VOLUME_MODES)] : []),
    ...dataSourcesErrors(s, at),
    // VolumeAttributesClass is on by default in v1.34, so the name is checked.
    ...(attributesClass ? dnsSubdomainMessages(attributesClass).map((m) => invalid(`${at}.volumeAttributesClassName`, attributesClass, m)) : []),
  ];
}

/** A claim kind only dataSource could always name (dataSourceIsPvcOrSnapshot). */
const legacySource = (ref: Obj) => (ref.kind === "PersistentVolumeClaim" && !str(ref.apiGroup)) || (ref.kind === "VolumeSnapshot" && ref.apiGroup === "snapshot.storage.k8s.io");

/**
 * A claim's PrepareForCreate / PrepareForUpdate on its data sources: a dataSourceRef to another namespace is dropped
 * (CrossNamespaceVolumeDataSource is off) and, without a dataSourceRef, a dataSource other than a claim or a snapshot
 * (unless the stored claim had a source); then whichever of the two is missing is copied from the other.
 */
export function prepareClaimDataSources(spec: unknown, old?: unknown): void {
  if (!isRecord(spec)) return;
  const was = isRecord(old) ? old : {};
  if (isRecord(spec.dataSourceRef) && str(spec.dataSourceRef.namespace) && !isRecord(was.dataSourceRef)) delete spec.dataSourceRef;
  const hadSource = isRecord(was.dataSource) || isRecord(was.dataSourceRef);
  if (!hadSource && !isRecord(spec.dataSourceRef) && isRecord(spec.dataSource) && !legacySource(spec.dataSource)) delete spec.dataSource;
  const pick = (ref: Obj) => ({ ...(typeof ref.apiGroup === "string" ? { apiGroup: ref.apiGroup } : {}), kind: ref.kind, name: ref.name });
  if (isRecord(spec.dataSource) && !isRecord(spec.dataSourceRef)) spec.dataSourceRef = pick(spec.dataSource);
  else if (isRecord(spec.dataSourceRef) && !isRecord(spec.dataSource) && !str(spec.dataSourceRef.namespace)) spec.dataSource = pick(spec.dataSourceRef);
}

/** ValidatePersistentVolumeClaimTemplate: a template's annotations and labels, no other metadata, then its spec. */
export function claimTemplateErrors(template: Obj, at: string): FieldError[] {
  const meta = isRecord(template.metadata) ? template.metadata : {};
  // Go's reflect.DeepEqual against the zero value: an empty list sent is still "set".
  const set = (v: unknown) => v !== undefined && v !== null && v !== "" && v !== 0;
  return [
    ...annotationErrors(meta.annotations, `${at}.metadata.annotations`),
    ...labelErrors(meta.labels, `${at}.metadata.labels`),
    ...META_FIELDS.filter(([key]) => set(meta[key])).map(([, name]) => forbidden(`${at}.metadata.${name}`, "cannot be set")),
    ...claimSpecErrors(template.spec, `${at}.spec`),
  ];
}
