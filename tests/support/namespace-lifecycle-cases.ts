// How kube-apiserver and kube-controller-manager v1.34.4 delete a Namespace, found on the real control plane first:
// the DELETE marks it Terminating; NamespaceLifecycle refuses new content in it (403 with a NamespaceTerminating cause,
// before any validation) and lets updates through; the namespace controller deletes its Pods, then the rest, keeps five
// conditions saying what remains and on which finalizers, and removes its `kubernetes` finalizer once nothing is left,
// which deletes the Namespace. A PUT to `namespaces/<name>/finalize` can force that, leaving the content behind.
// tests/real/kube-protobuf.test.ts runs these on the real server, tests/integration/kube-sim-fidelity.test.ts on the
// simulator; both must answer the same.
import { expect } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
type Meta = { name: string; uid: string; resourceVersion: string; deletionTimestamp?: string; deletionGracePeriodSeconds?: number; finalizers?: string[]; labels?: Record<string, string> };

const HOLD = "example.com/hold";
const meta = (body: Obj) => body.metadata as Meta;

/** NamespaceLifecycle's refusal of a create, naming the resource and the object (its generateName if it has no name). */
const terminating = (resource: string, name: string, ns: string): Obj => ({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: `${resource} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
  reason: "Forbidden",
  details: { name, kind: resource, causes: [{ reason: "NamespaceTerminating", message: `namespace ${ns} is being terminated`, field: "metadata.namespace" }] },
  code: 403,
});

/** Polls `probe` until it holds (both tiers' controllers act within seconds; the namespace controller waits 5 s per change). */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 40_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function makeNamespace(target: WireTarget, ns: string): Promise<Obj> {
  const made = await target.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  await until(`the default ServiceAccount of ${ns}`, async () => (await target.send("GET", `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200);
  return made.body;
}

async function makeHeld(target: WireTarget, ns: string): Promise<void> {
  const held = await target.send("POST", `/api/v1/namespaces/${ns}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "held", finalizers: [HOLD] }, data: { a: "b" } });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
}

const names = async (target: WireTarget, path: string) => ((await target.send("GET", path)).body.items as { metadata: Meta }[]).map((o) => o.metadata.name);

/**
 * A Namespace with a Deployment's Pod, a Service and a ConfigMap held by a finalizer: deleted, it refuses every kind of
 * create, takes updates, empties itself but for the held ConfigMap (its conditions say so), and goes once that goes.
 */
export async function checkNamespaceDeletion(target: WireTarget, base: string): Promise<void> {
  const ns = `${base}-gone`;
  const api = `/api/v1/namespaces/${ns}`;
  await makeNamespace(target, ns);
  await makeHeld(target, ns);
  const labels = { app: "web" };
  const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "busybox" }] } } } };
  expect((await target.send("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, deployment)).status).toBe(201);
  expect((await target.send("POST", `${api}/services`, { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: labels, ports: [{ port: 80 }] } })).status).toBe(201);
  let pod = "";
  await until("the Deployment's Pod on a node", async () => {
    const items = (await target.send("GET", `${api}/pods`)).body.items as { metadata: Meta; spec: { nodeName?: string } }[];
    pod = items.find((p) => p.spec.nodeName)?.metadata.name ?? "";
    return pod !== "";
  });

  // The first DELETE: Terminating, a deletionTimestamp, no grace period, the finalizer still there.
  const deleted = await target.send("DELETE", `/api/v1/namespaces/${ns}`);
  expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
  expect(deleted.body).toMatchObject({ kind: "Namespace", spec: { finalizers: ["kubernetes"] }, status: { phase: "Terminating" } });
  expect(meta(deleted.body).deletionTimestamp).toEqual(expect.any(String));
  expect(meta(deleted.body)).not.toHaveProperty("deletionGracePeriodSeconds");
  expect(meta(deleted.body)).not.toHaveProperty("finalizers");

  // Every create is refused, ahead of validation (an invalid name), whether a POST, a PUT or an apply makes it, and the
  // subresources that create (a token, a binding, an eviction) with them.
  const refusals: [Promise<{ status: number; body: Obj }>, Obj][] = [
    [target.send("POST", `${api}/configmaps`, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "g-" } }), terminating("configmaps", "g-", ns)],
    [target.send("POST", `${api}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "BAD" }, spec: {} }), terminating("pods", "BAD", ns)],
    [target.send("PUT", `${api}/services/late`, { apiVersion: "v1", kind: "Service", metadata: { name: "late" }, spec: { ports: [{ port: 80 }] } }), terminating("services", "late", ns)],
    [target.patch(`${api}/configmaps/applied?fieldManager=lifecycle`, "application/apply-patch+yaml", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "applied" } }), terminating("configmaps", "applied", ns)],
    [target.send("POST", `${api}/serviceaccounts/default/token`, { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} }), terminating("serviceaccounts", "default", ns)],
    [target.send("POST", `${api}/pods/${pod}/eviction`, { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: pod } }), terminating("pods", pod, ns)],
    [target.send("POST", `${api}/bindings`, { apiVersion: "v1", kind: "Binding", metadata: { name: "nobody" }, target: { kind: "Node", name: "nowhere" } }), terminating("bindings", "nobody", ns)],
  ];
  for (const [answer, expected] of refusals) {
    const { status, body } = await answer;
    expect({ status, body }).toEqual({ status: 403, body: expected });
  }
  // An update is let through; a second DELETE answers the Namespace as it is; its name cannot be taken again yet.
  expect((await target.send("PATCH", `${api}/configmaps/held`, { metadata: { labels: { touched: "yes" } } })).status).toBe(200);
  const again = await target.send("DELETE", `/api/v1/namespaces/${ns}`);
  expect(again.status).toBe(200);
  expect(meta(again.body).deletionTimestamp).toBe(meta(deleted.body).deletionTimestamp);
  expect(again.body.status).toMatchObject({ phase: "Terminating" });
  const taken = await target.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  expect({ status: taken.status, message: taken.body.message }).toEqual({ status: 409, message: `object is being deleted: namespaces "${ns}" already exists` });

  // The controller empties it but for the held ConfigMap, and says so.
  let conditions: Obj[] = [];
  await until("the NamespaceContentRemaining condition", async () => {
    const now = await target.send("GET", `/api/v1/namespaces/${ns}`);
    conditions = ((now.body.status as Obj | undefined)?.conditions ?? []) as Obj[];
    return conditions.some((c) => c.type === "NamespaceContentRemaining" && c.status === "True");
  });
  const shown = conditions.map(({ lastTransitionTime, ...c }) => (expect(lastTransitionTime).toEqual(expect.any(String)), c));
  expect(shown).toEqual([
    { type: "NamespaceDeletionDiscoveryFailure", status: "False", reason: "ResourcesDiscovered", message: "All resources successfully discovered" },
    { type: "NamespaceDeletionGroupVersionParsingFailure", status: "False", reason: "ParsedGroupVersions", message: "All legacy kube types successfully parsed" },
    { type: "NamespaceDeletionContentFailure", status: "False", reason: "ContentDeleted", message: "All content successfully deleted, may be waiting on finalization" },
    { type: "NamespaceContentRemaining", status: "True", reason: "SomeResourcesRemain", message: "Some resources are remaining: configmaps. has 1 resource instances" },
    { type: "NamespaceFinalizersRemaining", status: "True", reason: "SomeFinalizersRemain", message: `Some content in the namespace has finalizers remaining: ${HOLD} in 1 resource instances` },
  ]);
  const left = {
    configmaps: await names(target, `${api}/configmaps`),
    pods: await names(target, `${api}/pods`),
    services: await names(target, `${api}/services`),
    serviceaccounts: await names(target, `${api}/serviceaccounts`),
    events: await names(target, `${api}/events`),
    deployments: await names(target, `/apis/apps/v1/namespaces/${ns}/deployments`),
    replicasets: await names(target, `/apis/apps/v1/namespaces/${ns}/replicasets`),
    endpointslices: await names(target, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`),
  };
  expect(left).toEqual({ configmaps: ["held"], pods: [], services: [], serviceaccounts: [], events: [], deployments: [], replicasets: [], endpointslices: [] });

  // Its last finalizer taken away, the held ConfigMap goes: the writer gets its own object at the old
  // resourceVersion. The Namespace goes on the controller's next look.
  const held = await target.send("GET", `${api}/configmaps/held`);
  expect(meta(held.body)).toMatchObject({ deletionGracePeriodSeconds: 0, finalizers: [HOLD], labels: { touched: "yes" } });
  const released = await target.send("PATCH", `${api}/configmaps/held`, { metadata: { finalizers: null, labels: { released: "yes" } } });
  expect(released.status).toBe(200);
  expect(meta(released.body)).toMatchObject({ resourceVersion: meta(held.body).resourceVersion, deletionTimestamp: meta(held.body).deletionTimestamp, labels: { touched: "yes", released: "yes" } });
  expect(meta(released.body)).not.toHaveProperty("finalizers");
  expect((await target.send("GET", `${api}/configmaps/held`)).status).toBe(404);
  await until(`${ns} to go`, async () => (await target.send("GET", `/api/v1/namespaces/${ns}`)).status === 404);
}

/**
 * `namespaces/<name>/finalize` (PUT only): the body's metadata and spec.finalizers are taken, each finalizer checked,
 * the status kept; emptied on a terminating Namespace, it deletes it at once and leaves its content, which a new
 * Namespace of that name finds again. The immortal namespaces cannot be deleted at all.
 */
export async function checkNamespaceFinalize(target: WireTarget, base: string): Promise<void> {
  const ns = `${base}-fin`;
  const finalize = `/api/v1/namespaces/${ns}/finalize`;
  const first = await makeNamespace(target, ns);
  await makeHeld(target, ns);
  expect((await target.send("DELETE", `/api/v1/namespaces/${ns}`)).status).toBe(200);

  const bad = await target.send("PUT", finalize, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns }, spec: { finalizers: ["kubernetes", "bad name"] } });
  const qualified = `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
  expect({ status: bad.status, message: bad.body.message }).toEqual({
    status: 422,
    message: `Namespace "${ns}" is invalid: [spec.finalizers[1]: Invalid value: "bad name": ${qualified}, spec.finalizers[1]: Invalid value: "bad name": name is neither a standard finalizer name nor is it fully qualified]`,
  });
  for (const method of ["GET", "PATCH", "POST", "DELETE"]) {
    const refused = await target.send(method, finalize, method === "GET" || method === "DELETE" ? undefined : {});
    expect({ method, status: refused.status, reason: refused.body.reason }).toEqual({ method, status: 405, reason: "MethodNotAllowed" });
  }

  const kept = await target.send("PUT", finalize, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { extra: "yes" } }, spec: { finalizers: ["kubernetes", "example.com/other"] }, status: { phase: "Active" } });
  expect(kept.status, JSON.stringify(kept.body)).toBe(200);
  expect(kept.body).toMatchObject({ metadata: { labels: { "kubernetes.io/metadata.name": ns, extra: "yes" } }, spec: { finalizers: ["kubernetes", "example.com/other"] }, status: { phase: "Terminating" } });

  // Emptied: the Namespace is gone at once, its content is not.
  const forced = await target.send("PUT", finalize, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns }, spec: { finalizers: [] } });
  expect(forced.status, JSON.stringify(forced.body)).toBe(200);
  expect(forced.body).toMatchObject({ kind: "Namespace", spec: {}, status: { phase: "Terminating" } });
  expect(meta(forced.body).deletionTimestamp).toEqual(expect.any(String));
  expect((await target.send("GET", `/api/v1/namespaces/${ns}`)).status).toBe(404);
  const orphan = await target.send("GET", `/api/v1/namespaces/${ns}/configmaps/held`);
  expect(orphan.status).toBe(200);

  // A new Namespace of that name is another object, and holds the ConfigMap the old one left.
  const second = await makeNamespace(target, ns);
  expect(meta(second).uid).not.toBe(meta(first).uid);
  expect((await names(target, `/api/v1/namespaces/${ns}/configmaps`)).includes("held")).toBe(true);
  expect((await target.send("PATCH", `/api/v1/namespaces/${ns}/configmaps/held`, { metadata: { finalizers: null } })).status).toBe(200);
  expect((await target.send("DELETE", `/api/v1/namespaces/${ns}`)).status).toBe(200);

  for (const immortal of ["default", "kube-system", "kube-public"]) {
    const refused = await target.send("DELETE", `/api/v1/namespaces/${immortal}?dryRun=All`);
    expect({ status: refused.status, body: refused.body }).toEqual({
      status: 403,
      body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `namespaces "${immortal}" is forbidden: this namespace may not be deleted`, reason: "Forbidden", details: { name: immortal, kind: "namespaces" }, code: 403 },
    });
  }
}
