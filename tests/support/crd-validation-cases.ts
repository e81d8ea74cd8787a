// How kube-apiserver v1.34 validates a custom resource by its CRD's structural schema and CEL rules, found against a
// real one with the CRDs `npm run cluster` installs (external-snapshotter's and Traefik's): the OpenAPI checks' words,
// fields and reasons, the CEL rules' messages at the rule's own field, the note that replaces the CEL rules when a
// blocking error came first (only for a CRD that has rules), a status write checked against the status schema alone.
// Sibling fields are checked in Go's random map order, so causes are compared as sets; the message must list the
// causes in the order they came. tests/real/kube-protobuf.test.ts and tests/integration/kube-sim-fidelity.test.ts run
// them through checkWireNulls.
import { expect } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
type Cause = { reason: string; message: string; field: string };
type Answer = Awaited<ReturnType<WireTarget["send"]>>;

const NOT_CHECKED = "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";
const BLOCKED: Cause = { reason: "FieldValueInvalid", message: NOT_CHECKED, field: "<nil>" };
const SNAPSHOTS = "/apis/snapshot.storage.k8s.io/v1";
const QUANTITY = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

const wrongType = (field: string, name: string, expected: string, actual: string): Cause => ({
  reason: "FieldValueTypeInvalid",
  message: `Invalid value: "${actual}": ${name} in body must be of type ${expected}: "${actual}"`,
  field,
});
const invalidValue = (field: string, message: string): Cause => ({ reason: "FieldValueInvalid", message, field });
const anyOf = (name: string): Cause => invalidValue("<nil>", `Invalid value: "": "${name}" must validate at least one schema (anyOf)`);
const key = (c: Cause) => JSON.stringify([c.field, c.message, c.reason]);

/** A 422 naming `kind` `name` whose causes are `causes` in any order, `last` (when given) the last of them. */
function expectInvalid(res: Answer, kind: string, group: string, name: string, causes: Cause[], last?: Cause): void {
  expect(res.status).toBe(422);
  const details = res.body.details as { causes: Cause[] } & Obj;
  expect({ ...details, causes: undefined }).toEqual({ ...(name ? { name } : {}), group, kind, causes: undefined });
  expect(details.causes.map(key).sort()).toEqual(causes.map(key).sort());
  if (last) expect(details.causes.at(-1)).toEqual(last);
  const parts = [...new Set(details.causes.map((c) => `${c.field}: ${c.message}`))];
  expect(res.body.message).toBe(`${kind}.${group} "${name}" is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`}`);
}

async function checkSchemaChecks(target: WireTarget, ns: string): Promise<void> {
  // A CRD without CEL rules (VolumeSnapshotClass): a wrong type and its enum both, a missing required field, no note.
  const klass = await target.send("POST", `${SNAPSHOTS}/volumesnapshotclasses?dryRun=All`, { apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshotClass", metadata: { name: "crdv-class" }, deletionPolicy: 5 });
  expect(klass.body.details).toEqual({
    name: "crdv-class",
    group: "snapshot.storage.k8s.io",
    kind: "VolumeSnapshotClass",
    causes: [
      wrongType("deletionPolicy", "deletionPolicy", "string", "integer"),
      { reason: "FieldValueNotSupported", message: 'Unsupported value: 5: supported values: "Delete", "Retain"', field: "deletionPolicy" },
      { reason: "FieldValueRequired", message: "Required value", field: "driver" },
    ],
  });

  // anyOf (int-or-string), pattern in a list, minimums; the Middleware CRD has a CEL rule, which the type errors block.
  const middlewares = `/apis/traefik.io/v1alpha1/namespaces/${ns}/middlewares`;
  const spec = { addPrefix: { prefix: "x" }, retry: { attempts: -1, initialInterval: true }, errors: { status: ["abc", "500"] }, circuitBreaker: { checkPeriod: true, responseCode: 50 } };
  const middleware = { apiVersion: "traefik.io/v1alpha1", kind: "Middleware", metadata: { name: "crdv-mw" }, spec };
  const blocked = await target.send("POST", `${middlewares}?dryRun=All`, middleware);
  const intOrString = (name: string) => [wrongType(name, name, "integer,string", "boolean"), anyOf(name), wrongType(name, name, "integer", "boolean")];
  const nonBlocking = [
    invalidValue("spec.errors.status[0]", `Invalid value: "abc": spec.errors.status[0] in body should match '^([1-5][0-9]{2}[,-]?)+$'`),
    invalidValue("spec.retry.attempts", "Invalid value: -1: spec.retry.attempts in body should be greater than or equal to 0"),
    invalidValue("spec.circuitBreaker.responseCode", "Invalid value: 50: spec.circuitBreaker.responseCode in body should be greater than or equal to 100"),
  ];
  expectInvalid(blocked, "Middleware", "traefik.io", "crdv-mw", [...nonBlocking, ...intOrString("spec.retry.initialInterval"), ...intOrString("spec.circuitBreaker.checkPeriod"), BLOCKED], BLOCKED);
  const causes = (blocked.body.details as { causes: Cause[] }).causes;
  const at = causes.findIndex((c) => c.field === "spec.retry.initialInterval");
  expect(causes.slice(at, at + 3)).toEqual(intOrString("spec.retry.initialInterval"));

  // Without a blocking error the CEL rules run, after the schema's checks.
  const { retry: _r, circuitBreaker: _c, ...rest } = spec;
  const ruled = await target.send("POST", `${middlewares}?dryRun=All`, { ...middleware, spec: { ...rest, retry: { attempts: -1 }, circuitBreaker: { responseCode: 50 } } });
  const cel = invalidValue("spec.addPrefix.prefix", `Invalid value: "string": must start with a '/'`);
  expectInvalid(ruled, "Middleware", "traefik.io", "crdv-mw", [...nonBlocking, cel], cel);

  // No CEL rules (IngressRoute): an enum in a list of objects, a missing required field there, no note.
  const route = { apiVersion: "traefik.io/v1alpha1", kind: "IngressRoute", metadata: { name: "crdv-route" }, spec: { routes: [{ kind: "Regex", services: [{ name: "s", kind: "Pod" }] }] } };
  const routed = await target.send("POST", `/apis/traefik.io/v1alpha1/namespaces/${ns}/ingressroutes?dryRun=All`, route);
  expectInvalid(routed, "IngressRoute", "traefik.io", "crdv-route", [
    { reason: "FieldValueNotSupported", message: 'Unsupported value: "Regex": supported values: "Rule"', field: "spec.routes[0].kind" },
    { reason: "FieldValueNotSupported", message: 'Unsupported value: "Pod": supported values: "Service", "TraefikService"', field: "spec.routes[0].services[0].kind" },
    { reason: "FieldValueRequired", message: "Required value", field: "spec.routes[0].match" },
  ]);
}

async function checkSnapshotRules(target: WireTarget, ns: string): Promise<void> {
  const snapshots = `${SNAPSHOTS}/namespaces/${ns}/volumesnapshots`;
  const snapshot = (spec: unknown, name?: string) => ({ apiVersion: "snapshot.storage.k8s.io/v1", kind: "VolumeSnapshot", metadata: name ? { name } : {}, spec });
  const group = "snapshot.storage.k8s.io";

  const typed = await target.send("POST", snapshots, snapshot({ source: { persistentVolumeClaimName: 5 }, volumeSnapshotClassName: 7 }, "crdv-typed"));
  const typeErrors = ["spec.source.persistentVolumeClaimName", "spec.volumeSnapshotClassName"].map((f) => wrongType(f, f, "string", "integer"));
  expectInvalid(typed, "VolumeSnapshot", group, "crdv-typed", [...typeErrors, BLOCKED], BLOCKED);
  expectInvalid(await target.send("POST", snapshots, { ...snapshot(undefined, "crdv-nospec"), spec: undefined }), "VolumeSnapshot", group, "crdv-nospec", [{ reason: "FieldValueRequired", message: "Required value", field: "spec" }, BLOCKED], BLOCKED);
  // A missing name is one error among the others, not a refusal of its own: here it blocks the CEL rules.
  const nameless = await target.send("POST", snapshots, snapshot({ source: {} }));
  expectInvalid(nameless, "VolumeSnapshot", group, "", [{ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" }, BLOCKED], BLOCKED);
  const rules = await target.send("POST", snapshots, snapshot({ source: {}, volumeSnapshotClassName: "" }, "crdv-rules"));
  expectInvalid(rules, "VolumeSnapshot", group, "crdv-rules", [
    invalidValue("spec.source", 'Invalid value: "object": exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set'),
    invalidValue("spec.volumeSnapshotClassName", 'Invalid value: "string": volumeSnapshotClassName must not be the empty string when set'),
  ]);

  const made = await target.send("POST", snapshots, snapshot({ source: { persistentVolumeClaimName: "crdv-none" } }, "crdv-snap"));
  expect(made.status).toBe(201);
  const at = `${snapshots}/crdv-snap`;
  // Transition rules (oldSelf) report at the field that carries them.
  const changed = await target.send("PATCH", at, { spec: { source: { persistentVolumeClaimName: "other" }, volumeSnapshotClassName: "" } });
  expectInvalid(changed, "VolumeSnapshot", group, "crdv-snap", [
    invalidValue("spec.source.persistentVolumeClaimName", 'Invalid value: "string": persistentVolumeClaimName is immutable'),
    invalidValue("spec.volumeSnapshotClassName", 'Invalid value: "string": volumeSnapshotClassName must not be the empty string when set'),
  ]);
  const swapped = await target.send("PATCH", at, { spec: { source: { persistentVolumeClaimName: null, volumeSnapshotContentName: "c" } } });
  expectInvalid(swapped, "VolumeSnapshot", group, "crdv-snap", [invalidValue("spec.source", 'Invalid value: "object": persistentVolumeClaimName is required once set')]);

  // Through /status only the status is checked by the schema, its messages naming paths below it.
  const status = await target.send("PATCH", `${at}/status`, { status: { restoreSize: "abc", readyToUse: "yes", error: { time: 5 }, creationTime: "2024-02-30T00:00:00Z" } });
  expectInvalid(
    status,
    "VolumeSnapshot",
    group,
    "crdv-snap",
    [
      wrongType("status.readyToUse", "readyToUse", "boolean", "string"),
      invalidValue("status.restoreSize", `Invalid value: "abc": restoreSize in body should match '${QUANTITY}'`),
      wrongType("status.error.time", "error.time", "date-time", "int64"),
      { reason: "FieldValueTypeInvalid", message: 'Invalid value: "2024-02-30T00:00:00Z": creationTime in body must be of type date-time: "2024-02-30T00:00:00Z"', field: "status.creationTime" },
      BLOCKED,
    ],
    BLOCKED,
  );
  const valid = await target.send("PATCH", `${at}/status`, { status: { restoreSize: "1Gi", error: { time: "2024-01-01T00:00:00.5+02:00" } } });
  expect([valid.status, (valid.body.status as Obj | undefined)?.restoreSize]).toEqual([200, "1Gi"]);
}

/** Every case above, against `target`, in namespace `ns`. */
export async function checkCustomResourceValidation(target: WireTarget, ns: string): Promise<void> {
  await checkSchemaChecks(target, ns);
  await checkSnapshotRules(target, ns);
  // A core kind, too, reports a missing name along with its other errors.
  const nameless = await target.send("POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { labels: { "a b": "c" } } });
  expect([nameless.status, (nameless.body.details as { causes: Cause[] }).causes.map((c) => c.field)]).toEqual([422, ["metadata.name", "metadata.labels"]]);
}
