// A strategic merge patch's `$setElementOrder/<list>` that does not fit its list, as kube-apiserver v1.34.4 answers it
// (found on the real control plane first): apimachinery's strategicpatch reports Go's type assertions and lookups
// as bare 500s whose words depend on where the misfit is (`value for key 1 is not a map`, `expected a
// map[string]interface {}, but received a int64`, `map: map[foo:1] does not contain declared merge key: name`, the
// order against the patch list); an order for a list that is not there is taken. For a list without a merge key whose
// elements are objects (a Pod's tolerations) it panics, and the request ends with no answer. The console never sends
// these. Called from wire-null-cases.ts, so it runs on the real control plane and the simulator.
import { expect } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

const SMP = "application/strategic-merge-patch+json";

export async function checkSetElementOrder(target: WireTarget, ns: string): Promise<void> {
  const pod = `/api/v1/namespaces/${ns}/pods/order`;
  const made = await target.send("POST", `/api/v1/namespaces/${ns}/pods`, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "order" },
    spec: { containers: [{ name: "a", image: "busybox" }, { name: "b", image: "busybox" }] },
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
    ["an empty order", { "$setElementOrder/containers": [] }, 200],
    ["an order of an unknown name", { "$setElementOrder/containers": [{ name: "zz" }] }, 200],
  ];
  for (const [what, spec, expected] of cases) {
    const answer = await target.patch(pod, SMP, { spec });
    if (typeof expected === "number") expect(answer.status, what).toBe(expected);
    else expect({ status: answer.status, body: answer.body }, what).toEqual(expected);
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
