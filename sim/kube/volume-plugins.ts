// The in-tree volume plugins of a Pod or pod template as kube-apiserver v1.34 checks them (sim/README.md "Differences"
// 18): the deprecation warnings of pkg/api/pod/warnings.go and the validation of the azureDisk and scaleIO sources
// (pkg/apis/core/validation validateAzureDisk, validateScaleIOVolumeSource), found against a real one.
import type { FieldError } from "./errors.ts";
import { getPath, isRecord } from "./json.ts";
import type { KubeObject, ResourceDef } from "./types.ts";

type Obj = Record<string, unknown>;

/** Each deprecated source's warning, in the order warnings.go checks them (the JSON key, then the name it prints). */
const DEPRECATED: [string, string, string][] = [
  ["photonPersistentDisk", "photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"],
  ["gitRepo", "gitRepo", "deprecated in v1.11, and disabled by default in v1.33+"],
  ["scaleIO", "scaleIO", "deprecated in v1.16, non-functional in v1.22+"],
  ["flocker", "flocker", "deprecated in v1.22, non-functional in v1.25+"],
  ["storageos", "storageOS", "deprecated in v1.22, non-functional in v1.25+"],
  ["quobyte", "quobyte", "deprecated in v1.22, non-functional in v1.25+"],
  ["glusterfs", "glusterfs", "deprecated in v1.25, non-functional in v1.26+"],
  ["cephfs", "cephfs", "deprecated in v1.28, non-functional in v1.31+"],
  ["rbd", "rbd", "deprecated in v1.28, non-functional in v1.31+"],
];

const MANAGED_URI = "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}";
const BLOB_URI = "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd";
const CACHING_MODES = ["None", "ReadOnly", "ReadWrite"];
const DISK_KINDS = ["Dedicated", "Managed", "Shared"];

/** Where a kind keeps its pod spec: a Pod's own, a workload's template; undefined for other kinds. */
function podSpecPath(def: ResourceDef): string | undefined {
  if (def.kind === "Pod") return "spec";
  return def.kind === "Deployment" || def.kind === "ReplicaSet" ? "spec.template.spec" : undefined;
}

function volumesOf(def: ResourceDef, obj: KubeObject): { path: string; volumes: Obj[] } {
  const path = podSpecPath(def);
  const volumes = path ? getPath(obj, `${path}.volumes`) : undefined;
  return { path: `${path}.volumes`, volumes: Array.isArray(volumes) ? volumes.map((v) => (isRecord(v) ? v : {})) : [] };
}

/** The deprecation warnings of an object's volumes, as the `Warning: 299` headers of its create or update carry them. */
export function volumeWarnings(def: ResourceDef, obj: KubeObject): string[] {
  const { path, volumes } = volumesOf(def, obj);
  return volumes.flatMap((v, i) => DEPRECATED.filter(([key]) => isRecord(v[key])).map(([, name, text]) => `${path}[${i}].${name}: ${text}`));
}

const required = (field: string): FieldError => ({ field, type: "FieldValueRequired", body: "Required value" });
const unsupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  field,
  type: "FieldValueNotSupported",
  body: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`,
});

/** validateAzureDisk (after defaulting, so kind and cachingMode are set): a managed disk's URI is a resource id, any other's a blob URL. */
function azureDiskErrors(disk: Obj, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const uri = typeof disk.diskURI === "string" ? disk.diskURI : "";
  if (!disk.diskName) errors.push(required(`${at}.diskName`));
  if (!uri) errors.push(required(`${at}.diskURI`));
  if (!CACHING_MODES.includes(String(disk.cachingMode))) errors.push(unsupported(`${at}.cachingMode`, disk.cachingMode, CACHING_MODES));
  if (!DISK_KINDS.includes(String(disk.kind))) errors.push(unsupported(`${at}.kind`, disk.kind, DISK_KINDS));
  if (disk.kind === "Managed" && !uri.startsWith("/subscriptions/")) errors.push(unsupported(`${at}.diskURI`, uri, [MANAGED_URI]));
  if (disk.kind !== "Managed" && !uri.startsWith("https://")) errors.push(unsupported(`${at}.diskURI`, uri, [BLOB_URI]));
  return errors;
}

/** The volume errors the simulator checks: an azureDisk's name and URI, a scaleIO's gateway, system and volume name. */
export function volumeErrors(def: ResourceDef, obj: KubeObject): FieldError[] {
  const { path, volumes } = volumesOf(def, obj);
  return volumes.flatMap((v, i) => {
    const at = `${path}[${i}]`;
    if (isRecord(v.azureDisk)) return azureDiskErrors(v.azureDisk, `${at}.azureDisk`);
    const scaleIO = v.scaleIO;
    if (isRecord(scaleIO)) return ["gateway", "system", "volumeName"].filter((k) => !scaleIO[k]).map((k) => required(`${at}.scaleIO.${k}`));
    return [];
  });
}
