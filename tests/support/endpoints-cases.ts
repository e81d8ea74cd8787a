// v1 Endpoints as kube-apiserver and kube-controller-manager v1.34.4 keep them, found on the real control plane first:
// every request is warned that they are deprecated; the endpoints controller writes one per Service with a selector
// (its labels, a managed-by label, a headless label for a headless Service, the trigger-time annotation), its ready
// Pods' addresses by IP and the ports in real's hash order; kubectl's ENDPOINTS column; a client's Endpoints validated
// and defaulted and left alone for a Service without a selector; an Endpoints follows its Pods and its Service, and
// is made again when deleted. tests/real/kube-protobuf.test.ts runs this on the real server,
// tests/integration/kube-sim-fidelity.test.ts on the simulator; both must answer the same.
import { expect } from "vitest";
import { subsetHash } from "../../sim/kube/endpoints.ts";
import { makeNamespace, until } from "./namespace-lifecycle-cases.ts";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
type Meta = { name: string; uid: string; labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: { manager: string; operation: string; fieldsV1: Obj }[] };
type Pod = { metadata: Meta & { namespace: string }; spec: { nodeName?: string }; status: { podIP?: string } };

const DEPRECATED = '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"';
const MANAGED_BY = "endpoints.kubernetes.io/managed-by";
const TRIGGER = "endpoints.kubernetes.io/last-change-trigger-time";
const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

const meta = (body: Obj) => body.metadata as Meta;

export async function checkEndpoints(target: WireTarget, base: string): Promise<void> {
  const ns = `${base}-endpoints`;
  const core = `/api/v1/namespaces/${ns}`;
  await makeNamespace(target, ns);
  const labels = { app: "web" };
  const ports = [
    { name: "http", containerPort: 8080 },
    { name: "metrics", containerPort: 9090 },
  ];
  const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "busybox", ports }] } } } };
  expect((await target.send("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, deployment)).status).toBe(201);
  const servicePorts = [
    { name: "http", port: 80, targetPort: "http" },
    { name: "m", port: 9000, targetPort: "metrics" },
    { name: "z", port: 7000, targetPort: 7070, protocol: "UDP" },
  ];
  const services = [
    { metadata: { name: "web", labels: { team: "a" } }, spec: { selector: labels, ports: servicePorts } },
    { metadata: { name: "headless" }, spec: { clusterIP: "None", selector: labels } },
    { metadata: { name: "nosel" }, spec: { ports: [{ port: 80 }] } },
  ];
  for (const s of services) expect((await target.send("POST", `${core}/services`, { apiVersion: "v1", kind: "Service", ...s })).status).toBe(201);

  const endpoints = (name: string) => target.send("GET", `${core}/endpoints/${name}`);
  const readyCount = async (name: string) => {
    const got = await endpoints(name);
    if (got.status !== 200) return -1;
    return ((got.body.subsets ?? []) as { addresses?: unknown[] }[]).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  };
  await until("web's two ready addresses", async () => (await readyCount("web")) === 2 && (await readyCount("headless")) === 2);
  const pods = ((await target.send("GET", `${core}/pods`)).body.items as Pod[]).sort((a, b) => ((a.status.podIP ?? "") < (b.status.podIP ?? "") ? -1 : 1));
  const addresses = pods.map((p) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: "Pod", namespace: ns, name: p.metadata.name, uid: p.metadata.uid } }));

  // The controller's Endpoints: the Service's labels and its own, the ports in real's order, warned as deprecated.
  const web = await endpoints("web");
  expect(web.warning).toBe(DEPRECATED);
  expect(meta(web.body).labels).toEqual({ team: "a", [MANAGED_BY]: "endpoint-controller" });
  // The trigger time is the earliest change since the last write; a write no newer change called for (a Pod's Ready
  // transition in the second its earlier one was seen) takes it away, on both tiers.
  const annotated = Object.keys(meta(web.body).annotations ?? {});
  expect([[], [TRIGGER]]).toContainEqual(annotated);
  if (annotated.length) expect(meta(web.body).annotations?.[TRIGGER]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(web.body.subsets).toEqual([
    {
      addresses,
      ports: [
        { name: "m", port: 9090, protocol: "TCP" },
        { name: "z", port: 7070, protocol: "UDP" },
        { name: "http", port: 8080, protocol: "TCP" },
      ],
    },
  ]);
  const keys = (names: string[]): Obj => Object.fromEntries([[".", {}], ...names.map((n): [string, Obj] => [`f:${n}`, {}])]);
  expect(meta(web.body).managedFields?.map((e) => [e.manager, e.operation, e.fieldsV1])).toEqual([
    ["kube-controller-manager", "Update", { "f:metadata": { ...(annotated.length ? { "f:annotations": keys([TRIGGER]) } : {}), "f:labels": keys([MANAGED_BY, "team"]) }, "f:subsets": {} }],
  ]);
  const headless = await endpoints("headless");
  expect(meta(headless.body).labels).toEqual({ [MANAGED_BY]: "endpoint-controller", "service.kubernetes.io/headless": "" });
  expect(headless.body.subsets).toEqual([{ addresses }]);
  expect((await endpoints("nosel")).status).toBe(404);

  // kubectl's ENDPOINTS column: ready addresses port by port, three at most.
  const table = await target.send("GET", `${core}/endpoints`, undefined, { Accept: TABLE });
  expect(table.warning).toBe(DEPRECATED);
  const [a, b] = addresses.map((x) => x.ip);
  expect((table.body.rows as { cells: unknown[] }[]).map((r) => r.cells.slice(0, 2))).toEqual([
    ["headless", `${a},${b}`],
    ["web", `${a}:9090,${b}:9090,${a}:7070 + 3 more...`],
  ]);

  // A client's Endpoints: validated (the warning comes with the refusal), its port's protocol defaulted, and left alone.
  const bad = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "bad" },
    subsets: [
      {
        addresses: [{ ip: "127.0.0.1" }, { ip: "nope", hostname: "A_b", nodeName: "Bad_Node" }],
        ports: [{ port: 0 }, { port: 80, protocol: "XX", appProtocol: "-x" }],
      },
      { ports: [{ name: "a", port: 1 }] },
    ],
  };
  const refused = await target.send("POST", `${core}/endpoints`, bad);
  expect([refused.status, refused.warning]).toEqual([422, DEPRECATED]);
  const label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  const subdomain =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  const qualified =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  expect((refused.body.details as { causes: Obj[] }).causes).toEqual([
    { reason: "FieldValueInvalid", message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)', field: "subsets[0].addresses[0].ip" },
    { reason: "FieldValueInvalid", message: 'Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)', field: "subsets[0].addresses[1].ip" },
    { reason: "FieldValueInvalid", message: `Invalid value: "A_b": ${label}`, field: "subsets[0].addresses[1].hostname" },
    { reason: "FieldValueInvalid", message: `Invalid value: "Bad_Node": ${subdomain}`, field: "subsets[0].addresses[1].nodeName" },
    { reason: "FieldValueInvalid", message: 'Invalid value: "nope": must be a valid IP address', field: "subsets[0].addresses[1].ip" },
    { reason: "FieldValueRequired", message: "Required value", field: "subsets[0].ports[0].name" },
    { reason: "FieldValueInvalid", message: "Invalid value: 0: must be between 1 and 65535, inclusive", field: "subsets[0].ports[0].port" },
    { reason: "FieldValueRequired", message: "Required value", field: "subsets[0].ports[1].name" },
    { reason: "FieldValueNotSupported", message: 'Unsupported value: "XX": supported values: "SCTP", "TCP", "UDP"', field: "subsets[0].ports[1].protocol" },
    { reason: "FieldValueInvalid", message: `Invalid value: "-x": ${qualified}`, field: "subsets[0].ports[1].appProtocol" },
    { reason: "FieldValueRequired", message: "Required value: must specify `addresses` or `notReadyAddresses`", field: "subsets[1]" },
  ]);
  const own = await target.send("POST", `${core}/endpoints`, { apiVersion: "v1", kind: "Endpoints", metadata: { name: "nosel" }, subsets: [{ addresses: [{ ip: "10.1.2.3" }], ports: [{ port: 80 }] }] });
  expect(own.status, JSON.stringify(own.body)).toBe(201);
  expect(own.body.subsets).toEqual([{ addresses: [{ ip: "10.1.2.3" }], ports: [{ port: 80, protocol: "TCP" }] }]);

  // Pods whose named port differs are one subset each, ordered by the md5 of go-spew's print of each subset: on the
  // real tier this checks the simulator's print against real's order.
  for (const [i, port] of [8081, 8082, 8083].entries()) {
    const mixed = { app: "mixed", n: String(i) };
    const one = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: `mixed-${i}` }, spec: { replicas: 1, selector: { matchLabels: mixed }, template: { metadata: { labels: mixed }, spec: { containers: [{ name: "c", image: "busybox", ports: [{ name: "http", containerPort: port }] }] } } } };
    expect((await target.send("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, one)).status).toBe(201);
  }
  const mixedService = { apiVersion: "v1", kind: "Service", metadata: { name: "mixed" }, spec: { selector: { app: "mixed" }, ports: [{ name: "http", port: 80, targetPort: "http" }] } };
  expect((await target.send("POST", `${core}/services`, mixedService)).status).toBe(201);
  await until("mixed's three subsets", async () => (await readyCount("mixed")) === 3);
  const subsets = (await endpoints("mixed")).body.subsets as Obj[];
  expect(subsets.map((s) => (s.ports as { port: number }[]).map((p) => p.port)).sort()).toEqual([[8081], [8082], [8083]]);
  expect(subsets).toEqual([...subsets].sort((x, y) => (subsetHash(x) < subsetHash(y) ? -1 : 1)));

  // It follows its Pods (a terminating one leaves at once), is made again when deleted, and goes with its Service.
  expect((await target.send("PATCH", `/apis/apps/v1/namespaces/${ns}/deployments/web`, { spec: { replicas: 1 } })).status).toBe(200);
  await until("web down to one address", async () => (await readyCount("web")) === 1);
  const before = meta((await endpoints("headless")).body).uid;
  expect((await target.send("DELETE", `${core}/endpoints/headless`)).status).toBe(200);
  await until("headless made again", async () => {
    const again = await endpoints("headless");
    return again.status === 200 && meta(again.body).uid !== before;
  });
  expect((await target.send("DELETE", `${core}/services/web`)).status).toBe(200);
  await until("web's Endpoints gone", async () => (await endpoints("web")).status === 404);
  expect(meta((await endpoints("nosel")).body).labels).toBeUndefined();
}
