// The opt-in disk source (KUBELET_SUMMARY=true): with no cache agent and no Prometheus, the console reads the cache
// claim's filesystem from the kubelet's Summary API through the API server's node proxy, here the simulator's
// (sim/kube/kubelet-summary.ts), and falls back to the estimate, saying why, when `get nodes/proxy` is forbidden. The
// real tier cannot run this: its KWOK nodes have no kubelet for kube-apiserver to dial.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeKubeconfig } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { stopWatches } from "../../lib/doors/kubernetes/cache";
import { config, type Target } from "../../lib/doors/runtime/config";
import { diskUsage } from "../../lib/features/disk";

let world: World;
let target: Target;
let dir: string;

/** A loopback address where nothing listens: the cache agent is not installed. */
async function nothingListening(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  world = await createWorld("homelab");
  dir = mkdtempSync(join(tmpdir(), "disk-kubelet-"));
  const kubeconfig = join(dir, "kubeconfig");
  await writeKubeconfig(kubeconfig, world.kube.url);
  Object.assign(process.env, { KUBECONFIG: kubeconfig, OLLAMA_URL: world.ollama.url, CACHE_AGENT_URL: await nothingListening(), KUBELET_SUMMARY: "true", LOG_LEVEL: "error" });
  delete process.env.PROMETHEUS_URL;
  target = config().target;
});

afterAll(async () => {
  stopWatches(target);
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the kubelet summary as the disk source (KUBELET_SUMMARY=true)", () => {
  it("reads the cache claim's filesystem through the node proxy when the agent is not there", async () => {
    const disk = await diskUsage(target);
    expect(disk.source).toBe("kubelet");
    expect(disk.sourceNote).toMatch(/^kubelet summary of node gpu-node-1 \(.*cache agent.*\)$/);
    // The same filesystem the agent would statfs: the simulated volume behind ollama-models.
    expect(disk).toMatchObject({ pvcName: "ollama-models", capacityBytes: world.volume.capacityBytes, usedBytes: world.volume.used(), availableBytes: world.volume.free() });
    expect(disk.capacityWarning).toBeUndefined();
    expect(disk.level).toBe("ok");
  });

  it("falls back to the estimate, saying why, when the ServiceAccount may not use the node proxy", async () => {
    world.kube.setForbidden([{ verb: "get", resource: "nodes/proxy" }]);
    try {
      await vi.waitFor(
        async () => {
          const disk = await diskUsage(target);
          expect(disk.source).toBe("estimate");
          expect(disk.sourceNote).toContain("The console's service account is not allowed to get nodes/proxy at cluster scope (reading the kubelet summary of node gpu-node-1); grant it in the console's ClusterRole");
        },
        { timeout: 15_000, interval: 500 },
      );
    } finally {
      world.kube.setForbidden([]);
    }
  });
});
