// Ollama's own signals for a target: the shared log follow (one per target), wired to the cluster's pod watch and log door.
import "server-only";
import type { Target } from "../../doors/runtime/config";
import { watchedPods } from "../../doors/kubernetes/cache";
import { followPodLog, pickOllamaContainer } from "../../doors/kubernetes/logs";
import type { PodSummary } from "../../doors/kubernetes/pods";
import { LogHub, type Located } from "./hub";

const hubs = new Map<string, LogHub>();

const key = (t: Target) => `${t.context ?? ""}|${t.namespace}|${t.deployment}`;

/** The pod whose Ollama container the log view follows: running first, then the newest that is not being deleted. */
export function locateOllama(pods: readonly PodSummary[]): Located {
  const live = pods.filter((p) => !p.deleting).sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
  for (const p of live) {
    const c = pickOllamaContainer(p.containers.filter((x) => !x.init));
    if (c?.state === "running") return { pod: p.name, container: c.name, restartCount: c.restartCount, uid: p.uid };
  }
  const p = live[0];
  if (!p) return { waiting: "no Ollama pod exists" };
  const c = pickOllamaContainer(p.containers.filter((x) => !x.init));
  const why = c?.waiting ? `${c.waiting.reason}${c.waiting.message ? `: ${c.waiting.message}` : ""}` : p.phase === "Pending" ? `pod ${p.phase}${p.reason ? ` (${p.reason})` : ""}` : `container ${c?.state ?? "missing"}`;
  return { waiting: `the Ollama container of ${p.name} is not running: ${why}`, pod: p.name, container: c?.name };
}

/** The target's shared log hub (created on first use; it follows only while someone looks or asks for signals). */
export function logHub(target: Target): LogHub {
  let hub = hubs.get(key(target));
  if (!hub) {
    hub = new LogHub({
      locate: async () => locateOllama((await watchedPods(target)).items),
      follow: (req, onText, onEnd) => followPodLog(target, req, onText, onEnd),
    });
    hubs.set(key(target), hub);
  }
  return hub;
}

/** Upstream follows opened per target so far (integration tests check one per stream, whatever the viewers). */
export function logFollowCount(target: Target): number {
  return hubs.get(key(target))?.upstreamsOpened ?? 0;
}

/** Stops and forgets the target's hub (tests). */
export function stopLogHub(target: Target): void {
  hubs.get(key(target))?.stop();
  hubs.delete(key(target));
}
