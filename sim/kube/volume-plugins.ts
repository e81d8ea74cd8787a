// The volumes of a Pod or pod template as kube-apiserver v1.34 checks them (sim/README.md "Differences" 25, 33 and 35):
// the deprecation warnings of pkg/api/pod/warnings.go, the fields of gated sources dropped (dropDisabledPodFields), and
// ValidateVolumes: one source per volume, the fields of each source (pkg/apis/core/validation validate<Source>VolumeSource;
// the file-writing ones in volume-files.ts), the volume's name; found against a real one
// (tests/support/volume-validation-cases.ts, volume-source-cases.ts).
import { claimTemplateErrors } from "./claim-spec.ts";
import type { FieldError } from "./errors.ts";
import { getPath, isRecord } from "./json.ts";
import { quantityNumber } from "./quantity.ts";
import type { KubeObject, ResourceDef } from "./types.ts";
import { dnsLabelMessages, dnsSubdomainMessages } from "./validation.ts";
import { duplicate, forbidden, int, invalid, list, type Obj, records, required, requiredOf, noBacksteps, str, tooLong, unsupported } from "./volume-fields.ts";
import { FILE_SOURCES } from "./volume-files.ts";
import { dropGatedContainerFields } from "./pod-validation.ts";

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

/** A secretRef that is set needs a name. */
const secretRefName = (source: Obj, at: string): FieldError[] => (isRecord(source.secretRef) && !str(source.secretRef.name) ? [required(`${at}.secretRef.name`)] : []);

const partition = (source: Obj, at: string): FieldError[] => {
  const n = int(source.partition);
  return n < 0 || n > 255 ? [invalid(`${at}.partition`, n, "must be between 1 and 255, inclusive")] : [];
};

const HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
const ISCSI_IQN = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\t\n\f\r ]+)$/;
const ISCSI_EUI = /^eui.[A-Za-z0-9]{16}$/;
const ISCSI_NAA = /^naa.[A-Za-z0-9]{32}$/;

/** iSCSI names start iqn, eui or naa and then follow that format. */
function iscsiName(name: string, at: string, prefixDetail: string): FieldError[] {
  if (!/^(iqn|eui|naa)/.test(name)) return [invalid(at, name, prefixDetail)];
  const format = name.startsWith("iqn") ? ISCSI_IQN : name.startsWith("eui") ? ISCSI_EUI : ISCSI_NAA;
  return format.test(name) ? [] : [invalid(at, name, "must be valid format")];
}

/** Go's net.SplitHostPort accepts it: host:port, [v6]:port (either may be empty, no other colon or bracket). */
function isHostPort(pair: string): boolean {
  const colon = pair.lastIndexOf(":");
  if (colon < 0) return false;
  const [host, port] = [pair.slice(0, colon), pair.slice(colon + 1)];
  if (/[[\]]/.test(port)) return false;
  if (host.startsWith("[")) return host.endsWith("]") && !/[[\]]/.test(host.slice(1, -1));
  return !/[[\]:]/.test(host);
}

const dnsLabel = (value: string, at: string): FieldError[] => dnsLabelMessages(value).map((m) => invalid(at, value, m));

/**
 * The checks of each volume source kube-apiserver v1.34 validates (validateVolumeSource's validate<Source> functions),
 * keyed by the source's JSON name; the source's errors are under `at` (the source's path: a gcePersistentDisk's are
 * under `persistentDisk`, as real names them). An image volume has none here: its feature gate is off, so it is dropped
 * before validation (dropGatedVolumeFields).
 */
const SOURCES: Record<string, (v: Obj, at: string, volume: Obj) => FieldError[]> = {
  ...FILE_SOURCES,
  emptyDir: (v, at) => ((quantityNumber(typeof v.sizeLimit === "number" ? v.sizeLimit : str(v.sizeLimit)) ?? 0) < 0 ? [forbidden(`${at}.sizeLimit`, "SizeLimit field must be a valid resource quantity")] : []),
  hostPath: (v, at) => {
    if (!str(v.path)) return [required(`${at}.path`)];
    const type = typeof v.type === "string" ? v.type : "";
    return [...noBacksteps(str(v.path), `${at}.path`), ...(HOST_PATH_TYPES.includes(type) ? [] : [unsupported(`${at}.type`, type, HOST_PATH_TYPES)])];
  },
  gitRepo: (v, at) => [...requiredOf(v, at, ["repository"]), ...(str(v.directory).startsWith("/") ? [invalid(`${at}.directory`, v.directory, "must be a relative path")] : []), ...noBacksteps(str(v.directory), `${at}.directory`)],
  gcePersistentDisk: (v, at) => [...requiredOf(v, at.replace(/gcePersistentDisk$/, "persistentDisk"), ["pdName"]), ...partition(v, at.replace(/gcePersistentDisk$/, "persistentDisk"))],
  awsElasticBlockStore: (v, at) => [...requiredOf(v, at, ["volumeID"]), ...partition(v, at)],
  nfs: (v, at) => [...requiredOf(v, at, ["server", "path"]), ...(str(v.path).startsWith("/") ? [] : [invalid(`${at}.path`, str(v.path), "must be an absolute path")])],
  iscsi: (v, at, volume) => {
    const iqn = str(v.iqn);
    const lun = int(v.lun);
    const errors = [
      ...requiredOf(v, at, ["targetPortal", "iqn"]),
      ...(iqn ? iscsiName(iqn, `${at}.iqn`, "must be valid format starting with iqn, eui, or naa") : []),
      ...(lun < 0 || lun > 255 ? [invalid(`${at}.lun`, lun, "must be between 0 and 255, inclusive")] : []),
      ...((v.chapAuthDiscovery === true || v.chapAuthSession === true) && !isRecord(v.secretRef) ? [required(`${at}.secretRef`)] : []),
      ...(typeof v.initiatorName === "string" ? iscsiName(v.initiatorName, `${at}.initiatorname`, "must be valid format starting with iqn, eui, or naa") : []),
    ];
    const name = str(volume.name);
    const tooLong = typeof v.initiatorName === "string" && `${name}:${str(v.targetPortal)}`.length > 64;
    return tooLong ? [...errors, invalid(at.replace(/\.iscsi$/, ".name"), name, "Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.")] : errors;
  },
  glusterfs: (v, at) => requiredOf(v, at, ["endpoints", "path"]),
  flocker: (v, at) => {
    const [name, uuid] = [str(v.datasetName), str(v.datasetUUID)];
    return [
      ...(!name && !uuid ? [required(at, "one of datasetName and datasetUUID is required")] : []),
      ...(name && uuid ? [invalid(at, "resource", "datasetName and datasetUUID can not be specified simultaneously")] : []),
      ...(name.includes("/") ? [invalid(`${at}.datasetName`, name, "must not contain '/'")] : []),
    ];
  },
  persistentVolumeClaim: (v, at) => requiredOf(v, at, ["claimName"]),
  rbd: (v, at) => requiredOf(v, at, ["monitors", "image"]),
  cinder: (v, at) => [...requiredOf(v, at, ["volumeID"]), ...secretRefName(v, at)],
  cephfs: (v, at) => requiredOf(v, at, ["monitors"]),
  quobyte: (v, at) => {
    const registry = str(v.registry);
    const detail = "must be a host:port pair or multiple pairs separated by commas";
    const first = !registry
      ? requiredOf(v, at, [["registry", detail]])
      : str(v.tenant).length >= 65
        ? [required(`${at}.tenant`, "must be a UUID and may not exceed a length of 64 characters")]
        : registry.split(",").filter((pair) => !isHostPort(pair)).map(() => invalid(`${at}.registry`, registry, detail));
    return [...first, ...requiredOf(v, at, ["volume"])];
  },
  fc: (v, at) => {
    const [wwns, wwids] = [list(v.targetWWNs), list(v.wwids)];
    const errors: FieldError[] = [];
    if (!wwns.length && !wwids.length) errors.push(required(`${at}.targetWWNs`, "must specify either targetWWNs or wwids, but not both"));
    if (wwns.length && wwids.length) errors.push(invalid(`${at}.targetWWNs`, wwns, "targetWWNs and wwids can not be specified simultaneously"));
    if (wwns.length && typeof v.lun !== "number") errors.push(required(`${at}.lun`, "lun is required if targetWWNs is specified"));
    else if (wwns.length && (int(v.lun) < 0 || int(v.lun) > 255)) errors.push(invalid(`${at}.lun`, v.lun, "must be between 0 and 255, inclusive"));
    return errors;
  },
  flexVolume: (v, at) => [
    ...requiredOf(v, at, ["driver"]),
    ...Object.keys(isRecord(v.options) ? v.options : {})
      .filter((k) => /\.(kubernetes\.io|k8s\.io)$/.test(`.${k.split("/")[0]?.toLowerCase() ?? ""}`))
      .map((k) => invalid(`${at}.options[${k}]`, k, "kubernetes.io and k8s.io namespaces are reserved")),
  ],
  azureFile: (v, at) => requiredOf(v, at, ["secretName", "shareName"]),
  vsphereVolume: (v, at) => requiredOf(v, at, ["volumePath"]),
  photonPersistentDisk: (v, at) => requiredOf(v, at, ["pdID"]),
  portworxVolume: (v, at) => requiredOf(v, at, ["volumeID"]),
  azureDisk: (v, at) => azureDiskErrors(v, at),
  storageos: (v, at) => [
    ...(str(v.volumeName) ? dnsLabel(str(v.volumeName), `${at}.volumeName`) : [required(`${at}.volumeName`)]),
    ...(str(v.volumeNamespace) ? dnsLabel(str(v.volumeNamespace), `${at}.volumeNamespace`) : []),
    ...secretRefName(v, at),
  ],
  scaleIO: (v, at) => requiredOf(v, at, ["gateway", "system", "volumeName"]),
  csi: (v, at) => {
    const driver = str(v.driver);
    const secret = isRecord(v.nodePublishSecretRef) ? str(v.nodePublishSecretRef.name) : undefined;
    return [
      ...(driver ? [] : [required(`${at}.driver`)]),
      ...(driver.length > 63 ? [tooLong(`${at}.driver`, 63)] : []),
      ...dnsSubdomainMessages(driver.toLowerCase()).map((m) => invalid(`${at}.driver`, driver, m)),
      // A bad secret name is filed under `csi.name`, as real files it.
      ...(secret === undefined ? [] : secret ? dnsSubdomainMessages(secret).map((m) => invalid(`${at}.name`, secret, m)) : [required(`${at}.nodePublishSecretRef.name`)]),
    ];
  },
  ephemeral: (v, at) => (isRecord(v.volumeClaimTemplate) ? claimTemplateErrors(v.volumeClaimTemplate, `${at}.volumeClaimTemplate`) : [required(`${at}.volumeClaimTemplate`)]),
};

/** Every volume source, in the order validateVolumeSource looks at them (a second one in a volume is refused). */
const ORDER = [
  "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker",
  "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc", "flexVolume", "configMap", "azureFile",
  "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO", "csi", "ephemeral", "image",
];

/** One volume's errors: its source (only one; the in-tree and claim sources' fields), then its name (ValidateVolumes). */
function oneVolume(v: Obj, at: string, seen: Set<string>): FieldError[] {
  let sources = 0;
  const errors = ORDER.flatMap((key): FieldError[] => {
    const source = v[key];
    if (!isRecord(source)) return [];
    if (sources++ > 0) return [forbidden(`${at}.${key}`, "may not specify more than 1 volume type")];
    return SOURCES[key]?.(source, `${at}.${key}`, v) ?? [];
  });
  const name = str(v.name);
  if (!name) errors.push(required(`${at}.name`));
  else errors.push(...dnsLabelMessages(name).map((m) => invalid(`${at}.name`, name, m)));
  if (seen.has(name)) errors.push(duplicate(`${at}.name`, name));
  // As ValidateVolumes: only a volume without errors counts as seen.
  if (!errors.length) seen.add(name);
  return errors;
}

/**
 * The volume errors of a Pod or pod template, volume by volume; a Pod's claim may not be one its ephemeral volumes make
 * (`<pod>-<volume>`; a template has no name to know them by).
 */
export function volumeErrors(def: ResourceDef, obj: KubeObject): { errors: FieldError[]; valid: Map<string, Obj> } {
  const { path, volumes } = volumesOf(def, obj);
  const seen = new Set<string>();
  const made = new Set(def.kind === "Pod" ? volumes.filter((v) => isRecord(v.ephemeral)).map((v) => `${obj.metadata.name}-${str(v.name)}`) : []);
  // ValidateVolumes also returns the volumes without an error of their own: only those can be mounted.
  const valid = new Map<string, Obj>();
  const errors = volumes.flatMap((v, i) => {
    const claim = isRecord(v.persistentVolumeClaim) ? str(v.persistentVolumeClaim.claimName) : "";
    const at = `${path}[${i}]`;
    const reused = made.has(claim) ? [invalid(`${at}.persistentVolumeClaim.claimName`, claim, "must not reference a PVC that gets created for an ephemeral volume")] : [];
    const own = [...oneVolume(v, at, seen), ...reused];
    if (!own.length && typeof v.name === "string") valid.set(v.name, v);
    return own;
  });
  return { errors, valid };
}

/** Features whose gate is off in v1.34 by default, each with what it drops unless the old object already used it. */
const GATED: { inUse: (v: Obj) => boolean; drop: (spec: Obj) => void }[] = [
  { inUse: (v) => isRecord(v.image), drop: dropImageVolumes },
  ...["clusterTrustBundle", "podCertificate"].map((key) => {
    const projections = (volumes: unknown) => list(volumes).flatMap((v) => (isRecord(v) && isRecord(v.projected) ? records(v.projected.sources) : []));
    return {
      inUse: (v: Obj) => projections([v]).some((s) => isRecord(s[key])),
      drop: (spec: Obj) => projections(spec.volumes).forEach((s) => delete s[key]),
    };
  }),
];

/** ImageVolume off: image volumes go, and the mounts of them (Go leaves an emptied list nil, so it is left out). */
function dropImageVolumes(spec: Obj): void {
  const gone = new Set(records(spec.volumes).filter((v) => isRecord(v.image)).map((v) => str(v.name)));
  if (!gone.size) return;
  const keep = (o: Obj, key: string, dropped: (e: Obj) => boolean) => {
    const kept = records(o[key]).filter((e) => !dropped(e));
    if (kept.length) o[key] = kept;
    else delete o[key];
  };
  keep(spec, "volumes", (v) => isRecord(v.image));
  for (const c of ["initContainers", "containers", "ephemeralContainers"].flatMap((k) => records(spec[k]))) keep(c, "volumeMounts", (m) => gone.has(str(m.name)));
}

/**
 * dropDisabledPodFields for volumes (PrepareForCreate/Update of a Pod or a workload's template): what a gate that is
 * off by default guards is dropped from a new object, or from an update whose old object did not use it.
 */
export function dropGatedVolumeFields(def: ResourceDef, obj: KubeObject, old?: KubeObject): void {
  const path = podSpecPath(def);
  const spec = path ? getPath(obj, path) : undefined;
  if (!isRecord(spec)) return;
  const oldVolumes = old ? volumesOf(def, old).volumes : [];
  for (const gate of GATED) if (!oldVolumes.some(gate.inUse)) gate.drop(spec);
  dropGatedContainerFields(spec, old && path ? getPath(old, path) : undefined);
}
