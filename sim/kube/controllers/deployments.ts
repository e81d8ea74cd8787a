// The deployment controller: one ReplicaSet per distinct pod template (named <deployment>-<pod-template-hash>), numbered
// by the deployment.kubernetes.io/revision annotation, rolled out per the strategy; the ReplicaSet controller
// (replicasets.ts) keeps each one's pods.
import { recordEvent } from "../events.ts";
import { CONTROLLER_MANAGER, CONTROLLER_MANAGER_STATUS, writtenBy } from "../managed-fields.ts";
import { deepEqual, getNumber, getPath, getString, isRecord } from "../json.ts";
import { defForKind } from "../resources.ts";
import { matchesLabelSelector } from "../selectors.ts";
import { deleteObject, prepareCreate } from "../strategy.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";
import { deploymentStatus, progressDeadline, recheckAfter, setCondition, type Condition } from "./deployment-status.ts";
import { proportionalSizes } from "./deployment-scale.ts";
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
    const updated = store.replace(writtenBy(CONTROLLER_MANAGER, rs, { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...(rs.spec as object), replicas } }));
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

  /** isScalingEvent: a ReplicaSet with pods was sized for another replica count than the Deployment's. */
  function scalingEvent(sets: KubeObject[], want: number): boolean {
    return sets.some((rs) => replicasOf(rs) > 0 && rs.metadata.annotations?.[DESIRED] !== undefined && Number(rs.metadata.annotations[DESIRED]) !== want);
  }

  /** scale (a scaling event or a paused Deployment): one ReplicaSet with pods takes the count, several share it. */
  function scale(deploy: KubeObject, newRS: KubeObject | undefined, old: KubeObject[], want: number, surge: number): KubeObject[] {
    const all = newRS ? [newRS, ...old] : old;
    const active = all.filter((rs) => replicasOf(rs) > 0);
    const latest = active.length === 1 ? active[0] : active.length === 0 ? (newRS ?? [...old].sort(byAge).at(-1)) : undefined;
    const sized = (sizes: Map<KubeObject, number>) => all.map((rs) => (sizes.has(rs) ? scaleTo(deploy, rs, sizes.get(rs) ?? 0, want, surge) : rs));
    if (latest) return replicasOf(latest) === want ? all : sized(new Map([[latest, want]]));
    // A new ReplicaSet with every pod available at the new count: the old ones go (IsSaturated).
    if (newRS && replicasOf(newRS) === want && newRS.metadata.annotations?.[DESIRED] === String(want) && statusCount(newRS, "availableReplicas") === want) {
      return sized(new Map(active.filter((rs) => rs !== newRS).map((rs) => [rs, 0])));
    }
    if (getString(deploy, "spec.strategy.type") === "Recreate") return all;
    return sized(proportionalSizes(active, want, surge, getNumber(deploy, "status.replicas") ?? 0));
  }

  function reconcile(namespace: string, name: string): void {
    let deploy = store.get("Deployment", namespace, name);
    if (!deploy || deploy.metadata.deletionTimestamp) return;
    const want = getNumber(deploy, "spec.replicas") ?? 1;
    const { surge, unavailable } = fenceposts(deploy, want);
    const template = getPath(deploy, "spec.template");
    let all = ownedBy(deploy);
    let conditions = (isRecord(deploy.status) && Array.isArray(deploy.status.conditions) ? deploy.status.conditions : []) as Condition[];
    const deadline = progressDeadline(deploy) !== undefined;
    // A paused Deployment rolls nothing out (no new ReplicaSet) and says so in its Progressing condition, unless timed out.
    const paused = getPath(deploy, "spec.paused") === true;
    const progressingReason = getPath(conditions.find((c) => c.type === "Progressing"), "reason");
    if (deadline && progressingReason !== "ProgressDeadlineExceeded") {
      const flag = paused && progressingReason !== "DeploymentPaused" ? ["DeploymentPaused", "Deployment is paused"] : !paused && progressingReason === "DeploymentPaused" ? ["DeploymentResumed", "Deployment is resumed"] : undefined;
      if (flag) {
        conditions = setCondition(conditions, "Progressing", "Unknown", flag[0]!, flag[1]!);
        // checkPausedConditions writes the condition on its own, before the rest of the sync (whose status write then
        // conflicts and is made again by the next sync): watchers see it alone first, even on a new Deployment.
        const status = { ...(isRecord(deploy.status) ? deploy.status : {}), conditions };
        deploy = store.replace(writtenBy(CONTROLLER_MANAGER_STATUS, deploy, { ...deploy, status }));
      }
    }
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
      // The Deployment's minReadySeconds follows onto its current ReplicaSet.
      const minReady = getNumber(deploy, "spec.minReadySeconds") ?? 0;
      const { minReadySeconds: _m, ...rest } = newRS.spec as Record<string, unknown>;
      const spec = minReady ? { ...rest, minReadySeconds: minReady } : rest;
      const found = deepEqual(annotations, newRS.metadata.annotations) && deepEqual(spec, newRS.spec) ? newRS : store.replace(writtenBy(CONTROLLER_MANAGER, newRS, { ...newRS, metadata: { ...newRS.metadata, annotations }, spec }));
      if (deadline && !conditions.some((c) => c.type === "Progressing")) conditions = setCondition(conditions, "Progressing", "True", "FoundNewReplicaSet", `Found new replica set "${found.metadata.name}"`);
      all = all.map((rs) => (rs.metadata.uid === found.metadata.uid ? found : rs));
      newRS = found;
    }
    const current = newRS;
    let old = all.filter((rs) => rs.metadata.uid !== current?.metadata.uid);

    // A paused Deployment, or one scaled, only sizes its ReplicaSets (in proportion) and counts: no rollout step.
    if (paused || scalingEvent(all, want)) {
      const scaled = scale(deploy, newRS, old, want, surge);
      newRS = scaled.find((rs) => rs.metadata.uid === current?.metadata.uid);
      old = scaled.filter((rs) => rs.metadata.uid !== current?.metadata.uid);
      if (paused) old = cleanup(deploy, old);
      writeStatus(deploy, newRS, old, conditions, want, unavailable, false);
      return;
    }

    if (!newRS && getString(deploy, "spec.strategy.type") === "Recreate" && oldRunning(all)) {
      // Recreate makes the new ReplicaSet only once the old ones' pods have all ended.
      const scaled = all.map((rs) => (replicasOf(rs) ? scaleTo(deploy, rs, 0, want, surge) : rs));
      writeStatus(deploy, undefined, scaled, conditions, want, unavailable, true);
      return;
    }
    if (!newRS) {
      const made = createReplicaSet(deploy, all, want, surge, revision);
      if (!made) return;
      newRS = made.rs;
      if (made.created && deadline) conditions = setCondition(conditions, "Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${newRS.metadata.name}"`);
      // A loaded Deployment's ReplicaSet is found, as the real controller finds one that already exists.
      else if (deadline && !conditions.some((c) => c.type === "Progressing")) conditions = setCondition(conditions, "Progressing", "True", "FoundNewReplicaSet", `Found new replica set "${newRS.metadata.name}"`);
      all = [...all, newRS];
    }
    const created: KubeObject = newRS;
    old = all.filter((rs) => rs.metadata.uid !== created.metadata.uid);

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
    writeStatus(deploy, newRS, cleanup(deploy, old), conditions, want, unavailable, true);
  }

  /** The new ReplicaSet of the Deployment's template (`created` false: one a scenario loaded with its pods, adopted). */
  function createReplicaSet(deploy: KubeObject, all: KubeObject[], want: number, surge: number, revision: string): { rs: KubeObject; created: boolean } | undefined {
    const { namespace = "", name } = deploy.metadata;
    const template = getPath(deploy, "spec.template");
    // A Deployment loaded with its pods (a scenario) keeps the hash they carry.
    const adopted = all.length ? [] : store.list("Pod", namespace).filter((p) => p.metadata.labels?.[HASH] && matchesLabelSelector(getPath(deploy, "spec.selector"), p.metadata.labels));
    const hash = adopted[0]?.metadata.labels?.[HASH] ?? templateHash(template);
    const pods = adopted.filter((p) => p.metadata.labels?.[HASH] === hash);
    const rsTemplate = structuredClone(template) as { metadata?: { labels?: Record<string, string> } };
    rsTemplate.metadata = { ...rsTemplate.metadata, labels: { ...rsTemplate.metadata?.labels, [HASH]: hash } };
    const selector = structuredClone(getPath(deploy, "spec.selector") ?? {}) as { matchLabels?: Record<string, string> };
    selector.matchLabels = { ...selector.matchLabels, [HASH]: hash };
    const recreate = getString(deploy, "spec.strategy.type") === "Recreate";
    const oldCount = all.reduce((n, rs) => n + replicasOf(rs), 0);
    const start = recreate || !all.some(replicasOf) ? want : Math.max(0, Math.min(want, want + surge - oldCount));
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
      spec: { replicas: recreate && all.some(replicasOf) ? 0 : start, ...(minReady ? { minReadySeconds: minReady } : {}), selector, template: rsTemplate },
    };
    let rs: KubeObject;
    try {
      const prepared = prepareCreate(defForKind("ReplicaSet"), body, namespace, CONTROLLER_MANAGER);
      if (pods.length) {
        // Its pods name their ReplicaSet by uid, and the Deployment already numbers it; it was made before its first
        // pod (and not before the Deployment), not at the load.
        const ref = pods.map((p) => p.metadata.ownerReferences?.find((o) => o.kind === "ReplicaSet")).find((o) => o?.uid);
        if (ref?.uid) prepared.metadata.uid = ref.uid;
        prepared.metadata.annotations = { ...prepared.metadata.annotations, [REVISION]: deploy.metadata.annotations?.[REVISION] ?? revision };
        const first = pods.map((p) => p.metadata.creationTimestamp ?? "").filter(Boolean).sort()[0];
        const since = deploy.metadata.creationTimestamp ?? "";
        if (first) prepared.metadata.creationTimestamp = first < since ? since : first;
      }
      rs = store.create(prepared);
    } catch (err) {
      // As the real controller (FailedRSCreateReason): a Warning on the Deployment, and no ReplicaSet this sync.
      const message = `Failed to create new replica set "${body.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
      recordEvent(store, deploy, { type: "Warning", reason: "ReplicaSetCreateError", message, component: "deployment-controller" });
      return undefined;
    }
    if (pods.length) {
      // A loaded Deployment's ReplicaSet existed before the load: it counts its pods at once, and nothing is rolled out.
      syncReplicaSet(ctx, namespace, rs.metadata.name);
      return { rs: store.get("ReplicaSet", namespace, rs.metadata.name) ?? rs, created: false };
    }
    if (replicasOf(rs)) recordEvent(store, deploy, { type: "Normal", reason: "ScalingReplicaSet", message: `Scaled up replica set ${rs.metadata.name} from 0 to ${replicasOf(rs)}`, component: "deployment-controller" });
    return { rs, created: true };
  }

  /** Old ReplicaSets past revisionHistoryLimit go, oldest revision first, once they have no pods; returns those kept. */
  function cleanup(deploy: KubeObject, old: KubeObject[]): KubeObject[] {
    const limit = getNumber(deploy, "spec.revisionHistoryLimit") ?? 10;
    const idle = old.filter((rs) => !replicasOf(rs) && !statusCount(rs, "replicas")).sort((a, b) => revisionOf(a) - revisionOf(b) || byAge(a, b));
    const gone = new Set(idle.slice(0, Math.max(0, old.length - limit)));
    for (const rs of gone) deleteObject(store, defForKind("ReplicaSet"), rs.metadata.namespace, rs.metadata.name);
    return old.filter((rs) => !gone.has(rs));
  }

  function writeStatus(deploy: KubeObject, newRS: KubeObject | undefined, old: KubeObject[], conditions: Condition[], want: number, unavailable: number, rollout: boolean): void {
    const status = deploymentStatus(deploy, newRS, newRS ? [newRS, ...old] : old, conditions, { want, unavailable }, rollout);
    const oldStatus = isRecord(deploy.status) ? deploy.status : {};
    const newRevision = newRS?.metadata.annotations?.[REVISION];
    const annotations = !newRevision || deploy.metadata.annotations?.[REVISION] === newRevision ? deploy.metadata.annotations : { ...deploy.metadata.annotations, [REVISION]: newRevision };
    if (!deepEqual(status, oldStatus) || annotations !== deploy.metadata.annotations) {
      store.replace(writtenBy(CONTROLLER_MANAGER_STATUS, deploy, { ...deploy, metadata: { ...deploy.metadata, annotations }, status }));
      return;
    }
    // Nothing new: a rollout without progress is looked at again at its deadline (requeueStuckDeployment).
    const after = rollout ? recheckAfter(deploy, status, want) : undefined;
    if (after !== undefined) later(`deadline:${deploy.metadata.namespace ?? ""}/${deploy.metadata.name}`, after, () => reconcile(deploy.metadata.namespace ?? "", deploy.metadata.name));
  }

  /** Refused pod creates in a row, per ReplicaSet (namespace/name): the exponent of its retry backoff. */
  const createFailures = new Map<string, number>();

  /** Runs `fn` after `ms` once per key (a later request while one is pending is dropped: it would come no earlier). */
  function later(key: string, ms: number, fn: () => void): void {
    if (queued.has(key)) return;
    queued.add(key);
    timers.after(ms, () => {
      queued.delete(key);
      fn();
    });
  }

  function enqueue(namespace: string | undefined, name: string): void {
    later(`${namespace ?? ""}/${name}`, 0, () => reconcile(namespace ?? "", name));
  }

  function enqueueRS(namespace: string | undefined, name: string): void {
    const key = `${namespace ?? ""}/${name}`;
    later(`rs:${key}`, 0, () => {
      const { availableInMs, failed } = syncReplicaSet(ctx, namespace ?? "", name);
      // A ready pod not yet available (minReadySeconds) is counted again when it becomes so.
      if (availableInMs !== undefined) later(`available:${key}`, availableInMs, () => enqueueRS(namespace, name));
      // A refused create is tried again on client-go's default controller backoff (5 ms, doubling, at most 1000 s), as the
      // real ReplicaSet controller requeues it: a Pod refused for a missing ServiceAccount is made once the account exists.
      if (!failed) return void createFailures.delete(key);
      const n = createFailures.get(key) ?? 0;
      createFailures.set(key, n + 1);
      later(`retry:${key}`, Math.min(5 * 2 ** n, 1_000_000), () => enqueueRS(namespace, name));
    });
  }

  function ownerDeployment(rs: KubeObject | undefined): string | undefined {
    return rs?.metadata.ownerReferences?.find((o) => o.controller && o.kind === "Deployment")?.name;
  }

  return {
    onEvent(event: StoreEvent) {
      const obj = event.object;
      const ns = obj.metadata.namespace;
      if (event.def.kind === "Deployment") {
        if (event.type !== "DELETED") enqueue(ns, obj.metadata.name);
      }
      if (event.def.kind === "ReplicaSet") {
        if (event.type !== "DELETED") enqueueRS(ns, obj.metadata.name);
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
      createFailures.clear();
      for (const deploy of store.list("Deployment")) enqueue(deploy.metadata.namespace, deploy.metadata.name);
      for (const rs of store.list("ReplicaSet")) enqueueRS(rs.metadata.namespace, rs.metadata.name);
    },
  };
}
