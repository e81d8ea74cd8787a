// What kube-apiserver v1.34 writes for what a client left out, found against a real one: an unset metav1.Time that is no
// pointer comes back `null` (conditions, container states, Event times), a struct `{}`, a field without omitempty its
// zero, a template's `creationTimestamp: null` is dropped (omitzero); and a generateName is cut so the name fits 63
// characters, its errors named as ValidateObjectMeta names them. tests/real/kube-protobuf.test.ts sends each to the real
// server and tests/integration/kube-sim-fidelity.test.ts to the simulator; both must answer the same.
import { expect } from "vitest";
import { encodeMessage, lengthField } from "./protobuf-encode.ts";
import { checkMetadataValidation } from "./metadata-validation-cases.ts";
import { checkPodValidation } from "./pod-validation-cases.ts";
import { checkBinding } from "./binding-cases.ts";
import { checkEviction } from "./eviction-cases.ts";
import { checkEphemeralContainers, checkPodUpdates } from "./pod-update-cases.ts";
import { checkPodWarnings } from "./pod-warning-cases.ts";
import { checkStrategicPatches } from "./strategic-patch-cases.ts";
import { checkDryRunAndDelete, checkLastApplied, checkManagedFields, checkServerSideApply } from "./managed-fields-cases.ts";
import { checkClaimBinding } from "./claim-binding-cases.ts";
import { checkCustomResourceValidation } from "./crd-validation-cases.ts";
import { checkCreateOnUpdate } from "./create-on-update-cases.ts";
import { checkSchedulerEvents } from "./scheduler-event-cases.ts";
import { checkPausedDeployment } from "./paused-deployment-cases.ts";
import { checkSetElementOrder } from "./set-element-order-cases.ts";
import { checkFieldValidation } from "./field-validation-cases.ts";
import { checkTolerationAnnotation } from "./toleration-annotation-cases.ts";
import { checkVolumeValidation } from "./volume-validation-cases.ts";
import { SUBDOMAIN as NOT_SUBDOMAIN } from "./volume-source-cases.ts";

/** The status code, the JSON body and the Warning headers (joined by ", " as HTTP clients join repeated headers). */
type Answer = Promise<{ status: number; body: Record<string, unknown>; warning?: string | null }>;

/**
 * How a case reaches its target: JSON requests (a PATCH as a merge patch) and protobuf POSTs, answered as JSON, with
 * the Warning headers.
 */
export interface WireTarget {
  /** A JSON request (a PATCH is a merge patch), with extra headers (a User-Agent) when given. */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Answer;
  post(path: string, protobuf: Buffer): Answer;
  /** A PATCH of another type than a merge patch (a strategic merge patch, a JSON patch). */
  patch(path: string, contentType: string, body: unknown): Answer;
  /** A body sent as written (JSON with a repeated key, which JSON.stringify cannot write). */
  sendText(method: string, path: string, contentType: string, text: string): Answer;
  /** A watch (`path` with `watch=1&timeoutSeconds=N`) read to its end: its events, in order. */
  watch(path: string): Promise<unknown[]>;
}

type Obj = Record<string, unknown>;
type Send = WireTarget["send"];

const SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}";

/** The Status of a refused create, for a kind without group, with its field errors ([field, message], in order). */
function invalid(kind: string, name: string, errors: [string, string][]): Obj {
  const parts = errors.map(([field, message]) => `${field}: ${message}`);
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `${kind} "${name}" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`}`,
    reason: "Invalid",
    details: { name, kind, causes: errors.map(([field, message]) => ({ reason: "FieldValueInvalid", message, field })) },
    code: 422,
  };
}

/** The random name a refused create generated (the only value masked), checked against its prefix. */
function generated(res: { body: Obj }, prefix: string): string {
  const name = String((res.body.details as Obj | undefined)?.name);
  expect(name).toMatch(new RegExp(`^${prefix}${SUFFIX}$`));
  return name;
}

async function checkGenerateName(send: Send, ns: string): Promise<void> {
  const long = `${"g".repeat(70)}-`;
  const made = await send("POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: long } });
  expect(made.status).toBe(201);
  // names.SimpleNameGenerator: the prefix cut to 58 characters, then 5 random ones.
  expect((made.body.metadata as Obj).name).toMatch(new RegExp(`^g{58}${SUFFIX}$`));

  // A Service's name is a DNS-1035 label: the prefix itself is checked too, and is too long, though the name fits.
  const service = await send("POST", `/api/v1/namespaces/${ns}/services`, { apiVersion: "v1", kind: "Service", metadata: { generateName: long }, spec: { ports: [{ port: 80 }] } });
  const serviceName = generated(service, "g{58}");
  expect([service.status, service.body]).toEqual([422, invalid("Service", serviceName, [["metadata.generateName", `Invalid value: "${long}": must be no more than 63 characters`]])]);

  const upper = await send("POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "Wire-" } });
  const upperName = generated(upper, "Wire-");
  expect([upper.status, upper.body]).toEqual([
    422,
    invalid("ConfigMap", upperName, [
      ["metadata.generateName", `Invalid value: "Wire-": ${NOT_SUBDOMAIN}`],
      ["metadata.name", `Invalid value: "${upperName}": ${NOT_SUBDOMAIN}`],
    ]),
  ]);
}

const CONTAINER = { name: "c", image: "registry.example/none:1" };
const CLAIM = { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } };

async function checkPodNulls(send: Send, ns: string): Promise<void> {
  // No scheduler takes a Pod of scheduler "none": its status stays what the PATCH writes.
  const pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "wire-nulls" },
    spec: { schedulerName: "none", containers: [CONTAINER], volumes: [{ name: "scratch", ephemeral: { volumeClaimTemplate: { metadata: { creationTimestamp: null, labels: { a: "b" } }, ...CLAIM } } }] },
  };
  const created = await send("POST", `/api/v1/namespaces/${ns}/pods`, pod);
  expect(created.status).toBe(201);
  const volumes = (created.body.spec as { volumes: Obj[] }).volumes;
  expect(volumes[0]).toEqual({ name: "scratch", ephemeral: { volumeClaimTemplate: { metadata: { labels: { a: "b" } }, spec: { ...CLAIM.spec, volumeMode: "Filesystem" } } } });

  const patched = await send("PATCH", `/api/v1/namespaces/${ns}/pods/wire-nulls/status`, {
    status: {
      conditions: [{ type: "Ready", status: "False" }, { type: "PodScheduled", status: "False", lastTransitionTime: "2024-01-01T00:00:00Z" }],
      containerStatuses: [{ name: "c", state: { terminated: { exitCode: 1 } }, lastState: { running: {} }, ready: false, restartCount: 0, image: CONTAINER.image, imageID: "" }],
      initContainerStatuses: [{ name: "i", state: { running: {} } }],
    },
  });
  expect(patched.status).toBe(200);
  const { conditions, containerStatuses, initContainerStatuses } = patched.body.status as Obj;
  expect({ conditions, containerStatuses, initContainerStatuses }).toEqual({
    conditions: [
      { type: "Ready", status: "False", lastProbeTime: null, lastTransitionTime: null },
      { type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: "2024-01-01T00:00:00Z" },
    ],
    containerStatuses: [
      { name: "c", state: { terminated: { exitCode: 1, startedAt: null, finishedAt: null } }, lastState: { running: { startedAt: null } }, ready: false, restartCount: 0, image: CONTAINER.image, imageID: "" },
    ],
    initContainerStatuses: [{ name: "i", state: { running: { startedAt: null } }, lastState: {}, ready: false, restartCount: 0, image: "", imageID: "" }],
  });
}

/** A status PATCH of one condition without times; answers the conditions stored. */
async function conditionsAfter(send: Send, path: string, condition: Obj): Promise<unknown> {
  const res = await send("PATCH", `${path}/status`, { status: { conditions: [condition] } });
  expect(res.status).toBe(200);
  return (res.body.status as Obj).conditions;
}

async function checkConditionNulls(send: Send, ns: string): Promise<void> {
  const claim = await send("POST", `/api/v1/namespaces/${ns}/persistentvolumeclaims`, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "wire-nulls" }, spec: { storageClassName: "", ...CLAIM.spec } });
  expect(claim.status).toBe(201);
  expect(await conditionsAfter(send, `/api/v1/namespaces/${ns}/persistentvolumeclaims/wire-nulls`, { type: "Resizing", status: "True" })).toEqual([
    { type: "Resizing", status: "True", lastProbeTime: null, lastTransitionTime: null },
  ]);
  expect(await conditionsAfter(send, `/api/v1/namespaces/${ns}`, { type: "NamespaceDeletionDiscoveryFailure", status: "False" })).toEqual([
    { type: "NamespaceDeletionDiscoveryFailure", status: "False", lastTransitionTime: null },
  ]);

  const template = (labels: Obj) => ({ metadata: { labels, creationTimestamp: null }, spec: { containers: [CONTAINER] } });
  const deployment = await send("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "wire-nulls" },
    spec: { replicas: 0, selector: { matchLabels: { wire: "d" } }, template: template({ wire: "d" }) },
  });
  expect(deployment.status).toBe(201);
  expect((deployment.body.spec as { template: Obj }).template.metadata).toEqual({ labels: { wire: "d" } });
  expect(await conditionsAfter(send, `/apis/apps/v1/namespaces/${ns}/deployments/wire-nulls`, { type: "Available", status: "True" })).toEqual([
    { type: "Available", status: "True", lastUpdateTime: null, lastTransitionTime: null },
  ]);

  const replicaSet = await send("POST", `/apis/apps/v1/namespaces/${ns}/replicasets`, {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "wire-nulls" },
    spec: { replicas: 0, selector: { matchLabels: { wire: "r" } }, template: template({ wire: "r" }) },
  });
  expect(replicaSet.status).toBe(201);
  // ReplicaSetStatus.replicas has no omitempty: a new ReplicaSet is served with it.
  expect({ template: (replicaSet.body.spec as { template: Obj }).template.metadata, status: replicaSet.body.status }).toEqual({ template: { labels: { wire: "r" } }, status: { replicas: 0 } });
  expect(await conditionsAfter(send, `/apis/apps/v1/namespaces/${ns}/replicasets/wire-nulls`, { type: "ReplicaFailure", status: "True" })).toEqual([
    { type: "ReplicaFailure", status: "True", lastTransitionTime: null },
  ]);
}

/**
 * Protobuf has no null: an unset Time is an empty message, while a Timestamp whose seconds are 0 is the epoch, and
 * Go's zero time (0001-01-01) is unset again.
 */
async function checkProtobufTimes(post: WireTarget["post"], ns: string): Promise<void> {
  const event = { involvedObject: { kind: "Pod", namespace: ns, name: "wire-nulls" }, reason: "Checked", message: "m", type: "Normal", source: {}, reportingComponent: "", reportingInstance: "" };
  const sent = { metadata: { name: "wire-times" }, ...event, firstTimestamp: "1970-01-01T00:00:00Z", lastTimestamp: "0001-01-01T00:00:00Z" };
  // Event {10: eventTime} sent as an empty message, as Go's client writes an unset one.
  const message = Buffer.concat([encodeMessage("Event", sent), lengthField(10, Buffer.alloc(0))]);
  const typeMeta = Buffer.concat([lengthField(1, Buffer.from("v1")), lengthField(2, Buffer.from("Event"))]);
  const res = await post(`/api/v1/namespaces/${ns}/events`, Buffer.concat([Buffer.from("k8s\0", "latin1"), lengthField(1, typeMeta), lengthField(2, message)]));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const { metadata: _m, ...stored } = res.body;
  expect(stored).toEqual({ kind: "Event", apiVersion: "v1", ...event, firstTimestamp: "1970-01-01T00:00:00Z", lastTimestamp: null, eventTime: null });
}

async function checkEventZeros(send: Send, ns: string): Promise<void> {
  const sent = { involvedObject: { kind: "Pod", namespace: ns, name: "wire-nulls" }, reason: "Checked", message: "m", type: "Normal", count: 2, series: { count: 2 } };
  const res = await send("POST", `/api/v1/namespaces/${ns}/events`, { apiVersion: "v1", kind: "Event", metadata: { name: "wire-nulls" }, ...sent });
  expect(res.status).toBe(201);
  const { metadata: _m, ...event } = res.body;
  expect(event).toEqual({
    kind: "Event",
    apiVersion: "v1",
    ...sent,
    series: { count: 2, lastObservedTime: null },
    source: {},
    firstTimestamp: null,
    lastTimestamp: null,
    eventTime: null,
    reportingComponent: "",
    reportingInstance: "",
  });
}

/** Runs every case in namespace `ns` (which the caller makes and removes; its status gets a condition). */
export async function checkWireNulls(target: WireTarget, ns: string): Promise<void> {
  const send: Send = (method, path, body) => target.send(method, path, body);
  await checkGenerateName(send, ns);
  await checkPodNulls(send, ns);
  await checkConditionNulls(send, ns);
  await checkEventZeros(send, ns);
  await checkProtobufTimes((path, body) => target.post(path, body), ns);
  await checkVolumePlugins(target, ns);
  await checkVolumeValidation(target, ns);
  await checkMetadataValidation(target, ns);
  await checkPodValidation(target, ns);
  await checkPodWarnings(target, ns);
  await checkTolerationAnnotation(target, ns);
  await checkBinding(target, ns);
  await checkEviction(target, ns);
  await checkPodUpdates(target, ns);
  await checkEphemeralContainers(target, ns);
  await checkStrategicPatches(target, ns);
  await checkSetElementOrder(target, ns);
  await checkManagedFields(target, ns);
  await checkDryRunAndDelete(target, ns);
  await checkFieldValidation(target, ns);
  await checkServerSideApply(target, ns);
  await checkLastApplied(target, ns);
  await checkClaimBinding(target, ns);
  await checkCustomResourceValidation(target, ns);
  await checkCreateOnUpdate(target, ns);
  await checkSchedulerEvents(target, ns);
  await checkPausedDeployment(target, ns);
}

/** The texts of `Warning: 299 - "<text>"` headers, as kubectl prints them. */
export function warningTexts(header: string | null | undefined): string[] {
  if (!header) return [];
  return header.split(/, (?=299 - ")/).map((w) => w.replace(/^299 - "(.*)"$/, "$1").replace(/\\(["\\])/g, "$1"));
}

const DEPRECATED_VOLUMES: [Obj, string][] = [
  [{ rbd: { monitors: ["m:6789"], image: "i" } }, "rbd: deprecated in v1.28, non-functional in v1.31+"],
  [{ cephfs: { monitors: ["m:6789"] } }, "cephfs: deprecated in v1.28, non-functional in v1.31+"],
  [{ glusterfs: { endpoints: "e", path: "p" } }, "glusterfs: deprecated in v1.25, non-functional in v1.26+"],
  [{ scaleIO: { gateway: "g", system: "s", secretRef: { name: "x" }, volumeName: "v" } }, "scaleIO: deprecated in v1.16, non-functional in v1.22+"],
  [{ quobyte: { registry: "r:7861", volume: "v" } }, "quobyte: deprecated in v1.22, non-functional in v1.25+"],
  [{ flocker: { datasetName: "d" } }, "flocker: deprecated in v1.22, non-functional in v1.25+"],
  [{ storageos: { volumeName: "v" } }, "storageOS: deprecated in v1.22, non-functional in v1.25+"],
  [{ photonPersistentDisk: { pdID: "p" } }, "photonPersistentDisk: deprecated in v1.11, non-functional in v1.16+"],
  [{ gitRepo: { repository: "https://example.invalid/r.git" } }, "gitRepo: deprecated in v1.11, and disabled by default in v1.33+"],
  [{ azureDisk: { diskName: "d", diskURI: "https://a.blob.core.windows.net/c/d.vhd" } }, ""],
];

const workload = (kind: string, name: string, volumes: Obj[]) => ({
  apiVersion: "apps/v1",
  kind,
  metadata: { name },
  spec: { replicas: 0, selector: { matchLabels: { wire: name } }, template: { metadata: { labels: { wire: name } }, spec: { containers: [CONTAINER], volumes } } },
});

/**
 * The deprecated in-tree plugins are taken with a warning each (pkg/api/pod/warnings.go), on a workload's create and
 * on an update that moves its generation, never on a Pod's update or a status write; azureDisk and scaleIO are validated.
 */
async function checkVolumePlugins(target: WireTarget, ns: string): Promise<void> {
  const volumes = DEPRECATED_VOLUMES.map(([source], i) => ({ name: `v${i}`, ...source }));
  const expected = DEPRECATED_VOLUMES.flatMap(([, text], i) => (text ? [`spec.template.spec.volumes[${i}].${text}`] : []));
  const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
  const made = await target.send("POST", deployments, workload("Deployment", "wire.volumes", volumes));
  expect(made.status).toBe(201);
  // IsDNS1123Label's message for a name that is a subdomain.
  expect(warningTexts(made.warning)).toEqual(["metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]", ...expected]);
  const patch = async (path: string, body: Obj) => warningTexts((await target.send("PATCH", path, body)).warning);
  expect(await patch(`${deployments}/wire.volumes`, { metadata: { labels: { seen: "yes" } } })).toEqual([]);
  expect(await patch(`${deployments}/wire.volumes`, { metadata: { annotations: { seen: "yes" } } })).toEqual(expected);
  expect(await patch(`${deployments}/wire.volumes/status`, { status: { observedGeneration: 1 } })).toEqual([]);

  const pods = `/api/v1/namespaces/${ns}/pods`;
  const pod = await target.send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "wire-volumes" }, spec: { schedulerName: "none", containers: [CONTAINER], volumes: volumes.slice(0, 2) } });
  expect([pod.status, warningTexts(pod.warning)]).toEqual([201, ["spec.volumes[0].rbd: deprecated in v1.28, non-functional in v1.31+", "spec.volumes[1].cephfs: deprecated in v1.28, non-functional in v1.31+"]]);
  expect(await patch(`${pods}/wire-volumes`, { metadata: { labels: { seen: "yes" } } })).toEqual([]);

  const bad = [
    { name: "s", scaleIO: { gateway: "g", system: "s", secretRef: { name: "x" } } },
    { name: "blob", azureDisk: { diskName: "d", diskURI: "x" } },
    { name: "managed", azureDisk: { diskName: "d", diskURI: "https://a.blob.core.windows.net/c/d.vhd", kind: "Managed" } },
    { name: "odd", azureDisk: { diskName: "", diskURI: "/subscriptions/s", kind: "Odd", cachingMode: "Sometimes" } },
  ];
  const refused = await target.send("POST", `/apis/apps/v1/namespaces/${ns}/replicasets`, workload("ReplicaSet", "wire-refused", bad));
  const at = (i: number) => `spec.template.spec.volumes[${i}]`;
  const blob = 'supported values: "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"';
  const causes = [
    { reason: "FieldValueRequired", message: "Required value", field: `${at(0)}.scaleIO.volumeName` },
    { reason: "FieldValueNotSupported", message: `Unsupported value: "x": ${blob}`, field: `${at(1)}.azureDisk.diskURI` },
    {
      reason: "FieldValueNotSupported",
      message: 'Unsupported value: "https://a.blob.core.windows.net/c/d.vhd": supported values: "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"',
      field: `${at(2)}.azureDisk.diskURI`,
    },
    { reason: "FieldValueRequired", message: "Required value", field: `${at(3)}.azureDisk.diskName` },
    { reason: "FieldValueNotSupported", message: 'Unsupported value: "Sometimes": supported values: "None", "ReadOnly", "ReadWrite"', field: `${at(3)}.azureDisk.cachingMode` },
    { reason: "FieldValueNotSupported", message: 'Unsupported value: "Odd": supported values: "Dedicated", "Managed", "Shared"', field: `${at(3)}.azureDisk.kind` },
    { reason: "FieldValueNotSupported", message: `Unsupported value: "/subscriptions/s": ${blob}`, field: `${at(3)}.azureDisk.diskURI` },
  ];
  expect(refused).toMatchObject({
    status: 422,
    body: {
      message: `ReplicaSet.apps "wire-refused" is invalid: [${causes.map((c) => `${c.field}: ${c.message}`).join(", ")}]`,
      details: { name: "wire-refused", group: "apps", kind: "ReplicaSet", causes },
    },
  });
  // A refused create carries no warning: they come after validation.
  expect(warningTexts(refused.warning)).toEqual([]);
}
