// The node lifecycle controller against new Nodes, as kube-controller-manager v1.34 runs it: a Node created Ready gets
// the not-ready taint from admission and loses it within a moment; one created not Ready keeps it and gains the
// NoExecute one. Run on the real
// control plane (tests/real/kube-protobuf.test.ts) and the simulator (tests/integration/kube-sim-fidelity.test.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, vi } from "vitest";

type Kubectl = (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

const T = "2023-11-14T22:13:20Z";
const NOT_READY = { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" };

const node = (name: string, ready: string) => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name },
  spec: { taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }] },
  status: { conditions: [{ type: "Ready", status: ready, reason: "KubeletReady", message: "", lastHeartbeatTime: T, lastTransitionTime: T }] },
});

/** Creates a Ready and a not Ready Node with kubectl and watches their taints settle; removes both. */
export async function checkNotReadyTaint(kubectl: Kubectl): Promise<void> {
  const suffix = Date.now().toString(36);
  const [ready, down] = [`lc-ready-${suffix}`, `lc-down-${suffix}`];
  const dir = await mkdtemp(join(tmpdir(), "node-lc-"));
  const taints = async (name: string) => JSON.parse((await kubectl("get", "node", name, "-o", "jsonpath={.spec.taints}")).stdout || "[]") as unknown;
  try {
    for (const [name, status] of [[ready, "True"], [down, "False"]] as const) {
      await writeFile(join(dir, `${name}.json`), JSON.stringify(node(name, status)));
      const created = await kubectl("create", "-f", join(dir, `${name}.json`), "-o", "jsonpath={.spec.taints}");
      expect(created.code, created.stderr).toBe(0);
      // Admission taints every new Node, Ready or not.
      expect(JSON.parse(created.stdout)).toEqual([{ key: "gpu", value: "true", effect: "NoSchedule" }, NOT_READY]);
    }
    await vi.waitFor(async () => expect(await taints(ready)).toEqual([{ key: "gpu", value: "true", effect: "NoSchedule" }]), { timeout: 15_000, interval: 200 });
    // The not Ready one keeps admission's taint and, at the controller's next health check (every 5 s on real), gets
    // taint-based eviction's NoExecute one, stamped.
    const stamped: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await vi.waitFor(async () => expect(await taints(down)).toEqual([{ key: "gpu", value: "true", effect: "NoSchedule" }, NOT_READY, { ...NOT_READY, effect: "NoExecute", timeAdded: stamped }]), { timeout: 15_000, interval: 200 });
  } finally {
    await kubectl("delete", "node", ready, down, "--wait=false");
    await rm(dir, { recursive: true, force: true });
  }
}

type Answer = { status: number; body: Record<string, unknown> };
type Send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;
type NodeMeta = { labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: { manager: string; fieldsV1: unknown }[] };

/**
 * kube-controller-manager's other writes to a new Node: the TTL controller's `node.alpha.kubernetes.io/ttl` (0 in a
 * small cluster; a value that reads as that number is left, one that does not is replaced) and the node lifecycle
 * controller's beta OS and arch labels, which follow the stable ones. Its write is recorded in managedFields only when
 * the Node has some already (a Node created with no field of its own has none, and gets none).
 */
export async function checkNodeMetadata(target: { send: Send }, base: string): Promise<void> {
  const TTL = "node.alpha.kubernetes.io/ttl";
  const agent = { "User-Agent": "node-meta/1.0" };
  const nodes: Record<string, Record<string, unknown>> = {
    a: { labels: { "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "beta.kubernetes.io/arch": "arm64" } },
    b: {},
    c: { annotations: { [TTL]: "00" } },
    d: { annotations: { [TTL]: "abc" } },
  };
  const name = (key: string) => `${base}-nm-${key}`;
  try {
    for (const [key, meta] of Object.entries(nodes)) {
      const made = await target.send("POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name: name(key), ...meta } }, agent);
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    const read = async (key: string) => (await target.send("GET", `/api/v1/nodes/${name(key)}`)).body.metadata as NodeMeta;
    await vi.waitFor(
      async () => {
        expect((await read("a")).labels?.["beta.kubernetes.io/os"]).toBe("linux");
        for (const key of ["a", "b", "d"]) expect((await read(key)).annotations?.[TTL], key).toBe("0");
      },
      { timeout: 15_000, interval: 100 },
    );
    const owners = (meta: NodeMeta) => Object.fromEntries((meta.managedFields ?? []).map((e) => [e.manager, e.fieldsV1]));
    const a = await read("a");
    expect([a.labels, a.annotations]).toEqual([{ "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "kubernetes.io/os": "linux" }, { [TTL]: "0" }]);
    expect(owners(a)).toEqual({
      "node-meta": { "f:metadata": { "f:labels": { ".": {}, "f:kubernetes.io/arch": {}, "f:kubernetes.io/os": {} } } },
      "kube-controller-manager": { "f:metadata": { "f:annotations": { ".": {}, [`f:${TTL}`]: {} }, "f:labels": { "f:beta.kubernetes.io/arch": {}, "f:beta.kubernetes.io/os": {} } } },
    });
    const [b, c, d] = [await read("b"), await read("c"), await read("d")];
    expect([b.annotations, owners(b)]).toEqual([{ [TTL]: "0" }, {}]);
    expect([c.annotations, owners(c)]).toEqual([{ [TTL]: "00" }, { "node-meta": { "f:metadata": { "f:annotations": { ".": {}, [`f:${TTL}`]: {} } } } }]);
    expect([d.annotations, owners(d)]).toEqual([{ [TTL]: "0" }, { "node-meta": { "f:metadata": { "f:annotations": {} } }, "kube-controller-manager": { "f:metadata": { "f:annotations": { [`f:${TTL}`]: {} } } } }]);
  } finally {
    for (const key of Object.keys(nodes)) await target.send("DELETE", `/api/v1/nodes/${name(key)}`);
  }
}

/**
 * kube-scheduler's NodeResourcesFit: a Pod that asks for more than any node has (its limits standing for requests it
 * left out) is Unschedulable with each node's reasons counted and sorted, and preemption is no help; a node the
 * selector rules out says so. The homelab's two nodes: 8 and 16 CPUs, 31 and 63 GiB, one GPU on the second.
 */
export async function checkResourceFit(target: { send: Send }, base: string): Promise<void> {
  const ns = `${base}-fit`;
  expect((await target.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } })).status).toBe(201);
  await vi.waitFor(async () => expect((await target.send("GET", `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status).toBe(200), { timeout: 20_000, interval: 100 });
  const pod = (name: string, spec: Record<string, unknown>, resources: Record<string, unknown>) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { ...spec, containers: [{ name: "c", image: "busybox", resources }] },
  });
  const pods = [
    pod("huge", {}, { requests: { cpu: "500", memory: "10Ti" } }),
    pod("two-gpus", { nodeSelector: { "nvidia.com/gpu.present": "true" } }, { limits: { "nvidia.com/gpu": "2" } }),
  ];
  for (const p of pods) expect((await target.send("POST", `/api/v1/namespaces/${ns}/pods`, p)).status).toBe(201);
  const n = ((await target.send("GET", "/api/v1/nodes")).body.items as unknown[]).length;
  const message = async (name: string) => {
    const got = (await target.send("GET", `/api/v1/namespaces/${ns}/pods/${name}`)).body as { status?: { conditions?: { type: string; reason?: string; message?: string }[] } };
    return got.status?.conditions?.find((c) => c.type === "PodScheduled" && c.reason === "Unschedulable")?.message;
  };
  const tail = `no new claims to deallocate, preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
  await vi.waitFor(async () => expect(await message("huge")).toBe(`0/${n} nodes are available: ${n} Insufficient cpu, ${n} Insufficient memory. ${tail}`), { timeout: 15_000, interval: 100 });
  const others = n - 1;
  await vi.waitFor(async () => expect(await message("two-gpus")).toBe(`0/${n} nodes are available: 1 Insufficient nvidia.com/gpu, ${others} node(s) didn't match Pod's node affinity/selector. ${tail}`), { timeout: 15_000, interval: 100 });
  await target.send("DELETE", `/api/v1/namespaces/${ns}`);
}
