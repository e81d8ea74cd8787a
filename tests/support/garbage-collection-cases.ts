// How kube-apiserver v1.34.4 reads a DELETE's options and how kube-controller-manager's garbage collector follows
// ownerReferences, found on the real control plane first. The options come from the body when there is one (the query
// is then not read, not even its dryRun), are checked before the object is looked up (422; a body the decoder cannot
// read is a 500), and orphanDependents or propagationPolicy put the collector's finalizer on the object (`orphan`,
// `foregroundDeletion`) with deletionGracePeriodSeconds 0 and the generation bumped. The collector deletes an object
// whose owners are all gone, unhooks one that keeps an owner, leaves one whose owner's kind it cannot map, orphans the
// dependents of an `orphan` owner and deletes those of a `foregroundDeletion` one, which waits only for the dependents
// that block it. tests/real/kube-protobuf.test.ts runs these on the real server, tests/integration/kube-sim-fidelity.test.ts
// on the simulator; both must answer the same.
import { expect } from "vitest";
import { makeNamespace, until } from "./namespace-lifecycle-cases.ts";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
type Ref = { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean };
type Meta = {
  name: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
  ownerReferences?: Ref[];
  managedFields?: { manager: string; fieldsV1: Obj }[];
};

const HOLD = "example.com/hold";
const meta = (body: Obj) => body.metadata as Meta;

/** A 500 as the decoder's error leaves it: a message and a code, no reason. */
const decodeFailure = (message: string) => ({ status: 500, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, code: 500 } });

const optionsInvalid = (causes: [reason: string, message: string][]) => {
  const parts = causes.map(([, message]) => `propagationPolicy: ${message}`);
  return {
    status: 422,
    body: {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `DeleteOptions.meta.k8s.io "" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`}`,
      reason: "Invalid",
      details: { group: "meta.k8s.io", kind: "DeleteOptions", causes: causes.map(([reason, message]) => ({ reason, message, field: "propagationPolicy" })) },
      code: 422,
    },
  };
};

const UNSUPPORTED = (value: string): [string, string] => ["FieldValueNotSupported", `Unsupported value: "${value}": supported values: "Foreground", "Background", "Orphan", "nil"`];
const BOTH = (value: string): [string, string] => ["FieldValueInvalid", `Invalid value: "${value}": orphanDependents and deletionPropagation cannot be both set`];

const strip = (answer: { status: number; body: Obj }) => ({ status: answer.status, body: answer.body });

/**
 * DeleteOptions: where they are read from, what is refused (and before the object is looked up), the preconditions'
 * 409s, a dry run that changes nothing, and a query's bool that is true for anything but `false` and `0`.
 */
export async function checkDeleteOptions(target: WireTarget, base: string): Promise<void> {
  const ns = `${base}-delopts`;
  const cms = `/api/v1/namespaces/${ns}/configmaps`;
  await makeNamespace(target, ns);
  const make = async (name: string) => {
    const made = await target.send("POST", cms, { apiVersion: "v1", kind: "ConfigMap", metadata: { name } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return meta(made.body);
  };
  const text = (path: string, body: string) => target.sendText("DELETE", path, "application/json", body).then(strip);

  // Refused before the lookup: the object is not there, the answer is still about the options.
  const absent = `${cms}/absent`;
  expect(await text(absent, JSON.stringify({ propagationPolicy: "Sideways" }))).toEqual(optionsInvalid([UNSUPPORTED("Sideways")]));
  expect(await text(`${absent}?propagationPolicy=Bad&orphanDependents=true`, "")).toEqual(optionsInvalid([BOTH("Bad"), UNSUPPORTED("Bad")]));
  expect(await text(absent, JSON.stringify({ propagationPolicy: "Orphan", orphanDependents: false }))).toEqual(optionsInvalid([BOTH("Orphan")]));
  const dryRun = await text(absent, JSON.stringify({ dryRun: ["Some"] }));
  expect(dryRun.status).toBe(422);
  expect(dryRun.body.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Some"]: supported values: "All"');
  // A body the decoder cannot take: 500 with its words.
  expect(await text(absent, '{"gracePeriodSeconds":"x"}')).toEqual(decodeFailure("json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64"));
  expect(await text(absent, '{"gracePeriodSeconds":1.5}')).toEqual(decodeFailure("json: cannot unmarshal number 1.5 into Go struct field DeleteOptions.gracePeriodSeconds of type int64"));
  expect(await text(absent, '{"orphanDependents":"yes"}')).toEqual(decodeFailure("json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of type bool"));
  expect(await text(absent, '{"preconditions":{"uid":5}}')).toEqual(decodeFailure("json: cannot unmarshal number into Go struct field Preconditions.preconditions.uid of type types.UID"));
  expect(await text(absent, '{"dryRun":"All"}')).toEqual(decodeFailure("json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string"));
  expect(await text(absent, '{"kind":"Pod","apiVersion":"v1"}')).toEqual(decodeFailure('no kind "Pod" is registered for version "v1" in scheme "pkg/runtime/scheme.go:110"'));
  expect(await text(absent, '{"kind":"Foo"}')).toEqual(decodeFailure('no kind "Foo" is registered for version "meta.k8s.io/v1" in scheme "pkg/runtime/scheme.go:110"'));
  expect(await text(absent, '{"kind":"Status","apiVersion":"v1"}')).toEqual(decodeFailure("converting (v1.Status) to (v1.DeleteOptions): unknown conversion"));
  expect(await text(absent, "\n")).toEqual(decodeFailure("couldn't get version/kind; json parse error: unexpected end of JSON input"));
  expect(await text(absent, '{"a":1,}')).toEqual(decodeFailure("couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string"));
  expect((await text(absent, "[1]")).body.message).toBe(
    'couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
  );
  const badGrace = await text(`${absent}?gracePeriodSeconds=abc`, "");
  expect([badGrace.status, badGrace.body.reason, badGrace.body.message]).toEqual([400, "BadRequest", 'strconv.ParseInt: parsing "abc": invalid syntax']);
  // Keys match exactly (so this one is not read), and null is no value: both reach the lookup.
  for (const body of ['{"GracePeriodSeconds":"x"}', '{"propagationPolicy":null,"preconditions":null}', "null", '{"apiVersion":"apps/v1","kind":"DeleteOptions"}']) {
    expect((await text(absent, body)).status, body).toBe(404);
  }

  // With a body, the query is not read: this dryRun deletes.
  const q1 = await make("q1");
  const gone = await text(`${cms}/q1?dryRun=All&propagationPolicy=Bad`, "{}");
  expect(gone).toEqual({ status: 200, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name: "q1", kind: "configmaps", uid: q1.uid } } });
  expect((await target.send("GET", `${cms}/q1`)).status).toBe(404);

  // The preconditions, in BeforeDelete's words, on the kind.
  const q2 = await make("q2");
  const clash = (detail: string) => ({ status: 409, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `Operation cannot be fulfilled on ConfigMap "q2": ${detail}`, reason: "Conflict", details: { name: "q2", kind: "ConfigMap" }, code: 409 } });
  expect(await text(`${cms}/q2`, JSON.stringify({ preconditions: { uid: "x" } }))).toEqual(clash(`the UID in the precondition (x) does not match the UID in record (${q2.uid}). The object might have been deleted and then recreated`));
  expect(await text(`${cms}/q2`, JSON.stringify({ preconditions: { resourceVersion: "1" } }))).toEqual(clash(`the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${q2.resourceVersion}). The object might have been modified`));

  // A dry run answers the object as the delete would leave it and changes nothing.
  const dry = await text(`${cms}/q2`, JSON.stringify({ kind: "DeleteOptions", apiVersion: "v1", dryRun: ["All"], propagationPolicy: "Foreground" }));
  expect(dry.status).toBe(200);
  expect(meta(dry.body)).toMatchObject({ finalizers: ["foregroundDeletion"], deletionGracePeriodSeconds: 0, resourceVersion: q2.resourceVersion });
  expect(meta((await target.send("GET", `${cms}/q2`)).body)).not.toHaveProperty("deletionTimestamp");

  // A query bool is true unless it says false or 0: this one orphans, and the collector then lets the object go.
  const orphaned = await text(`${cms}/q2?orphanDependents=maybe`, "");
  expect(orphaned.status).toBe(200);
  expect(meta(orphaned.body)).toMatchObject({ finalizers: ["orphan"], deletionGracePeriodSeconds: 0 });
  await until("q2 gone", async () => (await target.send("GET", `${cms}/q2`)).status === 404);
}

/** An owned ConfigMap of `ns` (its owners given), held by a finalizer when `held`. */
async function makeDependent(target: WireTarget, ns: string, name: string, ownerReferences: Ref[], held = false): Promise<Meta> {
  const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, ownerReferences, ...(held ? { finalizers: [HOLD] } : {}) } };
  const made = await target.send("POST", `/api/v1/namespaces/${ns}/configmaps`, body);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return meta(made.body);
}

const refTo = (owner: Meta, extra: Partial<Ref> = {}): Ref => ({ apiVersion: "v1", kind: "ConfigMap", name: owner.name, uid: owner.uid, ...extra });

/**
 * Owners gone, kept and unknown; a background delete (the default), an orphaning one and a foreground one with a
 * blocking and a non-blocking dependent; a second delete that turns a foreground deletion into an orphaning one.
 */
export async function checkOwnerReferences(target: WireTarget, base: string): Promise<void> {
  const ns = `${base}-owners`;
  const cms = `/api/v1/namespaces/${ns}/configmaps`;
  await makeNamespace(target, ns);
  const owner = async (name: string) => meta((await target.send("POST", cms, { apiVersion: "v1", kind: "ConfigMap", metadata: { name } })).body);
  const get = async (name: string) => target.send("GET", `${cms}/${name}`);
  const exists = async (name: string) => (await get(name)).status === 200;
  const release = async (name: string) => expect((await target.patch(`${cms}/${name}`, "application/json-patch+json", [{ op: "remove", path: "/metadata/finalizers" }])).status).toBe(200);
  const [o1, o2] = [await owner("o1"), await owner("o2")];
  const absentUid = "11111111-2222-3333-4444-555555555555";

  // Gone owners: no such object, another uid, another kind; an owner of a kind nobody serves is not taken for gone.
  await makeDependent(target, ns, "both", [refTo(o1), refTo(o2, { controller: true })]);
  await makeDependent(target, ns, "orph", [refTo(o2)]);
  await makeDependent(target, ns, "dangling", [{ apiVersion: "v1", kind: "ConfigMap", name: "nothere", uid: absentUid }]);
  await makeDependent(target, ns, "wronguid", [refTo(o1, { uid: absentUid })]);
  await makeDependent(target, ns, "wrongkind", [refTo(o1, { kind: "Secret" })]);
  await makeDependent(target, ns, "unknownkind", [{ apiVersion: "example.com/v1", kind: "Foo", name: "x", uid: absentUid }]);
  for (const name of ["dangling", "wronguid", "wrongkind"]) await until(`${name} collected`, async () => !(await exists(name)));
  for (const name of ["unknownkind", "both", "orph"]) expect(await exists(name), name).toBe(true);

  // Background: o1 goes, `both` keeps its other owner and only loses the reference (and its managedFields key).
  expect((await target.send("DELETE", `${cms}/o1`)).status).toBe(200);
  await until("both unhooked from o1", async () => meta((await get("both")).body).ownerReferences?.length === 1);
  const both = meta((await get("both")).body);
  expect(both.ownerReferences).toEqual([refTo(o2, { controller: true })]);
  expect(both.managedFields?.map((e) => e.fieldsV1)).toEqual([{ "f:metadata": { "f:ownerReferences": { ".": {}, [`k:{"uid":"${o2.uid}"}`]: {} } } }]);

  // Orphan: the owner carries `orphan` until its dependents no longer name it, then goes; they stay.
  const orphan = await target.send("DELETE", `${cms}/o2`, { propagationPolicy: "Orphan" });
  expect(meta(orphan.body)).toMatchObject({ finalizers: ["orphan"], deletionGracePeriodSeconds: 0 });
  await until("o2 gone", async () => !(await exists("o2")));
  for (const name of ["both", "orph"]) expect(meta((await get(name)).body).ownerReferences, name).toBeUndefined();

  // Foreground: both dependents are deleted; only the blocking one holds the owner.
  const o3 = await owner("o3");
  await makeDependent(target, ns, "blocking", [refTo(o3, { blockOwnerDeletion: true })], true);
  await makeDependent(target, ns, "nonblocking", [refTo(o3, { blockOwnerDeletion: false })], true);
  const foreground = await target.send("DELETE", `${cms}/o3`, { propagationPolicy: "Foreground" });
  expect(meta(foreground.body)).toMatchObject({ finalizers: ["foregroundDeletion"], deletionGracePeriodSeconds: 0 });
  await until("the dependents deleted", async () => !!meta((await get("blocking")).body).deletionTimestamp && !!meta((await get("nonblocking")).body).deletionTimestamp);
  expect(meta((await get("blocking")).body).finalizers).toEqual([HOLD]);
  await release("nonblocking");
  await until("nonblocking gone", async () => !(await exists("nonblocking")));
  expect(meta((await get("o3")).body).finalizers).toEqual(["foregroundDeletion"]);
  await release("blocking");
  await until("o3 gone", async () => !(await exists("o3")));

  // A second delete may change the policy: foreground becomes orphan, and the held dependent is let go of.
  const o4 = await owner("o4");
  await makeDependent(target, ns, "held", [refTo(o4, { blockOwnerDeletion: true })], true);
  expect((await target.send("DELETE", `${cms}/o4`, { propagationPolicy: "Foreground" })).status).toBe(200);
  await until("held deleted", async () => !!meta((await get("held")).body).deletionTimestamp);
  const switched = await target.send("DELETE", `${cms}/o4`, { propagationPolicy: "Orphan" });
  expect(meta(switched.body).finalizers).toEqual(["orphan"]);
  await until("o4 gone", async () => !(await exists("o4")));
  expect(meta((await get("held")).body)).toMatchObject({ finalizers: [HOLD] });
  expect(meta((await get("held")).body).ownerReferences).toBeUndefined();
  await release("held");
}

/**
 * The controllers' objects: a Deployment deleted in the foreground takes its ReplicaSet and Pods before it goes (its
 * generation bumped by the delete); one deleted with Orphan leaves them, unowned; a Service's EndpointSlice goes with
 * it; an unscheduled Pod is marked (MODIFIED, its generation bumped) before it is DELETED; a Namespace deleted with
 * Orphan carries the finalizer until the collector takes it off.
 */
export async function checkCascades(target: WireTarget, base: string): Promise<void> {
  const ns = `${base}-cascade`;
  await makeNamespace(target, ns);
  const apps = `/apis/apps/v1/namespaces/${ns}`;
  const core = `/api/v1/namespaces/${ns}`;
  const items = async (path: string) => ((await target.send("GET", path)).body.items as { metadata: Meta }[]).map((o) => o.metadata);
  const deployment = (name: string) => {
    const labels = { app: name };
    return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "busybox" }] } } } };
  };
  const running = async (app: string) => {
    await until(`${app}'s Pod`, async () => (await items(`${core}/pods?labelSelector=app%3D${app}`)).length === 1);
  };

  for (const name of ["fore", "keep"]) expect((await target.send("POST", `${apps}/deployments`, deployment(name))).status).toBe(201);
  await running("fore");
  await running("keep");
  const fore = await target.send("DELETE", `${apps}/deployments/fore`, { propagationPolicy: "Foreground" });
  expect(meta(fore.body)).toMatchObject({ generation: 2, finalizers: ["foregroundDeletion"], deletionGracePeriodSeconds: 0 });
  await until("fore, its ReplicaSet and Pod gone", async () => (await target.send("GET", `${apps}/deployments/fore`)).status === 404);
  expect(await items(`${apps}/replicasets?labelSelector=app%3Dfore`)).toEqual([]);
  expect((await items(`${core}/pods?labelSelector=app%3Dfore`)).filter((p) => !p.deletionTimestamp)).toEqual([]);

  const kept = await target.send("DELETE", `${apps}/deployments/keep`, { propagationPolicy: "Orphan" });
  expect(meta(kept.body).finalizers).toEqual(["orphan"]);
  await until("keep gone", async () => (await target.send("GET", `${apps}/deployments/keep`)).status === 404);
  const [rs] = await items(`${apps}/replicasets?labelSelector=app%3Dkeep`);
  expect(rs?.ownerReferences).toBeUndefined();
  const [pod] = await items(`${core}/pods?labelSelector=app%3Dkeep`);
  expect(pod?.ownerReferences?.map((r) => r.name)).toEqual([rs?.name]);
  expect(pod?.deletionTimestamp).toBeUndefined();

  // A Service's EndpointSlice is owned by it.
  const svc = await target.send("POST", `${core}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "keep" }, ports: [{ port: 80 }] } });
  expect(svc.status).toBe(201);
  const slices = `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb`;
  await until("web's EndpointSlice", async () => (await items(slices)).length === 1);
  expect((await target.send("DELETE", `${core}/services/web`)).status).toBe(200);
  await until("web's EndpointSlice gone", async () => (await items(slices)).length === 0);

  // An unscheduled Pod goes at once, but through an update that marks it.
  const pending = await target.send("POST", `${core}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "pending" }, spec: { schedulerName: "nobody", containers: [{ name: "c", image: "busybox" }] } });
  expect(pending.status).toBe(201);
  expect((await target.send("DELETE", `${core}/pods/pending`)).status).toBe(200);
  const events = (await target.watch(`${core}/pods?watch=1&fieldSelector=metadata.name%3Dpending&resourceVersion=${meta(pending.body).resourceVersion}&timeoutSeconds=1`)) as { type: string; object: { metadata: Meta } }[];
  expect(events.map((e) => [e.type, e.object.metadata.generation, !!e.object.metadata.deletionTimestamp, e.object.metadata.deletionGracePeriodSeconds])).toEqual([
    ["MODIFIED", 2, true, 0],
    ["DELETED", 2, true, 0],
  ]);

  // A Namespace takes the orphan finalizer in metadata, beside its spec's `kubernetes`.
  const other = `${ns}-orphan`;
  await makeNamespace(target, other);
  const deleted = await target.send("DELETE", `/api/v1/namespaces/${other}`, { propagationPolicy: "Orphan" });
  expect(deleted.body).toMatchObject({ metadata: { finalizers: ["orphan"] }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Terminating" } });
  await until(`${other} gone`, async () => (await target.send("GET", `/api/v1/namespaces/${other}`)).status === 404, 40_000);
}
