// ValidatePersistentVolumeClaimSpec (kube-apiserver v1.34) for a PersistentVolumeClaim and an ephemeral volume's claim
// template, and the template's metadata rule. Not emulated: the selector, dataSource/dataSourceRef and
// volumeAttributesClassName checks, and the template's label and annotation syntax.
import type { FieldError } from "./errors.ts";
import { isRecord } from "./json.ts";
import { canonicalQuantity, quantityNumber } from "./quantity.ts";
import { dnsSubdomainMessages } from "./validation.ts";
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

/** The claim spec's access modes, storage request, class name and volume mode, under `at`. */
export function claimSpecErrors(spec: unknown, at: string): FieldError[] {
  const s = isRecord(spec) ? spec : {};
  const modes = list(s.accessModes).map(str);
  const storage = isRecord(s.resources) && isRecord(s.resources.requests) ? s.resources.requests.storage : undefined;
  const size = typeof storage === "string" || typeof storage === "number" ? storage : undefined;
  const className = str(s.storageClassName);
  const rwop = modes.includes("ReadWriteOncePod");
  return [
    ...(modes.length ? [] : [required(`${at}.accessModes`, "at least 1 access mode is required")]),
    ...modes.filter((m) => !ACCESS_MODES.includes(m)).map((m) => unsupported(`${at}.accessModes`, m, ACCESS_MODES)),
    ...(rwop && modes.some((m) => m !== "ReadWriteOncePod" && ACCESS_MODES.includes(m)) ? [forbidden(`${at}.accessModes`, "may not use ReadWriteOncePod with other access modes")] : []),
    ...(size === undefined ? [required(`${at}.resources[storage]`)] : (quantityNumber(size) ?? 0) <= 0 ? [invalid(`${at}.resources[storage]`, canonicalQuantity(size) ?? String(size), "must be greater than zero")] : []),
    ...(className ? dnsSubdomainMessages(className).map((m) => invalid(`${at}.storageClassName`, className, m)) : []),
    ...(typeof s.volumeMode === "string" && !VOLUME_MODES.includes(s.volumeMode) ? [unsupported(`${at}.volumeMode`, s.volumeMode, VOLUME_MODES)] : []),
  ];
}

/** ValidatePersistentVolumeClaimTemplate: a template's metadata holds only labels and annotations, then its spec. */
export function claimTemplateErrors(template: Obj, at: string): FieldError[] {
  const meta = isRecord(template.metadata) ? template.metadata : {};
  // Go's reflect.DeepEqual against the zero value: an empty list sent is still "set".
  const set = (v: unknown) => v !== undefined && v !== null && v !== "" && v !== 0;
  return [...META_FIELDS.filter(([key]) => set(meta[key])).map(([, name]) => forbidden(`${at}.metadata.${name}`, "cannot be set")), ...claimSpecErrors(template.spec, `${at}.spec`)];
}
