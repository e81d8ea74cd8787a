// A strategic merge patch's `$setElementOrder/<list>` that does not fit its list, as kube-apiserver v1.34.4 answers it
// (found on the real control plane first): apimachinery's strategicpatch reports Go's type assertions and lookups
// as bare 500s whose words depend on where the misfit is (`value for key 1 is not a map`, `expected a
// map[string]interface {}, but received a int64`, `map: map[foo:1] does not contain declared merge key: name`, the
// order against the patch list, a field its Go struct does not have or that is no slice); an order for a list that is
// not there is taken. For a list without a merge key whose elements are objects (a Pod's tolerations) it panics, and
// the request ends with no answer. The console never sends these. Called from wire-null-cases.ts, so it runs on the
// real control plane and the simulator.
import { expect } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

const SMP = "application/strategic-merge-patch+json";

export async function checkSetElementOrder(target: WireTarget, ns: string): Promise<void> {
  const pod = `/api/v1/namespaces/${ns}/pods/order`;
  const made = await target.send("POST", `/api/v1/namespaces/${ns}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "order", labels: { app: "order" } },
    spec: { containers: [{ name: "a", image: "busybox", livenessProbe: { exec: { command: ["true"] } } }, { name: "b", image: "busybox" }] },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const bare = (message: string) => ({ status: 500, body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, code: 500 } });
  const cases: [string, unknown, ReturnType<typeof bare> | number][] = [
    ["numbers, no patch list", { "$setElementOrder/containers": [1, 2] }, bare("value for key 0 is not a map")],
    ["a number after a match", { "$setElementOrder/containers": [{ name: "a" }, 3] }, bare("value for key 1 is not a map")],
    ["a string", { "$setElementOrder/containers": ["x"] }, bare("value for key 0 is not a map")],
    ["a number against the patch list", { "$setElementOrder/containers": [1], containers: [{ name: "a", image: "x" }] }, bare("expected a map[string]interface {}, but received a int64")],
    ["a number after the patch list's match", { containers: [{ name: "a", image: "x" }], "$setElementOrder/containers": [{ name: "a" }, 1] }, bare("value for key 1 is not a map")],
    ["every element, then a number", { "$setElementOrder/containers": [{ name: "a" }, { name: "b" }, 1] }, bare("expected a map[string]interface {}, but received a int64")],
    ["an element without the merge key", { "$setElementOrder/containers": [{ foo: 1 }] }, bare("map: map[foo:1] does not contain declared merge key: name")],
    ["a patch element without the merge key", { "$setElementOrder/containers": [{ name: "a" }], containers: [{ image: "y" }] }, bare("map: map[image:y] does not contain declared merge key: name")],
    ["a patch element that is a number", { "$setElementOrder/containers": [{ name: "a" }], containers: [1] }, bare("expected a map[string]interface {}, but received a int64")],
    ["a patch list that is an object", { "$setElementOrder/containers": [{ name: "a" }], containers: { a: 1 } }, bare("expected a []interface {}, but received a map[string]interface {}")],
    ["an order that is an object", { "$setElementOrder/containers": { a: 1 } }, bare("expected a []interface {}, but received a map[string]interface {}")],
    ["an order that is null", { "$setElementOrder/containers": null }, bare("expected a []interface {}, but received a %!s(<nil>)")],
    [
      "an order the patch list does not follow",
      { "$setElementOrder/containers": [{ name: "b" }], containers: [{ name: "a", image: "y" }] },
      bare("The order in patch list:\n[map[image:y name:a]]\n doesn't match $setElementOrder list:\n[map[name:b]]\n"),
    ],
    // The field is looked up in the map's Go struct (LookupPatchMetadataForSlice), after the original's and the patch's
    // values are found to be lists: it must be one of the struct's, and a slice or a pointer.
    ["an unknown field", { "$setElementOrder/foo": [{ name: "a" }] }, bare('unable to find api field in struct PodSpec for the json field "foo"')],
    ["an unknown field, patched with a number", { "$setElementOrder/foo": [], foo: 3 }, bare("expected a []interface {}, but received a int64")],
    ["a string the Pod has", { "$setElementOrder/restartPolicy": [] }, bare("expected a []interface {}, but received a string")],
    ["a number the Pod has", { "$setElementOrder/terminationGracePeriodSeconds": [] }, bare("expected a []interface {}, but received a int64")],
    ["a struct the Pod has", { "$setElementOrder/securityContext": [] }, bare("expected a []interface {}, but received a map[string]interface {}")],
    ["a string the Pod has not", { "$setElementOrder/hostname": [] }, bare("expected slice or array type, but got: struct")],
    ["a map the Pod has not", { "$setElementOrder/nodeSelector": [] }, bare("expected slice or array type, but got: struct")],
    ["a pointer to a struct the Pod has not", { "$setElementOrder/affinity": [] }, 200],
    ["a pointer to a number the Pod has not", { "$setElementOrder/activeDeadlineSeconds": [] }, 200],
    ["an unknown field of a container", { containers: [{ name: "a", "$setElementOrder/foo": [] }] }, bare('unable to find api field in struct Container for the json field "foo"')],
    ["a map in a container's struct", { containers: [{ name: "a", resources: { "$setElementOrder/limits": [] } }] }, bare("expected slice or array type, but got: struct")],
    ["an unknown field of a container's struct", { containers: [{ name: "a", resources: { "$setElementOrder/foo": [] } }] }, bare('unable to find api field in struct ResourceRequirements for the json field "foo"')],
    ["a number in a pointer's struct", { containers: [{ name: "a", livenessProbe: { "$setElementOrder/initialDelaySeconds": [] } }] }, bare("expected slice or array type, but got: ptr")],
    ["a pointer in a pointer's struct", { containers: [{ name: "a", livenessProbe: { "$setElementOrder/terminationGracePeriodSeconds": [] } }] }, 200],
    ["an unknown field of an embedded struct's", { containers: [{ name: "a", livenessProbe: { exec: { "$setElementOrder/foo": [] } } }] }, bare('unable to find api field in struct ExecAction for the json field "foo"')],
    ["an empty order", { "$setElementOrder/containers": [] }, 200],
    ["an order of an unknown name", { "$setElementOrder/containers": [{ name: "zz" }] }, 200],
  ];
  for (const [what, spec, expected] of cases) {
    const answer = await target.patch(pod, SMP, { spec });
    if (typeof expected === "number") expect(answer.status, what).toBe(expected);
    else expect({ status: answer.status, body: answer.body }, what).toEqual(expected);
  }
  // Above the spec: the Pod itself, its metadata (a map of labels is no struct) and status.
  const outside: [string, unknown, ReturnType<typeof bare>][] = [
    ["an unknown field of the Pod", { "$setElementOrder/foo": [] }, bare('unable to find api field in struct Pod for the json field "foo"')],
    ["the Pod's kind", { "$setElementOrder/kind": [] }, bare("expected a []interface {}, but received a string")],
    ["an unknown field of its metadata", { metadata: { "$setElementOrder/foo": [] } }, bare('unable to find api field in struct ObjectMeta for the json field "foo"')],
    ["its labels", { metadata: { "$setElementOrder/labels": [] } }, bare("expected a []interface {}, but received a map[string]interface {}")],
    ["inside its labels", { metadata: { labels: { "$setElementOrder/x": [] } } }, bare("merging an object in json but data type is not struct, instead is: map")],
    ["an unknown field of its status", { status: { "$setElementOrder/foo": [] } }, bare('unable to find api field in struct PodStatus for the json field "foo"')],
  ];
  for (const [what, body, expected] of outside) {
    const answer = await target.patch(pod, SMP, body);
    expect({ status: answer.status, body: answer.body }, what).toEqual(expected);
  }
  // A list that is not there: its order is taken, whatever it holds.
  expect((await target.patch(pod, SMP, { metadata: { "$setElementOrder/finalizers": [{ a: 1 }] } })).status).toBe(200);
  // The Pod's tolerations (admission's two): no merge key, so its elements are looked up as map keys, and objects are
  // not hashable in Go: a panic, and no answer at all.
  expect(((await target.send("GET", pod)).body.spec as { tolerations?: unknown[] }).tolerations).toHaveLength(2);
  await expect(target.patch(pod, SMP, { spec: { "$setElementOrder/tolerations": [1] } })).rejects.toThrow();
  expect((await target.send("GET", pod)).status, "the server answers again").toBe(200);
  await target.send("DELETE", `${pod}?gracePeriodSeconds=0`);
}
