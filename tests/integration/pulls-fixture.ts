// Shared setup for the pull integration tests: the simulated world, a kubeconfig with one context per test, the console's settings.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { kubeconfigYaml } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { resetProcessState } from "../../lib/doors/runtime/caches";
import type { Target } from "../../lib/doors/runtime/config";
import type { PullJob } from "../../lib/features/pulls/job";
import type { PullManager } from "../../lib/features/pulls/manager";

export interface PullWorld {
  world: World;
  /** The console's target: the simulated cluster's one context. */
  target: Target;
  /** Starts a test from a cold console: every registered cache forgotten, watches and pull managers stopped (lib/doors/runtime/caches.ts). */
  reset(): void;
  /**
   * Replica `i` of a multi-replica test (0 ≤ i < the `replicas` asked for): the same cluster and namespace through its own
   * kubeconfig context, so it has its own clients and watches, as a separate console process would.
   */
  replicaTarget(i: number): Target;
  close(): Promise<void>;
}

export const operator = { id: "olga", name: "olga", role: "operator" as const };

/** Starts the homelab world and points the console's settings at it (registry mirror included). */
export async function startPullWorld(opts: { replicas?: number } = {}): Promise<PullWorld> {
  const world = await createWorld("homelab");
  const dir = mkdtempSync(join(tmpdir(), "pulls-it-"));
  const kubeconfig = join(dir, "kubeconfig");
  const kc = parse(kubeconfigYaml(world.kube.url, { context: "sim" })) as { contexts: { name: string; context: unknown }[] };
  const [sim] = kc.contexts;
  for (let i = 0; i < (opts.replicas ?? 0); i++) kc.contexts.push({ name: `replica-${i}`, context: sim?.context });
  writeFileSync(kubeconfig, stringify(kc));
  Object.assign(process.env, {
    KUBECONFIG: kubeconfig,
    OLLAMA_URL: world.ollama.url,
    CACHE_AGENT_URL: world.agentUrl,
    REGISTRY_MIRRORS: `registry.ollama.ai=${world.registry.url}`,
    LOG_LEVEL: "error",
  });
  return {
    world,
    target: { context: "sim", namespace: "ollama", deployment: "ollama", ollamaUrl: world.ollama.url, cachePvc: undefined, agentUrl: world.agentUrl },
    reset: resetProcessState,
    replicaTarget(i) {
      if (!Number.isInteger(i) || i < 0 || i >= (opts.replicas ?? 0)) throw new Error(`startPullWorld({ replicas }) has no replica ${i}`);
      return { context: `replica-${i}`, namespace: "ollama", deployment: "ollama", ollamaUrl: world.ollama.url, cachePvc: undefined, agentUrl: world.agentUrl };
    },
    async close() {
      await world.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` holds, failing with `what` after timeoutMs. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The job with `id` once it satisfies `check`. */
export async function jobWhen(manager: PullManager, id: string, what: string, check: (job: PullJob) => boolean, timeoutMs?: number): Promise<PullJob> {
  let found: PullJob | undefined;
  await until(
    what,
    () => {
      found = manager.list().find((j) => j.id === id);
      return found !== undefined && check(found);
    },
    timeoutMs,
  );
  return found!;
}

/** Resolves when the job reached a final state. */
export function finished(manager: PullManager, id: string, timeoutMs?: number): Promise<PullJob> {
  return jobWhen(manager, id, "the job to finish", (j) => ["succeeded", "failed", "cancelled"].includes(j.state), timeoutMs);
}
