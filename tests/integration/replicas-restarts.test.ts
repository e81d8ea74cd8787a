// Issue 19, restart history: two replicas in one process (kubeconfig contexts c0 and c1 on one simulated cluster, which
// the console caches separately: watches, restart history, clients). Replica A leads and records the OOM kill it saw as
// an Event; the pod is replaced; replica B starts afterwards and lists the termination; both list the same history.
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { resetProcessState } from "../../lib/doors/runtime/caches";
import type { Target } from "../../lib/doors/runtime/config";
import { overviewPods } from "../../lib/features/overview/read";
import { startRestartEvents } from "../../lib/features/overview/restart-log";
import { startKubeTarget, type KubeTarget } from "./kube-target-fixture";

let t: KubeTarget;

function replica(context: "c0" | "c1"): Target {
  return { context, namespace: "ollama", deployment: "ollama", ollamaUrl: t.world.ollama.url, cachePvc: undefined, agentUrl: t.world.agentUrl };
}

beforeAll(async () => {
  t = await startKubeTarget();
  const kc = parse(readFileSync(t.kubeconfig, "utf8")) as { contexts: { name: string; context: unknown }[] };
  kc.contexts.push({ name: "c1", context: kc.contexts[0]?.context });
  writeFileSync(t.kubeconfig, stringify(kc), { mode: 0o600 });
  Object.assign(process.env, { KUBECONFIG: t.kubeconfig, OLLAMA_URL: t.world.ollama.url, CACHE_AGENT_URL: t.world.agentUrl, LOG_LEVEL: "error" });
  resetProcessState();
});

afterAll(async () => {
  resetProcessState();
  await t?.close();
});

/** What two replicas must agree on, newest first. */
const history = async (target: Target) => (await overviewPods(target)).restarts.map((r) => `${r.pod}/${r.container} ${r.reason} ${r.exitCode} ${r.finishedAt}`);

describe("restart history shared by every replica (sim)", () => {
  it("a replica started after the OOM-killed pod was replaced lists the same history as the leader that saw it", async () => {
    const a = replica("c0");
    const leader = new AbortController();
    try {
      await overviewPods(a);
      startRestartEvents(leader.signal, a);
      await t.oomCrash();
      await vi.waitFor(async () => expect((await history(a)).some((h) => h.includes("OOMKilled 137"))).toBe(true), { timeout: 15_000, interval: 200 });
      await t.replacePod();
      const killed = (await history(a)).find((h) => h.includes("OOMKilled 137"))!;
      // Replica B starts now: the pod it watches was never OOM-killed.
      const b = replica("c1");
      await vi.waitFor(
        async () => {
          const pods = await overviewPods(b);
          expect(pods.pods.length).toBeGreaterThan(0);
          expect(killed.startsWith(`${pods.pods[0]!.name}/`)).toBe(false);
          const [onA, onB] = await Promise.all([history(a), history(b)]);
          expect(onB).toContain(killed);
          expect(onB).toEqual(onA);
        },
        { timeout: 20_000, interval: 250 },
      );
    } finally {
      leader.abort();
    }
  }, 60_000);
});
