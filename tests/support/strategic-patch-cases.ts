// Strategic merge patches (what `kubectl patch`, `kubectl set image` and client-side `kubectl apply` send), as
// kube-apiserver v1.34.4 applies them: lists tagged with a merge key are merged element by element (containers by
// name, env by name, ports by containerPort, a Service's ports by port), finalizers as a set, other lists replaced;
// the directives `$patch: delete|replace`, `$retainKeys`, `$setElementOrder/<list>` and
// `$deleteFromPrimitiveList/<list>` do what they say. Called from wire-null-cases.ts, so it runs on the real control
// plane (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts).
import { expect } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
interface Container {
  name: string;
  image: string;
  env?: Obj[];
  ports?: Obj[];
}
interface Deployment {
  metadata: { finalizers?: string[] };
  spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[]; volumes?: Obj[]; tolerations?: Obj[] } } };
}

const SMP = "application/strategic-merge-patch+json";

export async function checkStrategicPatches(target: WireTarget, ns: string): Promise<void> {
  const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
  const made = await target.send("POST", deployments, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "smp", finalizers: ["example.com/one"] },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: "smp" } },
      template: {
        metadata: { labels: { app: "smp", extra: "1" } },
        spec: {
          volumes: [{ name: "v1", emptyDir: {} }, { name: "v2", configMap: { name: "cm" } }],
          containers: [
            { name: "a", image: "x", env: [{ name: "E1", value: "1" }, { name: "E2", value: "2" }], ports: [{ name: "http", containerPort: 80 }], volumeMounts: [{ name: "v1", mountPath: "/v1" }] },
            { name: "b", image: "y" },
          ],
        },
      },
    },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const patch = async (body: Obj) => {
    const res = await target.patch(`${deployments}/smp`, SMP, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as unknown as Deployment;
  };
  const template = (spec: Obj) => ({ spec: { template: { spec } } });
  const images = (d: Deployment) => d.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`);

  // Containers merge by name (a new one is appended), finalizers as a set; what the patch names comes in its order,
  // woven into the rest in the server's (normalizeElementOrder).
  let d = await patch({ metadata: { finalizers: ["example.com/two", "example.com/one"] }, ...template({ containers: [{ name: "b", image: "y2" }, { name: "c", image: "z" }] }) });
  expect({ finalizers: d.metadata.finalizers, images: images(d), env: d.spec.template.spec.containers[0]?.env }).toEqual({
    finalizers: ["example.com/two", "example.com/one"],
    images: ["a=x", "b=y2", "c=z"],
    env: [
      { name: "E1", value: "1" },
      { name: "E2", value: "2" },
    ],
  });
  // A container's env merges by name; `$patch: delete` takes one out.
  d = await patch(template({ containers: [{ name: "a", env: [{ name: "E2", value: "22" }, { name: "E3", value: "3" }, { name: "E1", $patch: "delete" }] }] }));
  expect(d.spec.template.spec.containers[0]?.env).toEqual([
    { name: "E2", value: "22" },
    { name: "E3", value: "3" },
  ]);
  // `$setElementOrder` orders the merged list.
  d = await patch(template({ "$setElementOrder/containers": [{ name: "c" }, { name: "a" }, { name: "b" }], containers: [{ name: "c", image: "z2" }] }));
  expect(images(d)).toEqual(["c=z2", "a=x", "b=y2"]);
  // `$patch: replace` in a list replaces it.
  d = await patch(template({ containers: [{ name: "a", ports: [{ containerPort: 8080 }, { $patch: "replace" }] }] }));
  expect(d.spec.template.spec.containers.find((c) => c.name === "a")?.ports).toEqual([{ containerPort: 8080, protocol: "TCP" }]);
  // `$retainKeys`: the volume keeps only the keys named, so its configMap source gives way to the secret.
  d = await patch(template({ volumes: [{ name: "v2", $retainKeys: ["name", "secret"], secret: { secretName: "s" } }] }));
  expect(d.spec.template.spec.volumes).toEqual([
    { name: "v1", emptyDir: {} },
    { name: "v2", secret: { secretName: "s", defaultMode: 420 } },
  ]);
  // Lists with no merge key are replaced, as by a merge patch.
  await patch(template({ tolerations: [{ key: "k1", operator: "Exists" }] }));
  d = await patch(template({ tolerations: [{ key: "k2", operator: "Exists" }] }));
  expect(d.spec.template.spec.tolerations).toEqual([{ key: "k2", operator: "Exists" }]);
  // `$patch: replace` on a map replaces it; `$deleteFromPrimitiveList` takes values out of a set.
  d = await patch({ metadata: { "$deleteFromPrimitiveList/finalizers": ["example.com/one", "example.com/two"] }, spec: { template: { metadata: { labels: { $patch: "replace", app: "smp" } } } } });
  expect({ finalizers: d.metadata.finalizers, labels: d.spec.template.metadata.labels }).toEqual({ finalizers: undefined, labels: { app: "smp" } });

  // `$patch: delete` on a map leaves it empty (an affinity, a pointer, stays as {}); an unknown directive is a bare 500.
  await patch(template({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: "k", operator: "Exists" }] } }] } } }));
  d = await patch(template({ affinity: { $patch: "delete" } }));
  expect((d.spec.template.spec as Obj).affinity).toEqual({});
  const configMaps = `/api/v1/namespaces/${ns}/configmaps`;
  expect((await target.send("POST", configMaps, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "smp" }, data: { a: "1" } })).status).toBe(201);
  const bogus = await target.patch(`${configMaps}/smp`, SMP, { data: { $patch: "bogus", x: "1" } });
  expect([bogus.status, bogus.body]).toEqual([500, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "unknown patch type: bogus in map: map[$patch:bogus x:1]", code: 500 }]);
  // A map the object does not have yet is taken as sent, but one holding a `$patch` is dropped whatever it says.
  const absent = await target.patch(`${configMaps}/smp`, SMP, { metadata: { labels: { $patch: "bogus", x: "1" }, annotations: { $patch: "replace", z: "1" } }, data: { b: "2" } });
  const kept = absent.body as { metadata: Obj; data: Obj };
  expect([absent.status, kept.metadata.labels, kept.metadata.annotations, kept.data]).toEqual([200, undefined, undefined, { a: "1", b: "2" }]);

  // A Service's ports merge by port.
  const services = `/api/v1/namespaces/${ns}/services`;
  const service = await target.send("POST", services, { apiVersion: "v1", kind: "Service", metadata: { name: "smp" }, spec: { selector: { app: "smp" }, ports: [{ name: "http", port: 80 }, { name: "https", port: 443 }] } });
  expect(service.status).toBe(201);
  const patched = await target.patch(`${services}/smp`, SMP, { spec: { ports: [{ port: 443, targetPort: 8443 }] } });
  expect([patched.status, (patched.body as { spec: { ports: Obj[] } }).spec.ports]).toEqual([
    200,
    [
      { name: "http", protocol: "TCP", port: 80, targetPort: 80 },
      { name: "https", protocol: "TCP", port: 443, targetPort: 8443 },
    ],
  ]);

  // A Pod's image changes by container name, where a merge patch would replace the list (and be refused).
  const pods = `/api/v1/namespaces/${ns}/pods`;
  expect((await target.send("POST", pods, { apiVersion: "v1", kind: "Pod", metadata: { name: "smp" }, spec: { schedulerName: "none", containers: [{ name: "a", image: "x" }, { name: "b", image: "y" }] } })).status).toBe(201);
  const pod = await target.patch(`${pods}/smp`, SMP, { spec: { containers: [{ name: "b", image: "y2" }] } });
  expect([pod.status, (pod.body as { spec: { containers: Container[] } }).spec.containers.map((c) => `${c.name}=${c.image}`)]).toEqual([200, ["a=x", "b=y2"]]);
  const merged = await target.send("PATCH", `${pods}/smp`, { spec: { containers: [{ name: "b", image: "y3" }] } });
  expect([merged.status, (merged.body.details as { causes?: Obj[] } | undefined)?.causes?.[0]?.message]).toEqual([422, "Forbidden: pod updates may not add or remove containers"]);

  // Directive lists that are no lists: `$setElementOrder` is a bare type error (500, no reason), `$retainKeys` a bad
  // request; `$deleteFromPrimitiveList` of no list does nothing. A patch that takes the name away names no object.
  const refused = async (body: Obj) => {
    const res = await target.patch(`${deployments}/smp`, SMP, body);
    return [res.status, res.body.reason, res.body.message];
  };
  const typeError = (type: string) => [500, undefined, `expected a []interface {}, but received a ${type}`];
  expect(await refused(template({ "$setElementOrder/containers": "x" }))).toEqual(typeError("string"));
  expect(await refused(template({ "$setElementOrder/containers": 5 }))).toEqual(typeError("int64"));
  expect(await refused(template({ "$setElementOrder/containers": { a: 1 } }))).toEqual(typeError("map[string]interface {}"));
  expect(await refused({ metadata: { "$setElementOrder/finalizers": true } })).toEqual(typeError("bool"));
  expect(await refused({ spec: { $retainKeys: "x" } })).toEqual([400, "BadRequest", "invalid patch format of retainKeys"]);
  expect(await refused({ metadata: { name: null } })).toEqual([400, "BadRequest", "the name of the object (smp based on URL) was undeterminable: name must be provided"]);
  expect((await target.patch(`${deployments}/smp`, SMP, { metadata: { "$deleteFromPrimitiveList/finalizers": "a" } })).status).toBe(200);
}
