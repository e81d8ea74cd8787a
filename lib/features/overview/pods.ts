// A pod summary → the row an operator reads: status word, why, ready n/m, restarts, last termination, image tag.
import "server-only";
import type { ContainerSummary, PodSummary } from "../../doors/kubernetes/pods";
import type { Level, PodRow } from "../../shared/overview/types";

const BAD_WAITING = new Set(["CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "CreateContainerError", "InvalidImageName", "RunContainerError"]);

/** "ollama/ollama:0.12.6" → "0.12.6"; no tag → "latest"; a digest → "@sha256:1234abcd". */
export function imageTag(image: string): string {
  const at = image.indexOf("@");
  if (at >= 0) return `@${image.slice(at + 1, at + 16)}`;
  const lastSlash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  return colon > lastSlash ? image.slice(colon + 1) : "latest";
}

function current(containers: ContainerSummary[]): { status: string; message: string | undefined; level: Level } | undefined {
  const waiting = containers.find((c) => c.waiting && c.waiting.reason !== "ContainerCreating" && c.waiting.reason !== "PodInitializing");
  if (waiting?.waiting) {
    return { status: waiting.waiting.reason, message: waiting.waiting.message, level: BAD_WAITING.has(waiting.waiting.reason) ? "bad" : "warn" };
  }
  const creating = containers.find((c) => c.waiting);
  if (creating?.waiting) return { status: creating.waiting.reason, message: creating.waiting.message, level: "warn" };
  const terminated = containers.find((c) => c.terminated && !(c.init && c.terminated.exitCode === 0));
  if (terminated?.terminated) {
    return { status: terminated.terminated.reason, message: terminated.terminated.message, level: terminated.terminated.exitCode === 0 ? "warn" : "bad" };
  }
  return undefined;
}

/** Status word, level and reason: Terminating, Unschedulable (with the scheduler's message), a container's waiting/terminated reason, else the phase. */
export function podStatus(pod: PodSummary): { status: string; level: Level; message: string | undefined } {
  if (pod.deleting) return { status: "Terminating", level: "warn", message: undefined };
  const scheduled = pod.conditions.find((c) => c.type === "PodScheduled");
  if (scheduled?.status === "False") {
    return { status: scheduled.reason ?? "Unschedulable", level: "bad", message: scheduled.message ?? pod.message };
  }
  if (pod.phase === "Failed") return { status: pod.reason ?? "Failed", level: "bad", message: pod.message };
  const byContainer = current(pod.containers);
  if (byContainer) return byContainer;
  const main = pod.containers.filter((c) => !c.init);
  if (pod.phase === "Running" && main.every((c) => c.ready)) return { status: "Running", level: "ok", message: undefined };
  if (pod.phase === "Running") return { status: "Running", level: "warn", message: "not ready: readiness probe failing or still starting" };
  if (pod.phase === "Succeeded") return { status: "Completed", level: "warn", message: pod.message };
  return { status: pod.phase, level: "warn", message: pod.message };
}

/** The most recent previous-run termination among the main containers (OOMKilled survives here while CrashLoopBackOff waits). */
export function lastTermination(pod: PodSummary): PodRow["lastTermination"] {
  const ends = pod.containers
    .filter((c) => !c.init && c.lastTerminated)
    .map((c) => ({ container: c.name, ...c.lastTerminated! }))
    .sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? ""));
  const last = ends[0];
  return last && { container: last.container, reason: last.reason, exitCode: last.exitCode, finishedAt: last.finishedAt };
}

/** The Pods table row for one pod. */
export function podRow(pod: PodSummary): PodRow {
  const main = pod.containers.filter((c) => !c.init);
  const image = main[0]?.image ?? "";
  return {
    name: pod.name,
    phase: pod.phase,
    ...podStatus(pod),
    ready: main.filter((c) => c.ready).length,
    containers: main.length,
    restarts: main.reduce((n, c) => n + c.restartCount, 0),
    lastTermination: lastTermination(pod),
    node: pod.nodeName,
    createdAt: pod.createdAt,
    image,
    imageTag: imageTag(image),
  };
}

/** Rows sorted so that trouble comes first, then newest pods. */
export function podRows(pods: PodSummary[]): PodRow[] {
  const rank: Record<Level, number> = { bad: 0, warn: 1, ok: 2 };
  return pods.map(podRow).sort((a, b) => rank[a.level] - rank[b.level] || (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
}
