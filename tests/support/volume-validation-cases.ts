// ValidateVolumes as kube-apiserver v1.34 runs it on a Pod's volumes, found against a real one: one source per volume,
// the fields of each in-tree plugin and claim source (validate<Plugin>VolumeSource, with their odd corners: a
// gcePersistentDisk's errors under `persistentDisk`, iSCSI's `initiatorname`), then the volume's name. Called from
// wire-null-cases.ts, so it runs on the real control plane (tests/real/kube-protobuf.test.ts) and the simulator
// (tests/integration/kube-sim-fidelity.test.ts); both must answer the same.
import { expect } from "vitest";
import { type Cause, DNS_LABEL, GATED, INVALID, podOnlyBad, REQUIRED, SOURCE_BAD, SOURCE_GOOD } from "./volume-source-cases.ts";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;

const RANGE_0_255 = "must be between 0 and 255, inclusive";
const LONG_NAME = `v${"x".repeat(58)}z`;
const HOST_PORT = "must be a host:port pair or multiple pairs separated by commas";

/** Bad in-tree plugin volumes, each with the causes real gives for it, in its order. */
const PLUGIN_BAD: [Obj, Cause[]][] = [
  [{ hostPath: { path: "/a/../b", type: "Odd" } }, [[INVALID, "hostPath.path", `Invalid value: "/a/../b": must not contain '..'`], ["FieldValueNotSupported", "hostPath.type", 'Unsupported value: "Odd": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"']]],
  [{ hostPath: { path: "" } }, [[REQUIRED, "hostPath.path", "Required value"]]],
  [{ gitRepo: { repository: "", directory: "/abs/.." } }, [[REQUIRED, "gitRepo.repository", "Required value"], [INVALID, "gitRepo.directory", 'Invalid value: "/abs/..": must be a relative path'], [INVALID, "gitRepo.directory", `Invalid value: "/abs/..": must not contain '..'`]]],
  [{ gcePersistentDisk: { pdName: "", partition: 256 } }, [[REQUIRED, "persistentDisk.pdName", "Required value"], [INVALID, "persistentDisk.partition", "Invalid value: 256: must be between 1 and 255, inclusive"]]],
  [{ awsElasticBlockStore: { volumeID: "", partition: -1 } }, [[REQUIRED, "awsElasticBlockStore.volumeID", "Required value"], [INVALID, "awsElasticBlockStore.partition", "Invalid value: -1: must be between 1 and 255, inclusive"]]],
  [{ nfs: { server: "", path: "rel" } }, [[REQUIRED, "nfs.server", "Required value"], [INVALID, "nfs.path", 'Invalid value: "rel": must be an absolute path']]],
  [
    { iscsi: { targetPortal: "", iqn: "bad", lun: 300, chapAuthSession: true, initiatorName: "iqn.bad" } },
    [
      [REQUIRED, "iscsi.targetPortal", "Required value"],
      [INVALID, "iscsi.iqn", 'Invalid value: "bad": must be valid format starting with iqn, eui, or naa'],
      [INVALID, "iscsi.lun", `Invalid value: 300: ${RANGE_0_255}`],
      [REQUIRED, "iscsi.secretRef", "Required value"],
      [INVALID, "iscsi.initiatorname", 'Invalid value: "iqn.bad": must be valid format'],
    ],
  ],
  [
    { name: LONG_NAME, iscsi: { targetPortal: "10.0.0.1:3260", iqn: "iqn.2001-04.com.example:disk", initiatorName: "eui.0123456789ABCDEF" } },
    [[INVALID, "name", `Invalid value: "${LONG_NAME}": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.`]],
  ],
  [{ glusterfs: { endpoints: "", path: "" } }, [[REQUIRED, "glusterfs.endpoints", "Required value"], [REQUIRED, "glusterfs.path", "Required value"]]],
  [{ flocker: {} }, [[REQUIRED, "flocker", "Required value: one of datasetName and datasetUUID is required"]]],
  [{ flocker: { datasetName: "a/b", datasetUUID: "u" } }, [[INVALID, "flocker", 'Invalid value: "resource": datasetName and datasetUUID can not be specified simultaneously'], [INVALID, "flocker.datasetName", `Invalid value: "a/b": must not contain '/'`]]],
  [{ persistentVolumeClaim: { claimName: "" } }, [[REQUIRED, "persistentVolumeClaim.claimName", "Required value"]]],
  [{ rbd: { monitors: [], image: "" } }, [[REQUIRED, "rbd.monitors", "Required value"], [REQUIRED, "rbd.image", "Required value"]]],
  [{ cinder: { volumeID: "", secretRef: {} } }, [[REQUIRED, "cinder.volumeID", "Required value"], [REQUIRED, "cinder.secretRef.name", "Required value"]]],
  [{ cephfs: { monitors: [] } }, [[REQUIRED, "cephfs.monitors", "Required value"]]],
  [{ quobyte: { registry: "nohost,a:1,::1:80", volume: "" } }, [[INVALID, "quobyte.registry", `Invalid value: "nohost,a:1,::1:80": ${HOST_PORT}`], [INVALID, "quobyte.registry", `Invalid value: "nohost,a:1,::1:80": ${HOST_PORT}`], [REQUIRED, "quobyte.volume", "Required value"]]],
  [{ quobyte: { registry: "a:1", tenant: "t".repeat(65), volume: "v" } }, [[REQUIRED, "quobyte.tenant", "Required value: must be a UUID and may not exceed a length of 64 characters"]]],
  [{ fc: {} }, [[REQUIRED, "fc.targetWWNs", "Required value: must specify either targetWWNs or wwids, but not both"]]],
  [{ fc: { targetWWNs: ["a"], wwids: ["b"] } }, [[INVALID, "fc.targetWWNs", 'Invalid value: ["a"]: targetWWNs and wwids can not be specified simultaneously'], [REQUIRED, "fc.lun", "Required value: lun is required if targetWWNs is specified"]]],
  [{ fc: { targetWWNs: ["a"], lun: 300 } }, [[INVALID, "fc.lun", `Invalid value: 300: ${RANGE_0_255}`]]],
  [{ flexVolume: { driver: "", options: { "kubernetes.io/x": "1" } } }, [[REQUIRED, "flexVolume.driver", "Required value"], [INVALID, "flexVolume.options[kubernetes.io/x]", 'Invalid value: "kubernetes.io/x": kubernetes.io and k8s.io namespaces are reserved']]],
  [{ azureFile: { secretName: "", shareName: "" } }, [[REQUIRED, "azureFile.secretName", "Required value"], [REQUIRED, "azureFile.shareName", "Required value"]]],
  [{ vsphereVolume: { volumePath: "" } }, [[REQUIRED, "vsphereVolume.volumePath", "Required value"]]],
  [{ photonPersistentDisk: { pdID: "" } }, [[REQUIRED, "photonPersistentDisk.pdID", "Required value"]]],
  [{ portworxVolume: { volumeID: "" } }, [[REQUIRED, "portworxVolume.volumeID", "Required value"]]],
  [{ storageos: { volumeName: "Bad_Name", volumeNamespace: "Also.Bad", secretRef: {} } }, [[INVALID, "storageos.volumeName", `Invalid value: "Bad_Name": ${DNS_LABEL}`], [INVALID, "storageos.volumeNamespace", `Invalid value: "Also.Bad": ${DNS_LABEL}`], [REQUIRED, "storageos.secretRef.name", "Required value"]]],
  [{ emptyDir: {}, hostPath: { path: "/x" } }, [["FieldValueForbidden", "hostPath", "Forbidden: may not specify more than 1 volume type"]]],
  [{ emptyDir: { sizeLimit: "-1Gi" } }, [["FieldValueForbidden", "emptyDir.sizeLimit", "Forbidden: SizeLimit field must be a valid resource quantity"]]],
  [{ name: "Bad_Name", emptyDir: {} }, [[INVALID, "name", `Invalid value: "Bad_Name": ${DNS_LABEL}`]]],
  [{ name: "dup", emptyDir: {} }, []],
  [{ name: "dup", emptyDir: {} }, [["FieldValueDuplicate", "name", 'Duplicate value: "dup"']]],
];

/** Edge cases each plugin must take. */
const PLUGIN_GOOD: Obj[] = [
  { hostPath: { path: "/data", type: "DirectoryOrCreate" } },
  { gcePersistentDisk: { pdName: "p", partition: 255 } },
  { nfs: { server: "s", path: "/x" } },
  { iscsi: { targetPortal: "10.0.0.1:3260", iqn: "naa.0123456789abcdef0123456789abcdef", lun: 0, initiatorName: "iqn.1994-05.com.redhat:abc" } },
  { quobyte: { registry: "a:7861,[::1]:7861,b:", volume: "v" } },
  { fc: { wwids: ["x"] } },
  { flocker: { datasetUUID: "u" } },
  { flexVolume: { driver: "d", options: { "example.com/x": "y" } } },
  { storageos: { volumeName: "vol", volumeNamespace: "ns" } },
  { gitRepo: { repository: "https://example.com/r.git", directory: "." } },
];

const BAD = [...PLUGIN_BAD, ...SOURCE_BAD];
const GOOD = [...PLUGIN_GOOD, ...SOURCE_GOOD, ...GATED];
const CONTAINER = { name: "c", image: "x" };
const named = (volumes: Obj[]) => volumes.map((v, i) => ({ name: `v${i}`, ...v }));
const names = (volumes: unknown) => (Array.isArray(volumes) ? volumes.map((v: Obj) => String(v.name)) : []);

/** POSTs `volumes` in a `kind` and expects exactly real's causes, in order (the message without repeats). */
async function expectRefused(target: WireTarget, path: string, kind: "Pod" | "Deployment", cases: [Obj, Cause[]][]): Promise<void> {
  const name = "bad-volumes";
  const spec = { schedulerName: "none", containers: [CONTAINER], volumes: named(cases.map(([v]) => v)) };
  const body = kind === "Pod" ? { apiVersion: "v1", kind, metadata: { name }, spec } : workload(name, spec);
  const refused = await target.send("POST", path, body);
  const at = kind === "Pod" ? "spec.volumes" : "spec.template.spec.volumes";
  const causes = cases.flatMap(([, list], i) => list.map(([reason, field, message]) => ({ reason, message, field: `${at}[${i}]${field ? `.${field}` : ""}` })));
  expect(refused.status).toBe(422);
  expect(refused.body.details).toEqual({ name, ...(kind === "Pod" ? {} : { group: "apps" }), kind, causes });
  // The message names each distinct error once (quobyte's registry error twice in the causes).
  const distinct = [...new Set(causes.map((c) => `${c.field}: ${c.message}`))];
  expect(refused.body.message).toBe(`${kind === "Pod" ? kind : "Deployment.apps"} "${name}" is invalid: [${distinct.join(", ")}]`);
}

const workload = (name: string, spec: Obj) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
});

/**
 * A Pod and a Deployment with every bad volume are refused with exactly real's causes, in order; a Pod with the edge
 * cases is created, its gated sources dropped (an image volume with its mount).
 */
export async function checkVolumeValidation(target: WireTarget, ns: string): Promise<void> {
  const pods = `/api/v1/namespaces/${ns}/pods`;
  await expectRefused(target, pods, "Pod", [...BAD, ...podOnlyBad("bad-volumes")]);
  await expectRefused(target, `/apis/apps/v1/namespaces/${ns}/deployments`, "Deployment", BAD);
  const container = { ...CONTAINER, volumeMounts: [{ name: "img", mountPath: "/img" }] };
  const made = await target.send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "good-volumes" }, spec: { schedulerName: "none", containers: [container], volumes: named(GOOD) } });
  expect([made.status, made.body.message]).toEqual([201, undefined]);
  const spec = made.body.spec as Obj;
  const [volumes, [made0]] = [spec.volumes as Obj[], spec.containers as Obj[]];
  expect(names(volumes).slice(0, -1)).toEqual(names(named(GOOD)).filter((n) => n !== "img"));
  expect(names(made0?.volumeMounts)).toEqual([names(volumes).at(-1)]);
  expect(volumes.at(-2)?.projected).toEqual({ defaultMode: 420, sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 600 } }, {}, {}] });
}
