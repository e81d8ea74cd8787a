// One-shot incidents the control API can trigger: an OOM kill of the Ollama container, an unschedulable pod.
import type { KubeObject, KubeSim } from "./kube/index.ts";
import type { OllamaSim } from "./ollama/server.ts";

const RECOVER_AFTER_MS = 10_000;

/** Whether the pod is one of the Ollama Deployment's (by its selector). */
export function isOllamaPod(kube: KubeSim, pod: KubeObject): boolean {
  const deployment = kube.store.list("Deployment").find((d) => d.metadata.name === "ollama");
  const selector = (deployment?.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
  return !!deployment && !!selector && pod.metadata.namespace === deployment.metadata.namespace && Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v);
}

/** The Ollama Deployment's pods that are not terminating. */
export function ollamaPods(kube: KubeSim): KubeObject[] {
  return kube.store.list("Pod").filter((p) => !p.metadata.deletionTimestamp && isOllamaPod(kube, p));
}

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: unknown;
  lastState?: unknown;
  ready?: boolean;
  started?: boolean;
}

function statuses(pod: KubeObject): ContainerStatus[] {
  return ((pod.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? []).map((c) => ({ ...c }));
}

function readiness(ready: boolean, now: string) {
  const status = ready ? "True" : "False";
  const extra = ready ? {} : { reason: "ContainersNotReady", message: "containers with unready status: [ollama]" };
  return [
    { type: "Ready", status, lastTransitionTime: now, ...extra },
    { type: "ContainersReady", status, lastTransitionTime: now, ...extra },
    { type: "PodScheduled", status: "True", lastTransitionTime: now },
  ];
}

/**
 * The Ollama container is OOMKilled (exit 137): CrashLoopBackOff with the reason in lastState, a BackOff event,
 * the API down; after a while the container runs again (lastState keeps the OOMKilled record, as the kubelet does).
 */
export function crashOllamaPod(kube: KubeSim, ollama: OllamaSim, later: (ms: number, fn: () => void) => void, mayRecover: () => boolean): void {
  void ollama.oomKill();
  const now = new Date();
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const pod of ollamaPods(kube)) {
    const { namespace, name } = pod.metadata;
    const containers = statuses(pod).map((c) =>
      c.name !== "ollama"
        ? c
        : {
            ...c,
            ready: false,
            started: false,
            restartCount: (c.restartCount ?? 0) + 1,
            state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 10s restarting failed container=ollama pod=${name}_${namespace}` } },
            lastState: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: iso(new Date(now.getTime() - 90_000)), finishedAt: iso(now) } },
          },
    );
    // The killed instance's log becomes `previous=true`; open follows end, as the kubelet ends them.
    kube.logs.restart(namespace ?? "", name, "ollama");
    const crashed = kube.patch("Pod", namespace, name, { status: { conditions: readiness(false, iso(now)), containerStatuses: containers } });
    kube.recordEvent(crashed, { type: "Warning", reason: "BackOff", message: `Back-off restarting failed container ollama in pod ${name}_${namespace}`, component: "kubelet", fieldPath: "spec.containers{ollama}" });
    later(RECOVER_AFTER_MS, () => {
      const current = kube.store.get("Pod", namespace, name);
      if (!current) return;
      const started = iso(new Date());
      const running = statuses(current).map((c) => (c.name === "ollama" ? { ...c, ready: true, started: true, state: { running: { startedAt: started } } } : c));
      kube.patch("Pod", namespace, name, { status: { conditions: readiness(true, started), containerStatuses: running } });
      if (mayRecover()) void ollama.start();
    });
  }
}

/**
 * The kubelet's readiness probe of the Ollama container (the scenarios' `readinessProbe: httpGet / on port http`):
 * while Ollama does not answer, a running container is not ready, with an Unhealthy event; when it answers, ready
 * again. The EndpointSlice controller then takes the endpoint out of (or back into) the Service.
 */
export function probeOllamaReadiness(kube: KubeSim, answering: boolean): void {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  for (const pod of ollamaPods(kube)) {
    const { namespace, name } = pod.metadata;
    const containers = statuses(pod);
    const ollama = containers.find((c) => c.name === "ollama");
    const running = !!ollama && typeof ollama.state === "object" && ollama.state !== null && "running" in ollama.state;
    if (!running || ollama.ready === answering) continue;
    const next = containers.map((c) => (c.name === "ollama" ? { ...c, ready: answering } : c));
    const probed = kube.patch("Pod", namespace, name, { status: { conditions: readiness(answering, now), containerStatuses: next } });
    if (!answering) {
      const ip = (pod.status as { podIP?: string } | undefined)?.podIP ?? "";
      kube.recordEvent(probed, {
        type: "Warning",
        reason: "Unhealthy",
        message: `Readiness probe failed: Get "http://${ip}:11434/": dial tcp ${ip}:11434: connect: connection refused`,
        component: "kubelet",
        fieldPath: "spec.containers{ollama}",
      });
    }
  }
}

/** Every node is cordoned and the Ollama pod is evicted: its replacement stays Pending (Unschedulable, FailedScheduling). */
export function makeUnschedulable(kube: KubeSim, ollama: OllamaSim): void {
  void ollama.stop();
  for (const node of kube.store.list("Node")) kube.patch("Node", undefined, node.metadata.name, { spec: { unschedulable: true } });
  for (const pod of ollamaPods(kube)) kube.delete("Pod", pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 });
}
