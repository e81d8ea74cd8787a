// ValidateObjectMeta's checks beyond the name, as kube-apiserver v1.34.4 runs them, found against a real one: label keys
// and values, annotation keys (case aside) and their 256 KiB total, owner references and finalizers, on a create and
// on an update; a pod template's labels and annotations; and a PersistentVolumeClaim's selector and data source. Each
// map holds one bad entry: Go ranges over a map in random order, so two would come back in any order. Called from
// wire-null-cases.ts, so it runs on the real control plane (tests/real/kube-protobuf.test.ts) and the simulator
// (tests/integration/kube-sim-fidelity.test.ts); both must answer the same.
import { expect } from "vitest";
import { type Cause, INVALID, LABEL_VALUE, QUALIFIED, QUALIFIED_SLASHES, REQUIRED, SUBDOMAIN, TOO_LONG } from "./volume-source-cases.ts";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;

/** Just over the 256 KiB all annotations of an object may hold together (keys and values). */
const HUGE = "x".repeat(256 * 1024);
const CONTAINER = { name: "c", image: "x" };
/** An annotation key is checked in lower case. */
const UPPER_KEY = "UPPER.example.com/Key_Name";

/** POSTs or PATCHes `body` and expects 422 with exactly real's causes, in order, and the message naming each once. */
export async function expectRefused(target: WireTarget, method: "POST" | "PATCH", path: string, kind: string, name: string, body: Obj, causes: Cause[]): Promise<void> {
  const refused = await target.send(method, path, body);
  const group = kind.includes(".") ? { group: kind.slice(kind.indexOf(".") + 1) } : {};
  const listed = causes.map(([reason, field, message]) => ({ reason, message, field }));
  expect([refused.status, refused.body.details]).toEqual([422, { name, ...group, kind: kind.split(".")[0], causes: listed }]);
  const distinct = [...new Set(listed.map((c) => `${c.field}: ${c.message}`))];
  expect(refused.body.message).toBe(`${kind} "${name}" is invalid: ${distinct.length === 1 ? distinct[0] : `[${distinct.join(", ")}]`}`);
}

const times = (n: number, cause: Cause | undefined): Cause[] => (cause ? Array.from({ length: n }, () => cause) : []);

const configMap = (name: string, metadata: Obj) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, ...metadata }, data: { k: "v" } });

/** Bad metadata on a ConfigMap, each with the causes real gives for it, in its order. */
const META_BAD: [Obj, Cause[]][] = [
  [
    {
      labels: { "bad key": "ok" },
      annotations: { "Example.COM/Upper-Case": "taken", "a/b/c": "v" },
      ownerReferences: [{ apiVersion: "", kind: "", name: "", uid: "" }],
      finalizers: ["Bad Finalizer", "orphan", "foregroundDeletion"],
    },
    [
      [INVALID, "metadata.labels", `Invalid value: "bad key": ${QUALIFIED}`],
      [INVALID, "metadata.annotations", `Invalid value: "a/b/c": ${QUALIFIED_SLASHES}`],
      [INVALID, "metadata.ownerReferences.apiVersion", 'Invalid value: "": version must not be empty'],
      [INVALID, "metadata.ownerReferences.kind", 'Invalid value: "": must not be empty'],
      [INVALID, "metadata.ownerReferences.name", 'Invalid value: "": must not be empty'],
      [INVALID, "metadata.ownerReferences.uid", 'Invalid value: "": must not be empty'],
      [INVALID, "metadata.finalizers", `Invalid value: "Bad Finalizer": ${QUALIFIED}`],
      [INVALID, "metadata.finalizers", 'Invalid value: ["Bad Finalizer","orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set'],
      // core's own check (validateKubeFinalizerName): a name without a `/` must be kubernetes, orphan or foregroundDeletion.
      [INVALID, "metadata.finalizers[0]", 'Invalid value: "Bad Finalizer": name is neither a standard finalizer name nor is it fully qualified'],
    ],
  ],
  [
    { labels: { ok: "-bad" }, annotations: { "/x": "v" } },
    [
      [INVALID, "metadata.labels", `Invalid value: "-bad": ${LABEL_VALUE}`],
      [INVALID, "metadata.annotations", 'Invalid value: "/x": prefix part must be non-empty'],
    ],
  ],
  [
    { labels: { [`Bad_Prefix/${"n".repeat(64)}`]: "v".repeat(64) } },
    [
      [INVALID, "metadata.labels", `Invalid value: "Bad_Prefix/${"n".repeat(64)}": prefix part ${SUBDOMAIN}`],
      [INVALID, "metadata.labels", `Invalid value: "Bad_Prefix/${"n".repeat(64)}": name part must be no more than 63 characters`],
      [INVALID, "metadata.labels", `Invalid value: "${"v".repeat(64)}": must be no more than 63 characters`],
    ],
  ],
  [{ annotations: { big: HUGE } }, [[TOO_LONG, "metadata.annotations", "Too long: may not be more than 262144 bytes"]]],
  [
    {
      ownerReferences: [
        { apiVersion: "v1", kind: "Event", name: "e", uid: "1" },
        { apiVersion: "apps/v1", kind: "Deployment", name: "a", uid: "2", controller: true },
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "b", uid: "3", controller: true, blockOwnerDeletion: false },
      ],
    },
    [
      [INVALID, "metadata.ownerReferences", 'Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"1"}: /v1, Kind=Event is disallowed from being an owner'],
      [
        INVALID,
        "metadata.ownerReferences",
        'Invalid value: [{"apiVersion":"v1","kind":"Event","name":"e","uid":"1"},{"apiVersion":"apps/v1","kind":"Deployment","name":"a","uid":"2","controller":true},{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"b","uid":"3","controller":true,"blockOwnerDeletion":false}]: Only one reference can have Controller set to true. Found "true" in references for Deployment/a and ReplicaSet/b',
      ],
    ],
  ],
];

/** Metadata real takes: an empty label value, a prefixed key of 63 characters, annotations of exactly 256 KiB, a domain-qualified finalizer. */
const META_GOOD: Obj = {
  labels: { empty: "", [`example.com/${"n".repeat(63)}`]: "v" },
  annotations: { big: HUGE.slice("big".length + UPPER_KEY.length), [UPPER_KEY]: "" },
  finalizers: ["example.com/keep"],
  ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "a", uid: "2", controller: true }],
};

const deployment = (name: string, template: Obj) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { ...template, spec: { containers: [CONTAINER] } } },
});

const claim = (name: string, spec: Obj) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: "none", ...spec },
});

/** An object of each namespaced kind with the number of times its update finds one bad label: [kind as the Status names it, collection, body, copies]. */
const updateTargets = (ns: string): [string, string, Obj, number][] => {
  const meta = (name: string) => ({ name, labels: { app: name } });
  return [
    ["Secret", `/api/v1/namespaces/${ns}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: meta("meta-secret"), stringData: { k: "v" } }, 4],
    ["ServiceAccount", `/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("meta-account") }, 4],
    ["PersistentVolumeClaim", `/api/v1/namespaces/${ns}/persistentvolumeclaims`, claim("meta-update", {}), 5],
    ["Service", `/api/v1/namespaces/${ns}/services`, { apiVersion: "v1", kind: "Service", metadata: meta("meta-service"), spec: { ports: [{ port: 80 }] } }, 3],
    ["Pod", `/api/v1/namespaces/${ns}/pods`, { apiVersion: "v1", kind: "Pod", metadata: meta("meta-pod"), spec: { schedulerName: "none", containers: [CONTAINER] } }, 4],
    ["Deployment.apps", `/apis/apps/v1/namespaces/${ns}/deployments`, deployment("meta-update", { metadata: { labels: { app: "meta-update" } } }), 3],
    ["Lease.coordination.k8s.io", `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: meta("meta-lease"), spec: {} }, 3],
    [
      "EndpointSlice.discovery.k8s.io",
      `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
      { apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", metadata: meta("meta-slice"), addressType: "IPv4", endpoints: [] },
      3,
    ],
    [
      "VolumeSnapshot.snapshot.storage.k8s.io",
      `/apis/snapshot.storage.k8s.io/v1/namespaces/${ns}/volumesnapshots`,
      { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: meta("meta-snapshot"), spec: { source: { persistentVolumeClaimName: "c" } } },
      3,
    ],
  ];
};

/**
 * Each bad ConfigMap is refused with real's causes, on a create and on a merge patch of a good one; the good metadata
 * is stored; a Deployment's template labels, annotations and selector are checked; a claim's selector and data source
 * are checked, and a data source is copied to dataSourceRef as real does.
 */
export async function checkMetadataValidation(target: WireTarget, ns: string): Promise<void> {
  const configMaps = `/api/v1/namespaces/${ns}/configmaps`;
  for (const [i, [metadata, causes]] of META_BAD.entries()) {
    await expectRefused(target, "POST", configMaps, "ConfigMap", `meta-bad-${i}`, configMap(`meta-bad-${i}`, metadata), causes);
  }
  const made = await target.send("POST", configMaps, configMap("meta-good", META_GOOD));
  expect([made.status, made.body.message]).toEqual([201, undefined]);
  expect((made.body.metadata as Obj).labels).toEqual(META_GOOD.labels);
  const [first] = META_BAD;
  // An update checks the metadata four times: the generic checks of every update (the object's metadata, then what
  // changed), then ConfigMap's own (ValidateObjectMetaUpdate, then ValidateConfigMap's ValidateObjectMeta).
  if (first) await expectRefused(target, "PATCH", `${configMaps}/meta-good`, "ConfigMap", "meta-good", { metadata: { labels: first[0].labels } }, times(4, first[1][0]));
  await expectRefused(target, "PATCH", `${configMaps}/meta-good`, "ConfigMap", "meta-good", { metadata: { annotations: { more: "x".repeat(8) } } }, times(4, [TOO_LONG, "metadata.annotations", "Too long: may not be more than 262144 bytes"]));

  // Other kinds find a bad label on an update as often as their own update validation looks.
  const badLabel = first?.[1][0];
  for (const [kind, path, body, copies] of updateTargets(ns)) {
    const made = await target.send("POST", path, body);
    expect([kind, made.status, made.body.message]).toEqual([kind, 201, undefined]);
    const name = String((body.metadata as Obj).name);
    await expectRefused(target, "PATCH", `${path}/${name}`, kind, name, { metadata: { labels: first?.[0].labels } }, times(copies, badLabel));
  }

  const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
  await expectRefused(target, "POST", deployments, "Deployment.apps", "meta-template", deployment("meta-template", { metadata: { labels: { app: "meta-template", "bad key": "v" }, annotations: { "a/b/c": "v" } } }), [
    // ValidatePodTemplateSpec names them under the template itself, without `metadata`.
    [INVALID, "spec.template.labels", `Invalid value: "bad key": ${QUALIFIED}`],
    [INVALID, "spec.template.annotations", `Invalid value: "a/b/c": ${QUALIFIED_SLASHES}`],
  ]);
  const badSelector = { ...deployment("meta-selector", { metadata: { labels: { app: "meta-selector" } } }) };
  badSelector.spec.selector = { matchLabels: { app: "meta-selector" }, matchExpressions: [{ key: "k", operator: "Near" }] } as never;
  await expectRefused(target, "POST", deployments, "Deployment.apps", "meta-selector", badSelector, [
    [INVALID, "spec.selector.matchExpressions[0].operator", 'Invalid value: "Near": not a valid selector operator'],
    [INVALID, "spec.selector", 'Invalid value: {"matchLabels":{"app":"meta-selector"},"matchExpressions":[{"key":"k","operator":"Near"}]}: invalid label selector'],
  ]);

  const claims = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
  await expectRefused(target, "POST", claims, "PersistentVolumeClaim", "meta-claim", claim("meta-claim", { selector: { matchExpressions: [{ key: "k", operator: "NotIn" }] }, dataSourceRef: { apiGroup: "Bad_Group", kind: "Thing", name: "s" } }), [
    [REQUIRED, "spec.selector.matchExpressions[0].values", "Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    // The reference is copied to dataSource before validation, so both are named.
    [INVALID, "spec.dataSource.apiGroup", `Invalid value: "Bad_Group": ${SUBDOMAIN}`],
    [INVALID, "spec.dataSourceRef.apiGroup", `Invalid value: "Bad_Group": ${SUBDOMAIN}`],
  ]);
  // A dataSource other than a claim or a VolumeSnapshot, without a dataSourceRef, is dropped (KEP 1495), and so is a
  // dataSourceRef to another namespace while CrossNamespaceVolumeDataSource is off.
  for (const [name, spec] of [["meta-dropped", { dataSource: { apiGroup: "Bad_Group", kind: "VolumeSnapshot", name: "s" } }], ["meta-cross", { dataSourceRef: { kind: "PersistentVolumeClaim", name: "s", namespace: "other" } }]] as const) {
    const dropped = await target.send("POST", claims, claim(name, spec));
    expect([dropped.status, (dropped.body.spec as Obj).dataSource, (dropped.body.spec as Obj).dataSourceRef]).toEqual([201, undefined, undefined]);
  }
  const snapshot = { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "snap" };
  const restored = await target.send("POST", claims, claim("meta-restore", { dataSource: snapshot }));
  expect([restored.status, (restored.body.spec as Obj).dataSource, (restored.body.spec as Obj).dataSourceRef]).toEqual([201, snapshot, snapshot]);
  const fromRef = await target.send("POST", claims, claim("meta-from-ref", { dataSourceRef: { kind: "PersistentVolumeClaim", name: "src" } }));
  // The apiGroup of a TypedLocalObjectReference and a TypedObjectReference is a pointer without omitempty: Go writes null.
  const source = { apiGroup: null, kind: "PersistentVolumeClaim", name: "src" };
  expect([fromRef.status, (fromRef.body.spec as Obj).dataSource, (fromRef.body.spec as Obj).dataSourceRef]).toEqual([201, source, source]);
}
