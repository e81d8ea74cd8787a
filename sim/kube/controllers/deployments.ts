// The deployment controller: one ReplicaSet per distinct pod template (named <deployment>-<pod-template-hash>), numbered
// by the deployment.kubernetes.io/revision annotation, rolled out per the strategy; the ReplicaSet controller
// (replicasets.ts) keeps each one's pods.
import { recordEvent } from "../events.ts";
import { deepEqual, getNumber, getPath, getString, isRecord, timestamp } from "../json.ts";
import { defForKind } from "../resources.ts";
import { matchesLabelSelector } from "../selectors.ts";
import { deleteObject, prepareCreate } from "../strategy.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";
import { podsOf, syncReplicaSet } from "./replicasets.ts";

const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
const REVISION = "deployment.kubernetes.io/revision";
const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
const DESIRED = "deployment.kubernetes.io/desired-replicas";
const MAX = "deployment.kubernetes.io/max-replicas";
const HASH = "pod-template-hash";
/** Deployment annotations the controller does not copy onto its ReplicaSets. */
const NOT_COPIED = new Set(["kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY, DESIRED, MAX, "deprecated.deployment.rollback.to"]);

/**
 * The pod-template-hash: fnv32a of the template, safe-encoded. The real controller hashes Go's deep-printed template
 * struct; this hashes its JSON, so the value differs from a real cluster's but is as stable per template.
 */
export function templateHash(template: unknown): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(JSON.stringify(template ?? {}))) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return [...String(hash)].map((ch) => ALPHANUMS[ch.charCodeAt(0) % ALPHANUMS.length]).join("");
}

type Condition = Record<string, unknown>;

/** SetDeploymentCondition: the same status and reason is no change; a changed one moves to the end. */
function setCondition(conditions: Condition[], type: string, status: string, reason: string, message: string): Condition[] {
  const before = conditions.find((c) => c.type === type);
  if (before && before.status === status && before.reason === reason) return conditions;
  const now = timestamp();
  const lastTransitionTime = before && before.status === status ? before.lastTransitionTime : now;
  return [...conditions.filter((c) => c.type !== type), { type, status, lastUpdateTime: now, lastTransitionTime, reason, message }];
}

/** An int-or-percent of `total`, percentages rounded up or down. */
function scaled(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const match = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
  if (!match) return Number(value) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge and maxUnavailable for `want` replicas (ResolveFenceposts: both zero means one unavailable). */
function fenceposts(deploy: KubeObject, want: number): { surge: number; unavailable: number } {
  if (getString(deploy, "spec.strategy.type") === "Recreate") return { surge: 0, unavailable: 0 };
  const rolling = getPath(deploy, "spec.strategy.rollingUpdate");
  const surge = scaled(getPath(rolling, "maxSurge") ?? "25%", want, true);
  let unavailable = scaled(getPath(rolling, "maxUnavailable") ?? "25%", want, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: want === 0 ? 0 : Math.min(unavailable, want) };
}

function withoutHash(template: unknown): unknown {
  if (!isRecord(template)) return template;
  const copy = structuredClone(template) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH];
    if (!Object.keys(copy.metadata.labels).length) delete copy.metadata.labels;
  }
  return copy;
}

const replicasOf = (rs: KubeObject): number => getNumber(rs, "spec.replicas") ?? 0;
const revisionOf = (rs: KubeObject): number => Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
const statusCount = (rs: KubeObject, key: string): number => getNumber(rs, `status.${key}`) ?? 0;
const byAge = (a: KubeObject, b: KubeObject): number => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") || a.metadata.name.localeCompare(b.metadata.name);

/** The deployment controller. */
export function deploymentController(ctx: ControllerContext): Controller {
  const { store, timers } = ctx;
  const queued = new Set<string>();

  function ownedBy(deploy: KubeObject): KubeObject[] {
    return store
      .list("ReplicaSet", deploy.metadata.namespace)
      .filter((rs) => !rs.metadata.deletionTimestamp && rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === deploy.metadata.uid));
  }

  function copiedAnnotations(deploy: KubeObject): Record<string, string> {
    return Object.fromEntries(Object.entries(deploy.metadata.annotations ?? {}).filter(([k]) => !NOT_COPIED.has(k)));
  }

  function scaleTo(deploy: KubeObject, rs: KubeObject, replicas: number, want: number, surge: number): KubeObject {
    const annotations = { ...rs.metadata.annotations, [DESIRED]: String(want), [MAX]: String(want + surge) };
    const from = replicasOf(rs);
    if (from === replicas && deepEqual(annotations, rs.metadata.annotations)) return rs;
    const updated = store.replace({ ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...(rs.spec as object), replicas } });
    if (from !== replicas) {
      const message = `Scaled ${replicas > from ? "up" : "down"} replica set ${rs.metadata.name} from ${from} to ${replicas}`;
      recordEvent(store, deploy, { type: "Normal", reason: "ScalingReplicaSet", message, component: "deployment-controller" });
    }
    return updated;
  }

  // Terminating pods still run: a Recreate rollout waits until every old pod has ended (oldPodsRunning).
  function oldRunning(old: KubeObject[]): boolean {
    return old.some((rs) => replicasOf(rs) > 0 || statusCount(rs, "replicas") > 0 || podsOf(ctx, rs, true).length > 0);
  }

  function reconcile(namespace: string, name: string): void {
    const deploy = store.get("Deployment", namespace, name);
    if (!deploy || deploy.metadata.deletionTimestamp) return;
    const want = getNumber(deploy, "spec.replicas") ?? 1;
    const { surge, unavailable } = fenceposts(deploy, want);
    const template = getPath(deploy, "spec.template");
    let all = ownedBy(deploy);
    let conditions = (isRecord(deploy.status) && Array.isArray(deploy.status.conditions) ? deploy.status.conditions : []) as Condition[];
    // A paused Deployment rolls nothing out (no new ReplicaSet) and says so in its Progressing condition.
    const paused = getPath(deploy, "spec.paused") === true;
    const progressingReason = getPath(conditions.find((c) => c.type === "Progressing"), "reason");
    if (paused && progressingReason !== "DeploymentPaused") conditions = setCondition(conditions, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused");
    if (!paused && progressingReason === "DeploymentPaused") conditions = setCondition(conditions, "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed");
    const maxOld = Math.max(0, ...all.filter((rs) => !deepEqual(withoutHash(getPath(rs, "spec.template")), withoutHash(template))).map(revisionOf));
    let newRS = all.find((rs) => deepEqual(withoutHash(getPath(rs, "spec.template")), withoutHash(template)));
    const revision = String(maxOld + 1);
    if (newRS) {
      // An old template back: its ReplicaSet takes the next revision and remembers the one it had.
      const annotations = { ...newRS.metadata.annotations, ...copiedAnnotations(deploy) };
      const had = revisionOf(newRS);
      if (had < maxOld + 1) {
        annotations[REVISION] = revision;
        if (newRS.metadata.annotations?.[REVISION]) annotations[REVISION_HISTORY] = [newRS.metadata.annotations[REVISION_HISTORY], String(had)].filter(Boolean).join(",");
      }
      if (!deepEqual(annotations, newRS.metadata.annotations)) newRS = store.replace({ ...newRS, metadata: { ...newRS.metadata, annotations } });
      if (!conditions.some((c) => c.type === "Progressing")) conditions = setCondition(conditions, "Progressing", "True", "FoundNewReplicaSet", `Found new replica set "${newRS.metadata.name}"`);
    } else if (paused) {
      writeStatus(deploy, undefined, all, conditions, want, unavailable, true);
      return;
    } else if (getString(deploy, "spec.strategy.type") === "Recreate" && oldRunning(all)) {
      // Recreate makes the new ReplicaSet only once the old ones' pods have all ended.
      const scaled = all.map((rs) => (replicasOf(rs) ? scaleTo(deploy, rs, 0, want, surge) : rs));
      writeStatus(deploy, undefined, scaled, conditions, want, unavailable);
      return;
    } else {
      // A Deployment loaded with its pods (a scenario) keeps the hash they carry.
      const adopted = all.length ? undefined : store.list("Pod", namespace).find((p) => p.metadata.labels?.[HASH] && matchesLabelSelector(getPath(deploy, "spec.selector"), p.metadata.labels));
      const hash = adopted?.metadata.labels?.[HASH] ?? templateHash(template);
      const rsTemplate = structuredClone(template) as { metadata?: { labels?: Record<string, string> } };
      rsTemplate.metadata = { ...rsTemplate.metadata, labels: { ...rsTemplate.metadata?.labels, [HASH]: hash } };
      const selector = structuredClone(getPath(deploy, "spec.selector") ?? {}) as { matchLabels?: Record<string, string> };
      selector.matchLabels = { ...selector.matchLabels, [HASH]: hash };
      const oldCount = all.reduce((n, rs) => n + replicasOf(rs), 0);
      const start = getString(deploy, "spec.strategy.type") === "Recreate" || !all.some(replicasOf) ? want : Math.max(0, Math.min(want, want + surge - oldCount));
      const minReady = getNumber(deploy, "spec.minReadySeconds");
      const body = {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${name}-${hash}`,
          namespace,
          labels: { ...rsTemplate.metadata.labels },
          annotations: { ...copiedAnnotations(deploy), [DESIRED]: String(want), [MAX]: String(want + surge), [REVISION]: revision },
          ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name, uid: deploy.metadata.uid, controller: true, blockOwnerDeletion: true }],
        },
        spec: { replicas: getString(deploy, "spec.strategy.type") === "Recreate" && all.some(replicasOf) ? 0 : start, ...(minReady ? { minReadySeconds: minReady } : {}), selector, template: rsTemplate },
      };
      try {
        const prepared = prepareCreate(defForKind("ReplicaSet"), body, namespace);
        if (adopted) {
          // Its pods name their ReplicaSet by uid, and the Deployment already numbers it.
          const ref = adopted.metadata.ownerReferences?.find((o) => o.kind === "ReplicaSet");
          if (ref?.uid) prepared.metadata.uid = ref.uid;
          prepared.metadata.annotations = { ...prepared.metadata.annotations, [REVISION]: deploy.metadata.annotations?.[REVISION] ?? revision };
        }
        newRS = store.create(prepared);
      } catch (err) {
        // As the real controller (FailedRSCreateReason): a Warning on the Deployment, and no ReplicaSet this sync.
        const message = `Failed to create new replica set "${body.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
        recordEvent(store, deploy, { type: "Warning", reason: "ReplicaSetCreateError", message, component: "deployment-controller" });
        return;
      }
      if (adopted) {
        // A loaded Deployment's ReplicaSet existed before the load: it counts its pods at once, and nothing is rolled out.
        syncReplicaSet(ctx, namespace, newRS.metadata.name);
        newRS = store.get("ReplicaSet", namespace, newRS.metadata.name) ?? newRS;
      } else conditions = setCondition(conditions, "Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${newRS.metadata.name}"`);
      if (replicasOf(newRS) && !adopted) recordEvent(store, deploy, { type: "Normal", reason: "ScalingReplicaSet", message: `Scaled up replica set ${newRS.metadata.name} from 0 to ${replicasOf(newRS)}`, component: "deployment-controller" });
      all = [...all, newRS];
    }
    const current: KubeObject = newRS;
    let old = all.filter((rs) => rs.metadata.uid !== current.metadata.uid);

    if (!paused) {
      if (getString(deploy, "spec.strategy.type") === "Recreate") {
        old = old.map((rs) => (replicasOf(rs) ? scaleTo(deploy, rs, 0, want, surge) : rs));
        if (!oldRunning(old)) newRS = scaleTo(deploy, newRS, want, want, surge);
      } else if (!old.some(replicasOf)) {
        newRS = scaleTo(deploy, newRS, want, want, surge);
      } else {
        // Scale the new one up within maxSurge, then the old ones down within maxUnavailable.
        const total = all.reduce((n, rs) => n + replicasOf(rs), 0);
        if (total < want + surge) newRS = scaleTo(deploy, newRS, replicasOf(newRS) + Math.min(want + surge - total, want - replicasOf(newRS)), want, surge);
        const allCount = replicasOf(newRS) + old.reduce((n, rs) => n + replicasOf(rs), 0);
        const minAvailable = want - unavailable;
        const newUnavailable = replicasOf(newRS) - statusCount(newRS, "availableReplicas");
        let budget = allCount - minAvailable - newUnavailable;
        if (budget > 0) {
          old.sort(byAge);
          let cleaned = 0;
          old = old.map((rs) => {
            const unhealthy = replicasOf(rs) - statusCount(rs, "availableReplicas");
            if (cleaned >= budget || !replicasOf(rs) || unhealthy <= 0) return rs;
            const down = Math.min(budget - cleaned, unhealthy);
            cleaned += down;
            return scaleTo(deploy, rs, replicasOf(rs) - down, want, surge);
          });
          const available = statusCount(newRS, "availableReplicas") + old.reduce((n, rs) => n + statusCount(rs, "availableReplicas"), 0);
          budget = available - minAvailable;
          let done = 0;
          old = old.map((rs) => {
            if (done >= budget || !replicasOf(rs)) return rs;
            const down = Math.min(replicasOf(rs), budget - done);
            done += down;
            return scaleTo(deploy, rs, replicasOf(rs) - down, want, surge);
          });
        }
      }
    }

    // Old ReplicaSets past revisionHistoryLimit go, oldest revision first, once they have no pods.
    const limit = getNumber(deploy, "spec.revisionHistoryLimit") ?? 10;
    const idle = old.filter((rs) => !replicasOf(rs) && !statusCount(rs, "replicas")).sort((a, b) => revisionOf(a) - revisionOf(b) || byAge(a, b));
    for (const rs of idle.slice(0, Math.max(0, old.length - limit))) {
      deleteObject(store, defForKind("ReplicaSet"), namespace, rs.metadata.name);
      old = old.filter((o) => o !== rs);
    }

    writeStatus(deploy, newRS, old, conditions, want, unavailable, paused);
  }

  function writeStatus(deploy: KubeObject, newRS: KubeObject | undefined, old: KubeObject[], before: Condition[], want: number, unavailable: number, paused = false): void {
    let conditions = before;
    const all = newRS ? [newRS, ...old] : old;
    const sum = (key: string): number => all.reduce((n, rs) => n + statusCount(rs, key), 0);
    const replicas = sum("replicas");
    const updated = newRS ? statusCount(newRS, "replicas") : 0;
    const available = sum("availableReplicas");
    const counters = { replicas, updatedReplicas: updated, readyReplicas: sum("readyReplicas"), availableReplicas: available, unavailableReplicas: Math.max(0, want - available) };
    const status: Record<string, unknown> = { observedGeneration: deploy.metadata.generation };
    // int32 counters are omitempty: zero is absent on the wire.
    for (const [key, value] of Object.entries(counters)) if (value !== 0) status[key] = value;
    conditions =
      available >= want - unavailable
        ? setCondition(conditions, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
        : setCondition(conditions, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
    const complete = !paused && newRS && updated === want && replicas === want && available === want && !old.some((rs) => statusCount(rs, "replicas"));
    if (complete) conditions = setCondition(conditions, "Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`);
    else if (!paused && progressing(isRecord(deploy.status) ? deploy.status : {}, counters)) {
      const message = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${deploy.metadata.name}" is progressing.`;
      conditions = setCondition(conditions, "Progressing", "True", "ReplicaSetUpdated", message);
    }
    status.conditions = conditions;
    const oldStatus = isRecord(deploy.status) ? deploy.status : {};
    const newRevision = newRS?.metadata.annotations?.[REVISION];
    const annotations = !newRevision || deploy.metadata.annotations?.[REVISION] === newRevision ? deploy.metadata.annotations : { ...deploy.metadata.annotations, [REVISION]: newRevision };
    if (!deepEqual(status, oldStatus) || annotations !== deploy.metadata.annotations) store.replace({ ...deploy, metadata: { ...deploy.metadata, annotations }, status });
  }

  function enqueue(namespace: string | undefined, name: string): void {
    const key = `${namespace ?? ""}/${name}`;
    if (queued.has(key)) return;
    queued.add(key);
    timers.after(0, () => {
      queued.delete(key);
      reconcile(namespace ?? "", name);
    });
  }

  function enqueueRS(namespace: string | undefined, name: string): void {
    const key = `rs:${namespace ?? ""}/${name}`;
    if (queued.has(key)) return;
    queued.add(key);
    timers.after(0, () => {
      queued.delete(key);
      syncReplicaSet(ctx, namespace ?? "", name);
    });
  }

  // The garbage collector: a deleted Deployment's ReplicaSets go, and a deleted ReplicaSet's pods.
  function deleted(obj: KubeObject, kind: "ReplicaSet" | "Pod"): void {
    for (const child of store.list(kind, obj.metadata.namespace)) {
      if (child.metadata.ownerReferences?.some((o) => o.uid === obj.metadata.uid) && !child.metadata.deletionTimestamp) {
        deleteObject(store, defForKind(kind), child.metadata.namespace, child.metadata.name);
      }
    }
  }

  function ownerDeployment(rs: KubeObject | undefined): string | undefined {
    return rs?.metadata.ownerReferences?.find((o) => o.controller && o.kind === "Deployment")?.name;
  }

  return {
    onEvent(event: StoreEvent) {
      const obj = event.object;
      const ns = obj.metadata.namespace;
      if (event.def.kind === "Deployment") {
        if (event.type === "DELETED") deleted(obj, "ReplicaSet");
        else enqueue(ns, obj.metadata.name);
      }
      if (event.def.kind === "ReplicaSet") {
        if (event.type === "DELETED") deleted(obj, "Pod");
        else enqueueRS(ns, obj.metadata.name);
        const owner = ownerDeployment(obj);
        if (owner) enqueue(ns, owner);
      }
      if (event.def.kind !== "Pod") return;
      // Its owner, or (an orphan, such as a scenario's Pod without ownerReferences) every ReplicaSet that selects it.
      for (const ref of [...(obj.metadata.ownerReferences ?? []), ...(event.old?.metadata.ownerReferences ?? [])]) {
        if (ref.kind === "ReplicaSet") enqueueRS(ns, ref.name);
      }
      for (const rs of store.list("ReplicaSet", ns)) {
        const selector = getPath(rs, "spec.selector");
        if (!matchesLabelSelector(selector, obj.metadata.labels) && !matchesLabelSelector(selector, event.old?.metadata.labels)) continue;
        enqueueRS(ns, rs.metadata.name);
        // A Recreate rollout waits for the old pods to be gone (the deployment controller watches pod deletions).
        const owner = ownerDeployment(rs);
        if (event.type === "DELETED" && owner) enqueue(ns, owner);
      }
    },
    onReset() {
      queued.clear();
      for (const deploy of store.list("Deployment")) enqueue(deploy.metadata.namespace, deploy.metadata.name);
      for (const rs of store.list("ReplicaSet")) enqueueRS(rs.metadata.namespace, rs.metadata.name);
    },
  };
}

/** DeploymentProgressing: more updated, ready or available pods than last time, or fewer old ones. */
function progressing(before: Record<string, unknown>, now: { replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number }): boolean {
  const was = (key: string): number => (typeof before[key] === "number" ? before[key] : 0);
  return (
    now.updatedReplicas > was("updatedReplicas") ||
    now.readyReplicas > was("readyReplicas") ||
    now.availableReplicas > was("availableReplicas") ||
    was("replicas") - was("updatedReplicas") > now.replicas - now.updatedReplicas
  );
}
