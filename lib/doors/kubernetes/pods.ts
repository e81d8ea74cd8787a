// V1Pod (typed from a list or raw from a watch) → PodSummary: phase, conditions, container states, claimed volumes.
import "server-only";
import type { V1ContainerState, V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import { iso } from "../../shared/kubernetes/wire";

export interface Termination {
  reason: string;
  exitCode: number;
  signal: number | undefined;
  message: string | undefined;
  startedAt: string | undefined;
  finishedAt: string | undefined;
}

export interface ContainerSummary {
  name: string;
  init: boolean;
  image: string;
  ready: boolean;
  restartCount: number;
  state: "waiting" | "running" | "terminated" | "unknown";
  waiting: { reason: string; message: string | undefined } | undefined;
  runningSince: string | undefined;
  terminated: Termination | undefined;
  /** The previous run's end (lastState.terminated): where OOMKilled shows while waiting in CrashLoopBackOff. */
  lastTerminated: Termination | undefined;
}

export interface PodCondition {
  type: string;
  status: string;
  reason: string | undefined;
  message: string | undefined;
  lastTransitionTime: string | undefined;
}

export interface PodSummary {
  name: string;
  namespace: string;
  uid: string;
  phase: string;
  reason: string | undefined;
  message: string | undefined;
  nodeName: string | undefined;
  createdAt: string | undefined;
  deleting: boolean;
  conditions: PodCondition[];
  containers: ContainerSummary[];
  /** PVC-backed volumes: pod volume name → claim name. */
  claims: { volume: string; claimName: string }[];
}

function termination(t: V1ContainerState["terminated"]): Termination | undefined {
  if (!t) return undefined;
  return {
    reason: t.reason ?? (t.exitCode === 0 ? "Completed" : "Error"),
    exitCode: t.exitCode,
    signal: t.signal,
    message: t.message,
    startedAt: iso(t.startedAt),
    finishedAt: iso(t.finishedAt),
  };
}

function container(status: V1ContainerStatus | undefined, name: string, image: string, init: boolean): ContainerSummary {
  const s = status?.state;
  const state = s?.waiting ? "waiting" : s?.running ? "running" : s?.terminated ? "terminated" : "unknown";
  return {
    name,
    init,
    image: status?.image ?? image,
    ready: status?.ready ?? false,
    restartCount: status?.restartCount ?? 0,
    state,
    waiting: s?.waiting ? { reason: s.waiting.reason ?? "Waiting", message: s.waiting.message } : undefined,
    runningSince: iso(s?.running?.startedAt),
    terminated: termination(s?.terminated),
    lastTerminated: termination(status?.lastState?.terminated),
  };
}

/** Reshapes a pod; containers without a status yet (Pending, unscheduled) appear in state "unknown". */
export function summarizePod(pod: V1Pod): PodSummary {
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((c) => [c.name, c]));
  const initStatuses = new Map((pod.status?.initContainerStatuses ?? []).map((c) => [c.name, c]));
  return {
    name: pod.metadata?.name ?? "",
    namespace: pod.metadata?.namespace ?? "",
    uid: pod.metadata?.uid ?? pod.metadata?.name ?? "",
    phase: pod.status?.phase ?? "Unknown",
    reason: pod.status?.reason,
    message: pod.status?.message,
    nodeName: pod.spec?.nodeName,
    createdAt: iso(pod.metadata?.creationTimestamp),
    deleting: pod.metadata?.deletionTimestamp != null,
    conditions: (pod.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: iso(c.lastTransitionTime),
    })),
    containers: [
      ...(pod.spec?.initContainers ?? []).map((c) => container(initStatuses.get(c.name), c.name, c.image ?? "", true)),
      ...(pod.spec?.containers ?? []).map((c) => container(statuses.get(c.name), c.name, c.image ?? "", false)),
    ],
    claims: (pod.spec?.volumes ?? []).flatMap((v) =>
      v.persistentVolumeClaim ? [{ volume: v.name, claimName: v.persistentVolumeClaim.claimName }] : [],
    ),
  };
}
