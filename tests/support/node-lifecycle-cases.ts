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
