// A Deployment's status as the deployment controller writes it (calculateStatus, syncRolloutStatus): counters summed
// from its ReplicaSets, the Available condition, and during a rollout the Progressing condition (progress, completion,
// and the progressDeadlineSeconds timeout).
import { getNumber, getPath, isRecord, timestamp } from "../json.ts";
import type { KubeObject } from "../types.ts";

export type Condition = Record<string, unknown>;

interface Counters {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
}

/** progressDeadlineSeconds at MaxInt32 is no deadline (HasProgressDeadline); the API defaults it to 600. */
const NO_DEADLINE = 2147483647;
const TIMED_OUT = "ProgressDeadlineExceeded";
const COMPLETE = "NewReplicaSetAvailable";

/** The progress deadline in seconds, or undefined when the Deployment has none. */
export function progressDeadline(deploy: KubeObject): number | undefined {
  const seconds = getNumber(deploy, "spec.progressDeadlineSeconds");
  return seconds === undefined || seconds === NO_DEADLINE ? undefined : seconds;
}

const conditionsOf = (status: unknown): Condition[] => (isRecord(status) && Array.isArray(status.conditions) ? (status.conditions as Condition[]) : []);
const find = (conditions: Condition[], type: string) => conditions.find((c) => c.type === type);

/** SetDeploymentCondition: the same status and reason is no change; a changed one moves to the end. */
export function setCondition(conditions: Condition[], type: string, status: string, reason: string, message: string): Condition[] {
  const before = find(conditions, type);
  if (before && before.status === status && before.reason === reason) return conditions;
  const now = timestamp();
  const lastTransitionTime = before && before.status === status ? before.lastTransitionTime : now;
  return [...conditions.filter((c) => c.type !== type), { type, status, lastUpdateTime: now, lastTransitionTime, reason, message }];
}

const statusCount = (rs: KubeObject, key: string): number => getNumber(rs, `status.${key}`) ?? 0;

/** DeploymentComplete: every wanted replica updated and available, no old one left. */
const complete = (now: Counters, want: number): boolean => now.updatedReplicas === want && now.replicas === want && now.availableReplicas === want;

/** DeploymentProgressing: more updated, ready or available pods than the stored status had, or fewer old ones. */
function progressed(before: unknown, now: Counters): boolean {
  const was = (key: string): number => getNumber(before, key) ?? 0;
  return (
    now.updatedReplicas > was("updatedReplicas") ||
    now.readyReplicas > was("readyReplicas") ||
    now.availableReplicas > was("availableReplicas") ||
    was("replicas") - was("updatedReplicas") > now.replicas - now.updatedReplicas
  );
}

/** DeploymentTimedOut: no progress reported (nor a ReplicaSet made, nor a resume) for the deadline. */
function timedOut(progressing: Condition | undefined, deadline: number): boolean {
  if (!progressing || progressing.reason === COMPLETE) return false;
  return progressing.reason === TIMED_OUT || Date.parse(String(progressing.lastUpdateTime)) + deadline * 1000 < Date.now();
}

/** syncRolloutStatus's Progressing condition; a finished rollout (one ReplicaSet, NewReplicaSetAvailable) is left alone. */
function rolloutProgress(deploy: KubeObject, newRS: KubeObject | undefined, conditions: Condition[], now: Counters, want: number): Condition[] {
  const deadline = progressDeadline(deploy);
  if (deadline === undefined) return conditions.filter((c) => c.type !== "Progressing");
  const current = find(conditions, "Progressing");
  if (now.replicas === now.updatedReplicas && current?.reason === COMPLETE) return conditions;
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${deploy.metadata.name}"`;
  if (complete(now, want)) return setCondition(conditions, "Progressing", "True", COMPLETE, `${subject} has successfully progressed.`);
  if (progressed(deploy.status, now)) {
    // Progress renews lastUpdateTime even with the same reason (the deadline counts from it); it moves last.
    const stamp = timestamp();
    const lastTransitionTime = current?.status === "True" ? current.lastTransitionTime : stamp;
    const renewed = { type: "Progressing", status: "True", lastUpdateTime: stamp, lastTransitionTime, reason: "ReplicaSetUpdated", message: `${subject} is progressing.` };
    return [...conditions.filter((c) => c.type !== "Progressing"), renewed];
  }
  if (timedOut(current, deadline)) return setCondition(conditions, "Progressing", "False", TIMED_OUT, `${subject} has timed out progressing.`);
  return conditions;
}

/**
 * syncRolloutStatus's ReplicaFailure: the new ReplicaSet's (else an old one's) copied with both times its
 * lastTransitionTime (ReplicaSetToDeploymentCondition, then SetDeploymentCondition), removed when no ReplicaSet has one.
 */
function replicaFailure(conditions: Condition[], newRS: KubeObject | undefined, all: KubeObject[]): Condition[] {
  const failing = [newRS, ...all].map((rs) => find(conditionsOf(rs?.status), "ReplicaFailure")).find(Boolean);
  if (!failing) return conditions.filter((c) => c.type !== "ReplicaFailure");
  const current = find(conditions, "ReplicaFailure");
  if (current && current.status === failing.status && current.reason === failing.reason) return conditions;
  const lastTransitionTime = current && current.status === failing.status ? current.lastTransitionTime : failing.lastTransitionTime;
  const copied = { type: "ReplicaFailure", status: failing.status, lastUpdateTime: failing.lastTransitionTime, lastTransitionTime, reason: failing.reason, message: failing.message };
  return [...conditions.filter((c) => c.type !== "ReplicaFailure"), copied];
}

/**
 * The status the controller writes: counters from the ReplicaSets (`all`, the new one among them), the Available
 * condition, and with `rollout` (a rollout's sync, not a scale or a paused Deployment's) the Progressing condition.
 */
export function deploymentStatus(deploy: KubeObject, newRS: KubeObject | undefined, all: KubeObject[], before: Condition[], fence: { want: number; unavailable: number }, rollout: boolean): Record<string, unknown> {
  const sum = (key: string): number => all.reduce((n, rs) => n + statusCount(rs, key), 0);
  const available = sum("availableReplicas");
  const wanted = all.reduce((n, rs) => n + (getNumber(rs, "spec.replicas") ?? 0), 0);
  const counters: Counters = {
    replicas: sum("replicas"),
    updatedReplicas: newRS ? statusCount(newRS, "replicas") : 0,
    readyReplicas: sum("readyReplicas"),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, wanted - available),
  };
  let conditions =
    available >= fence.want - fence.unavailable
      ? setCondition(before, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
      : setCondition(before, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
  if (rollout) conditions = replicaFailure(rolloutProgress(deploy, newRS, conditions, counters, fence.want), newRS, all);
  const status: Record<string, unknown> = { observedGeneration: deploy.metadata.generation };
  // int32 counters are omitempty: zero is absent on the wire.
  for (const [key, value] of Object.entries(counters)) if (value !== 0) status[key] = value;
  const collisions = getPath(deploy, "status.collisionCount");
  if (collisions !== undefined) status.collisionCount = collisions;
  if (conditions.length) status.conditions = conditions;
  return status;
}

/**
 * requeueStuckDeployment: when (ms) to look again at a rollout that has made no progress, so that it times out at its
 * deadline without any other event; undefined when there is nothing to wait for.
 */
export function recheckAfter(deploy: KubeObject, status: Record<string, unknown>, want: number): number | undefined {
  const deadline = progressDeadline(deploy);
  const current = find(conditionsOf(deploy.status), "Progressing");
  if (deadline === undefined || !current || current.reason === TIMED_OUT) return undefined;
  const count = (key: string): number => getNumber(status, key) ?? 0;
  if (count("updatedReplicas") === want && count("replicas") === want && count("availableReplicas") === want) return undefined;
  const after = Date.parse(String(current.lastUpdateTime)) + deadline * 1000 - Date.now();
  if (Number.isNaN(after)) return undefined;
  // As the real controller: a second more than the deadline (its time has whole seconds), or soon when nearly there.
  return after < 1000 ? Math.max(0, after) + 5 : after + 1000;
}
