// Server-side field validation as kube-apiserver v1.34.4 does it: a body's unknown fields and repeated keys are
// warned of by default (`Warning: 299 - "unknown field \"spec.foo\""`, in the order the decoder meets them), ignored
// with fieldValidation=Ignore, refused with Strict (400 `… cannot be handled as a Deployment: strict decoding error:
// …` on a create or update, 422 `patch: Invalid value: …` on a patch); an unknown field is never stored and the last
// of repeated keys wins. A patch's own repeated keys (a JSON patch's unknown keys too) come first, then the patched
// object's unknown fields in sorted order; a status is read as strictly. Every expectation was read from the real
// control plane first. Called from wire-null-cases.ts, so it runs on the real control plane (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts).
import { expect } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;

/** The texts of a response's Warning headers, in order. */
function warnings(header: string | null | undefined): string[] {
  return [...(header ?? "").matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] ?? "").replace(/\\(.)/g, "$1"));
}

export async function checkFieldValidation(target: WireTarget, ns: string): Promise<void> {
  const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
  const body = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    foo: 1,
    metadata: { name: "fv", bogus: "x", labels: { a: "b" } },
    spec: {
      selector: { matchLabels: { a: "b" }, extra: 1 },
      template: {
        metadata: { labels: { a: "b" } },
        spec: {
          containers: [
            { name: "c", image: "x", imagePullPolicyy: "Always", resources: { limits: { cpu: "1" }, limitz: {} } },
            { name: "d", image: "y", ports: [{ containerPort: 1, nam: "x" }] },
          ],
          volumes: [{ name: "v", emptyDir: { medium: "", sizeLimitt: 1 } }],
        },
      },
    },
  };
  const unknown = ["foo", "metadata.bogus", "spec.selector.extra", "spec.template.spec.containers[0].imagePullPolicyy", "spec.template.spec.containers[0].resources.limitz", "spec.template.spec.containers[1].ports[0].nam", "spec.template.spec.volumes[0].emptyDir.sizeLimitt"].map((f) => `unknown field "${f}"`);
  const warned = await target.send("POST", `${deployments}?dryRun=All`, body);
  expect([warned.status, warnings(warned.warning)]).toEqual([201, unknown]);
  const spec = (warned.body.spec as { template: { spec: { containers: Obj[] } }; selector: Obj }) ?? {};
  expect([warned.body.foo, (warned.body.metadata as Obj).bogus, spec.selector.extra, spec.template.spec.containers[0]?.imagePullPolicyy, spec.template.spec.containers[0]?.imagePullPolicy]).toEqual([undefined, undefined, undefined, undefined, "Always"]);
  expect(warnings((await target.send("POST", `${deployments}?dryRun=All&fieldValidation=Warn`, body)).warning)).toEqual(unknown);
  const ignored = await target.send("POST", `${deployments}?dryRun=All&fieldValidation=Ignore`, body);
  expect([ignored.status, warnings(ignored.warning)]).toEqual([201, []]);
  const strict = await target.send("POST", `${deployments}?fieldValidation=Strict`, body);
  expect([strict.status, strict.body]).toEqual([
    400,
    { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ${unknown.join(", ")}`, reason: "BadRequest", code: 400 },
  ]);

  // Repeated keys, in the order met among the unknown fields; the last one wins.
  const cms = `/api/v1/namespaces/${ns}/configmaps`;
  const repeated = await target.sendText("POST", cms, "application/json", '{"x":1,"metadata":{"y":2,"name":"fv-a","name":"fv"},"data":{"k":"1","k":"2"},"z":[1]}');
  expect([repeated.status, warnings(repeated.warning)]).toEqual([201, ['unknown field "x"', 'unknown field "metadata.y"', 'duplicate field "metadata.name"', 'duplicate field "data.k"', 'unknown field "z"']]);
  expect([(repeated.body.metadata as Obj).name, repeated.body.data, repeated.body.x]).toEqual(["fv", { k: "2" }, undefined]);
  const strictPut = await target.send("PUT", `${cms}/fv?fieldValidation=Strict`, { ...repeated.body, extra: true });
  expect([strictPut.status, strictPut.body.message]).toEqual([400, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra"']);

  // A patch: its own repeated keys first, then what the patched object does not have (sorted).
  const merged = await target.sendText("PATCH", `${cms}/fv`, "application/merge-patch+json", '{"x":1,"data":{"k":"3","k":"4"},"metadata":{"b":1}}');
  expect([merged.status, warnings(merged.warning), merged.body.data]).toEqual([200, ['duplicate field "data.k"', 'unknown field "metadata.b"', 'unknown field "x"'], { k: "4" }]);
  const smp = await target.patch(`${cms}/fv?fieldValidation=Strict`, "application/strategic-merge-patch+json", { foo: { b: [1, "x", { c: null }], a: "s p" }, data: { q: "1" }, metadata: { labels: { x: "y" }, zz: 2.5 } });
  const smpMessage = 'Invalid value: "map[data:map[q:1] foo:map[a:s p b:[1 x map[]]] metadata:map[labels:map[x:y] zz:2.5]]": strict decoding error: unknown field "foo", unknown field "metadata.zz"';
  expect([smp.status, smp.body]).toEqual([422, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: ` "" is invalid: patch: ${smpMessage}`, reason: "Invalid", details: { causes: [{ reason: "FieldValueInvalid", message: smpMessage, field: "patch" }] }, code: 422 }]);
  // A merge patch quotes the patched object's JSON.
  const strictMerge = await target.patch(`${cms}/fv?fieldValidation=Strict`, "application/merge-patch+json", { foo: 1, metadata: { bar: 2 } });
  const message = String(strictMerge.body.message);
  expect([strictMerge.status, message.startsWith(' "" is invalid: patch: Invalid value: "{\\"apiVersion\\":\\"v1\\",\\"data\\":{\\"k\\":\\"4\\"},\\"foo\\":1,\\"kind\\":\\"ConfigMap\\",\\"metadata\\":{\\"bar\\":2,'), message.endsWith('": strict decoding error: unknown field "foo", unknown field "metadata.bar"')]).toEqual([422, true, true]);
  // A JSON patch's operations are decoded strictly too: keys other than op, path, from and value (case by case), repeated
  // keys, repeated keys inside a value, in document order; then the patched object's unknown fields.
  const jsonPatch = await target.sendText("PATCH", `${cms}/fv?dryRun=All`, "application/json-patch+json", '[{"op":"add","path":"/data","foo":1,"value":{"b":"1","b":"2"}},{"op":"add","path":"/x","value":1,"Op":"x","path":"/y"}]');
  // The value's repeated key is found twice: in the patch, and in the patched object, which keeps the value's bytes.
  const patchWarnings = ['json patch unknown field "[0].foo"', 'json patch duplicate field "[0].value.b"', 'json patch unknown field "[1].Op"', 'json patch duplicate field "[1].path"', 'duplicate field "data.b"', 'unknown field "y"'];
  expect([jsonPatch.status, warnings(jsonPatch.warning), jsonPatch.body.data]).toEqual([200, patchWarnings, { b: "2" }]);
  expect((await target.send("GET", `${cms}/fv`)).body).toMatchObject({ data: { k: "4" } });
  await target.send("DELETE", `${cms}/fv`);

  // A status is read as strictly: on a create (which then resets it) and through the status subresource.
  const statusBody = { ...body, foo: undefined, metadata: { name: "fv-status" }, spec: { ...body.spec, selector: { matchLabels: { a: "b" } }, template: { ...body.spec.template, spec: { containers: [{ name: "c", image: "x" }] } } } };
  const withStatus = { ...statusBody, status: { replicas: 0, conditions: [{ type: "Available", status: "False", reasonn: "x" }], bogus: true } };
  const created = await target.send("POST", deployments, withStatus);
  expect([created.status, warnings(created.warning)]).toEqual([201, ['unknown field "status.conditions[0].reasonn"', 'unknown field "status.bogus"']]);
  const strictStatus = await target.send("PUT", `${deployments}/fv-status/status?fieldValidation=Strict`, { ...created.body, status: { observedGeneration: 1, replicaz: 1 } });
  expect([strictStatus.status, strictStatus.body.message]).toEqual([400, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "status.replicaz"']);
  await target.send("DELETE", `${deployments}/fv-status`);

  // A custom resource is pruned by its CRD's schema: its repeated keys, its metadata's unknown fields, then what the
  // schema does not declare (sorted) are warned of; a null the schema does not allow goes silently.
  const snapshots = `/apis/snapshot.storage.k8s.io/v1/namespaces/${ns}/volumesnapshots`;
  const snapshot =
    '{"apiVersion":"snapshot.storage.k8s.io/v1","kind":"VolumeSnapshot","zeta":1,"metadata":{"name":"fv-snap","bogus":1,"labels":{"a":"b","a":"c"}},' +
    '"spec":{"source":{"persistentVolumeClaimName":"nope","extra":true},"volumeSnapshotClassName":null,"foo":[1]},"alpha":{"x":1}}';
  const crUnknown = ['duplicate field "metadata.labels.a"', 'unknown field "metadata.bogus"', 'unknown field "alpha"', 'unknown field "spec.foo"', 'unknown field "spec.source.extra"', 'unknown field "zeta"'];
  const pruned = await target.sendText("POST", snapshots, "application/json", snapshot);
  expect([pruned.status, warnings(pruned.warning)]).toEqual([201, crUnknown]);
  expect([pruned.body.zeta, pruned.body.alpha, (pruned.body.metadata as Obj).bogus, (pruned.body.metadata as Obj).labels, pruned.body.spec]).toEqual([undefined, undefined, undefined, { a: "c" }, { source: { persistentVolumeClaimName: "nope" } }]);
  const strictCr = await target.sendText("POST", `${snapshots}?fieldValidation=Strict`, "application/json", snapshot.replace('"fv-snap"', '"fv-snap-strict"'));
  expect([strictCr.status, strictCr.body.message]).toEqual([400, `VolumeSnapshot in version "v1" cannot be handled as a VolumeSnapshot: strict decoding error: ${crUnknown.join(", ")}`]);
  const patchedCr = await target.patch(`${snapshots}/fv-snap`, "application/merge-patch+json", { spec: { bar: 1 }, metadata: { annotations: { x: "y" }, qux: 2 } });
  expect([patchedCr.status, warnings(patchedCr.warning), (patchedCr.body.metadata as Obj).annotations]).toEqual([200, ['unknown field "metadata.qux"', 'unknown field "spec.bar"'], { x: "y" }]);
  await target.send("DELETE", `${snapshots}/fv-snap`);

  // A default the schema declares fills an absent field (IngressRoute: a route's observability.traceVerbosity).
  const routes = `/apis/traefik.io/v1alpha1/namespaces/${ns}/ingressroutes`;
  const route = await target.send("POST", routes, { apiVersion: "traefik.io/v1alpha1", kind: "IngressRoute", metadata: { name: "fv-route" }, spec: { routes: [{ match: "Host(`a`)", kind: "Rule", observability: {} }] } });
  expect([route.status, (route.body.spec as { routes: Obj[] }).routes[0]?.observability]).toEqual([201, { traceVerbosity: "minimal" }]);
  await target.send("DELETE", `${routes}/fv-route`);
}
