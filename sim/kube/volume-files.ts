// The checks of the volume sources that write files into a Pod (secret, configMap, downwardAPI, projected), as
// kube-apiserver v1.34's validate<Source>VolumeSource functions make them: file modes, key-to-path items, local paths,
// the downward API's field and resource selectors. Their quirks are real's: a downwardAPI item's errors are under
// `downwardAPI`, not its index, and a projected token's `path` under `projected`.
import type { FieldError } from "./errors.ts";
import { isRecord } from "./json.ts";
import { canonicalQuantity, quantityNumber } from "./quantity.ts";
import { qualifiedNameMessages } from "./meta-validation.ts";
import { fileMode, forbidden, int, invalid, localPath, type Obj, records, required, requiredOf, str, unsupported } from "./volume-fields.ts";

/** What a volume's downward API file may name (sorted, as NotSupported lists them). */
const VOLUME_FIELDS = ["metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"];
/** Every field label ConvertDownwardAPIFieldLabel knows (spec.host is read as spec.nodeName). */
const POD_FIELDS = [...VOLUME_FIELDS, "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"];
const RESOURCES = ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];
const BYTE_DIVISORS = ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];

/** The divisors each resource takes, and the words real ends its refusal with. */
function divisorRule(resource: string): [string[], string] | undefined {
  const bytes = (what: string): [string[], string] => [BYTE_DIVISORS, `only divisor's values ${BYTE_DIVISORS.join(", ")} are supported with the ${what} resource`];
  if (/^(limits|requests)\.cpu$/.test(resource)) return [["1m", "1"], "only divisor's values 1m and 1 are supported with the cpu resource"];
  if (/^(limits|requests)\.memory$/.test(resource)) return bytes("memory");
  if (/^(limits|requests)\.ephemeral-storage$/.test(resource)) return bytes("local ephemeral storage");
  return /^(limits|requests)\.hugepages-/.test(resource) ? bytes("hugepages") : undefined;
}

/** validateObjectFieldSelector: the label must convert (v1, a known field) and be one the caller may show (a volume file's by default). */
export function fieldSelectorErrors(ref: Obj, at: string, allowed: string[] = VOLUME_FIELDS): FieldError[] {
  const [version, label] = [str(ref.apiVersion), str(ref.fieldPath)];
  if (!version) return [required(`${at}.apiVersion`)];
  if (!label) return [required(`${at}.fieldPath`)];
  const subscripted = /^(.+?)\['(.*)'\]$/s.exec(label);
  const path = subscripted?.[1] ?? (label === "spec.host" ? "spec.nodeName" : label);
  const convertError =
    version !== "v1"
      ? `unsupported pod version: ${version}`
      : subscripted
        ? ["metadata.annotations", "metadata.labels"].includes(path) ? "" : `field label does not support subscript: ${label}`
        : POD_FIELDS.includes(path) ? "" : `field label not supported: ${label}`;
  if (convertError) return [invalid(`${at}.fieldPath`, label, `error converting fieldPath: ${convertError}`)];
  if (subscripted) {
    const key = path === "metadata.annotations" ? (subscripted[2] ?? "").toLowerCase() : (subscripted[2] ?? "");
    return qualifiedNameMessages(key).map((m) => invalid(at, key, m));
  }
  return allowed.includes(path) ? [] : [unsupported(`${at}.fieldPath`, path, allowed)];
}

/** validateContainerResourceFieldSelector: a container (for a volume file), a known resource, a divisor it takes. */
export function resourceSelectorErrors(ref: Obj, at: string, volume = true): FieldError[] {
  const resource = str(ref.resource);
  const errors = volume && !str(ref.containerName)
    ? [required(`${at}.containerName`)]
    : !resource
      ? [required(`${at}.resource`)]
      : RESOURCES.includes(resource) || /^(limits|requests)\.hugepages-/.test(resource)
        ? []
        : [unsupported(`${at}.resource`, resource, RESOURCES)];
  const divisor = typeof ref.divisor === "string" || typeof ref.divisor === "number" ? ref.divisor : 0;
  const rule = quantityNumber(divisor) ? divisorRule(resource) : undefined;
  if (rule && !rule[0].includes(canonicalQuantity(divisor) ?? "")) errors.push(invalid(`${at}.divisor`, resource, rule[1]));
  return errors;
}

/** validateDownwardAPIVolumeFile: a local path, exactly one selector, a file mode. */
function downwardFileErrors(file: Obj, at: string): FieldError[] {
  const path = str(file.path);
  const [field, resource] = [file.fieldRef, file.resourceFieldRef];
  return [
    ...(path ? [] : [required(`${at}.path`)]),
    ...localPath(path, `${at}.path`),
    ...(isRecord(field) ? fieldSelectorErrors(field, `${at}.fieldRef`) : isRecord(resource) ? resourceSelectorErrors(resource, `${at}.resourceFieldRef`) : [required(at, "one of fieldRef and resourceFieldRef is required")]),
    ...(isRecord(field) && isRecord(resource) ? [invalid(at, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously")] : []),
    ...fileMode(file.mode, `${at}.mode`),
  ];
}

/** validateKeyToPath for each item (a key, a local path, a file mode), then what `also` says of it. */
const keyToPathErrors = (items: unknown, at: string, also: (kp: Obj) => FieldError[] = () => []): FieldError[] =>
  records(items).flatMap((kp, i) => [...requiredOf(kp, `${at}[${i}]`, ["key", "path"]), ...localPath(str(kp.path), `${at}[${i}].path`), ...fileMode(kp.mode, `${at}[${i}].mode`), ...also(kp)]);

/** A secret or configMap volume: the object's name (its own key), the default mode, the items. */
const keyedFiles =
  (nameKey: string) =>
  (v: Obj, at: string): FieldError[] => [...requiredOf(v, at, [nameKey]), ...fileMode(v.defaultMode, `${at}.defaultMode`), ...keyToPathErrors(v.items, `${at}.items`)];

/** validateProjectionSources: each source's own checks, one kind per source, no path written twice. */
function projectedErrors(v: Obj, at: string): FieldError[] {
  const paths = new Set<string>();
  const once = (path: string, shown: string): FieldError[] => {
    if (paths.has(path)) return [invalid(at, shown, "conflicting duplicate paths")];
    paths.add(path);
    return [];
  };
  const sourceErrors = (s: Obj, src: string): FieldError[] => {
    const kinds = ["secret", "configMap", "downwardAPI", "serviceAccountToken"].filter((k) => isRecord(s[k]));
    return [
      ...kinds.flatMap((kind): FieldError[] => {
        const p = s[kind] as Obj;
        if (kind === "downwardAPI") return records(p.items).flatMap((f) => [...downwardFileErrors(f, `${src}.downwardAPI`), ...(str(f.path) ? once(str(f.path), str(f.path)) : [])]);
        if (kind !== "serviceAccountToken") {
          const items = keyToPathErrors(p.items, `${src}.${kind}.items`, (kp) => (str(kp.path) ? once(str(kp.path), str(p.name)) : []));
          return [...requiredOf(p, `${src}.${kind}`, ["name"]), ...items];
        }
        const seconds = int(p.expirationSeconds);
        return [
          ...(seconds < 600 ? [invalid(`${src}.${kind}.expirationSeconds`, seconds, "may not specify a duration less than 10 minutes")] : []),
          ...(seconds > 2 ** 32 ? [invalid(`${src}.${kind}.expirationSeconds`, seconds, "may not specify a duration larger than 2^32 seconds")] : []),
          ...(str(p.path) ? localPath(str(p.path), `${at}.path`) : [required(`${at}.path`)]),
        ];
      }),
      ...(kinds.length > 1 ? [forbidden(src, "may not specify more than 1 volume type per source")] : []),
    ];
  };
  return [...fileMode(v.defaultMode, `${at}.defaultMode`), ...records(v.sources).flatMap((s, i) => sourceErrors(s, `${at}.sources[${i}]`))];
}

/** The file-writing sources' checks, keyed by the source's JSON name. */
export const FILE_SOURCES: Record<string, (v: Obj, at: string) => FieldError[]> = {
  secret: keyedFiles("secretName"),
  configMap: keyedFiles("name"),
  downwardAPI: (v, at) => [...fileMode(v.defaultMode, `${at}.defaultMode`), ...records(v.items).flatMap((f) => downwardFileErrors(f, at))],
  projected: projectedErrors,
};
