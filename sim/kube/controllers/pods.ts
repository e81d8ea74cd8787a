// Scheduler + kubelet stand-in: binds new pods to a node, starts their containers, ends terminating pods.
import { bound as bindTo } from "../binding.ts";
import { type FieldWriter, KUBELET_STATUS, writtenBy } from "../managed-fields.ts";
import { createHash } from "node:crypto";
import { recordEvent } from "../events.ts";
import { EventSeriesRecorder } from "../event-series.ts";
import { getArray, getPath, getString, isRecord, timestamp } from "../json.ts";
import { quantityNumber } from "../quantity.ts";
import { defForKind } from "../resources.ts";
import { deleteObject } from "../strategy.ts";
import type { KubeObject, StoreEvent } from "../types.ts";
import type { Controller, ControllerContext } from "./context.ts";
import { SELECTED_NODE, waitsForConsumer } from "./pvcs.ts";

function condition(type: string, status: "True" | "False", extra: Record<string, string> = {}): Record<string, unknown> {
  return { type, status, lastProbeTime: null, lastTransitionTime: timestamp(), ...extra };
}

/** The kubelet's conditions over the pod's: one whose status is unchanged keeps its lastTransitionTime, as the kubelet keeps it. */
function keepTransitions(pod: KubeObject, next: Record<string, unknown>[]): Record<string, unknown>[] {
  const had = getArray(pod, "status.conditions").filter(isRecord);
  return next.map((c) => {
    const old = had.find((o) => o.type === c.type);
    return old && old.status === c.status ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  });
}

function containers(pod: KubeObject): { name: string; image: string }[] {
  return getArray(pod, "spec.containers").map((c) => ({ name: getString(c, "name") ?? "", image: getString(c, "image") ?? "" }));
}

function hex(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function nodeReady(node: KubeObject): boolean {
  const ready = getArray(node, "status.conditions").find((c) => getPath(c, "type") === "Ready");
  return getPath(ready, "status") === "True" && getPath(node, "spec.unschedulable") !== true;
}

function fits(pod: KubeObject, node: KubeObject): boolean {
  const wanted = getPath(pod, "spec.nodeSelector");
  const labels = node.metadata.labels ?? {};
  return !isRecord(wanted) || Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/** A container's or pod's requests as stored: each resource's request, else its limit (SetDefaults_ResourceRequirements). */
function containerRequests(container: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const limits = getPath(container, "resources.limits");
  const requests = getPath(container, "resources.requests");
  for (const source of [limits, requests]) {
    if (!isRecord(source)) continue;
    for (const [name, value] of Object.entries(source)) {
      const amount = quantityNumber(value as string);
      if (amount !== undefined) out.set(name, amount);
    }
  }
  return out;
}

/** computePodResourceRequest: the containers' sum, or an init container's own request when that is larger. */
export function podRequests(pod: KubeObject): Map<string, number> {
  const total = new Map<string, number>();
  for (const c of getArray(pod, "spec.containers")) for (const [name, v] of containerRequests(c)) total.set(name, (total.get(name) ?? 0) + v);
  for (const c of getArray(pod, "spec.initContainers")) for (const [name, v] of containerRequests(c)) total.set(name, Math.max(total.get(name) ?? 0, v));
  return total;
}

/**
 * NodeResourcesFit's Filter: too many pods, then each requested resource the node has too little of, whether it could
 * ever fit (`unresolvable`: the request alone is more than the node's allocatable, so no preemption helps).
 */
function insufficient(pod: KubeObject, node: KubeObject, bound: KubeObject[]): { reasons: string[]; unresolvable: boolean } {
  const allocatable = isRecord(getPath(node, "status.allocatable")) ? (getPath(node, "status.allocatable") as Record<string, unknown>) : {};
  const has = (name: string) => quantityNumber((allocatable[name] as string | undefined) ?? "0") ?? 0;
  const used = new Map<string, number>();
  for (const other of bound) for (const [name, v] of podRequests(other)) used.set(name, (used.get(name) ?? 0) + v);
  const reasons: string[] = [];
  let unresolvable = false;
  if (bound.length + 1 > has("pods")) reasons.push("Too many pods");
  const wanted = [...podRequests(pod).entries()].filter(([, v]) => v > 0);
  const order = (name: string) => ["cpu", "memory", "ephemeral-storage"].indexOf(name) + 1 || 4;
  for (const [name, v] of wanted.sort(([a], [b]) => order(a) - order(b))) {
    if (v > has(name) - (used.get(name) ?? 0)) {
      reasons.push(`Insufficient ${name}`);
      if (v > has(name)) unresolvable = true;
    }
  }
  return { reasons, unresolvable };
}

/** The scheduler's FitError: each reason with the number of nodes that gave it, the formatted entries sorted. */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort().join(", ");
}

/**
 * A Pending pod for the default scheduler that nobody has tried to schedule yet, or that only waited for its scheduling
 * gates, now all removed; `again`: also one it gave up on (its queue retries it when what it waited for changes). A
 * pod naming another scheduler is left to it (kube-scheduler ignores it).
 */
function awaitsScheduling(pod: KubeObject, again = false): boolean {
  const tried = getArray(pod, "status.conditions").filter((c) => getPath(c, "type") === "PodScheduled");
  const gated = getArray(pod, "spec.schedulingGates").length > 0;
  const untried = again || tried.every((c) => getPath(c, "reason") === "SchedulingGated");
  const ours = (getString(pod, "spec.schedulerName") ?? "default-scheduler") === "default-scheduler";
  return ours && getString(pod, "status.phase") === "Pending" && !getString(pod, "spec.nodeName") && !gated && untried && !pod.metadata.deletionTimestamp;
}

const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

/** What of a Node the scheduler's filters read: a change there is worth trying the unschedulable pods again. */
const schedulingView = (node: KubeObject | undefined) =>
  JSON.stringify([node?.metadata.labels, getPath(node, "spec.unschedulable"), getPath(node, "spec.taints"), getPath(node, "status.allocatable"), getPath(getArray(node, "status.conditions").find((c) => getPath(c, "type") === "Ready"), "status")]);

// The scheduler's writes (a claim's selected node; an unschedulable pod's condition); its binding records no field manager.
const SCHEDULER: FieldWriter = { manager: "kube-scheduler" };
const SCHEDULER_STATUS: FieldWriter = { ...SCHEDULER, subresource: "status" };

/** The scheduler/kubelet controller. */
export function podController(ctx: ControllerContext): Controller {
  const { store, settings, timers } = ctx;
  // kube-scheduler records through events.k8s.io/v1, as its profile's scheduler name.
  const events = new EventSeriesRecorder(store, timers, "default-scheduler", "kube-scheduler");

  /**
   * Changes the stored pod as `writer` (the scheduler's or the kubelet's status write; none: a binding, which records
   * no field manager), if it is still that pod.
   */
  function update(pod: KubeObject, writer: FieldWriter | undefined, change: (pod: KubeObject) => KubeObject | void): KubeObject | undefined {
    const current = store.get("Pod", pod.metadata.namespace, pod.metadata.name);
    if (!current || current.metadata.uid !== pod.metadata.uid || current.metadata.deletionTimestamp) return undefined;
    const before = structuredClone(current);
    const next = change(current) ?? current;
    return store.replace(writer ? writtenBy(writer, before, next) : next);
  }

  /**
   * The scheduler gave up on the pod for now: a FailedScheduling Event about the pod as it read it, and its
   * PodScheduled condition saying why, written only when it says something new (UpdatePodCondition).
   */
  function unschedulable(pod: KubeObject, message: string): void {
    const current = store.get("Pod", pod.metadata.namespace, pod.metadata.name);
    if (!current || current.metadata.uid !== pod.metadata.uid || current.metadata.deletionTimestamp) return;
    events.record(current, { type: "Warning", reason: "FailedScheduling", action: "Scheduling", note: message });
    const was = getArray(current, "status.conditions").find((c) => getString(c, "type") === "PodScheduled");
    if (getString(was, "status") === "False" && getString(was, "reason") === "Unschedulable" && getString(was, "message") === message) return;
    update(current, SCHEDULER_STATUS, (p) => {
      p.status = { ...(p.status as object), conditions: [condition("PodScheduled", "False", { reason: "Unschedulable", message })] };
    });
  }

  function schedule(pod: KubeObject): void {
    const nodes = store.list("Node");
    const n = nodes.length;
    // VolumeBinding's PreFilter: a claim that is not there, or unbound in a class that binds at once, fails every node.
    const claims = claimsOf(pod);
    const missing = claims.find((c) => c.object === undefined);
    if (missing) return unschedulable(pod, `0/${n} nodes are available: persistentvolumeclaim ${JSON.stringify(missing.name)} not found. not found`);
    const unbound = claims.map((c) => c.object).filter((c): c is KubeObject => c !== undefined && getString(c, "status.phase") !== "Bound");
    if (unbound.some((c) => !waitsForConsumer(store, c) && !c.metadata.annotations?.[SELECTED_NODE])) {
      return unschedulable(pod, `0/${n} nodes are available: pod has unbound immediate PersistentVolumeClaims. not found`);
    }
    // The filters, node by node (the first failing one speaks for it), then preemption's verdict on each: a node only
    // an unresolvable failure rules out is not helped by it, and no running pod has a lower priority to give way.
    const running = store.list("Pod").filter((p) => getString(p, "spec.nodeName") && !["Succeeded", "Failed"].includes(getString(p, "status.phase") ?? ""));
    const failures: string[] = [];
    const preemption: string[] = [];
    let node: KubeObject | undefined;
    for (const candidate of nodes) {
      if (!nodeReady(candidate) || !fits(pod, candidate)) {
        failures.push("node(s) didn't match Pod's node affinity/selector");
        preemption.push("Preemption is not helpful for scheduling");
        continue;
      }
      const { reasons, unresolvable } = insufficient(pod, candidate, running.filter((p) => getString(p, "spec.nodeName") === candidate.metadata.name));
      if (reasons.length === 0) {
        node ??= candidate;
        continue;
      }
      failures.push(...reasons);
      preemption.push(unresolvable ? "Preemption is not helpful for scheduling" : "No preemption victims found for incoming pod");
    }
    if (!node) {
      return unschedulable(pod, `0/${n} nodes are available: ${histogram(failures)}. no new claims to deallocate, preemption: 0/${n} nodes are available: ${histogram(preemption)}.`);
    }
    const nodeName = node.metadata.name;
    // VolumeBinding's PreBind: a claim waiting for its first consumer learns the node; the pod is bound once it is.
    for (const claim of unbound.filter((c) => waitsForConsumer(store, c))) {
      store.replace(writtenBy(SCHEDULER, claim, { ...claim, metadata: { ...claim.metadata, annotations: { ...claim.metadata.annotations, [SELECTED_NODE]: nodeName } } }));
    }
    if (unbound.length > 0) return;
    // The scheduler's binding (its Event names the pod as read before it), then the node's kubelet taking the pod up.
    const before = store.get("Pod", pod.metadata.namespace, pod.metadata.name);
    const scheduled = update(pod, undefined, (p) => bindTo(p, nodeName));
    if (!scheduled || !before) return;
    events.record(before, { type: "Normal", reason: "Scheduled", action: "Binding", note: `Successfully assigned ${scheduled.metadata.namespace}/${scheduled.metadata.name} to ${nodeName}` });
    const taken = update(scheduled, KUBELET_STATUS, (p) => {
      p.status = creating(p, node);
    });
    if (taken) timers.after(settings.podStartMs, () => start(taken, nodeName));
  }

  /**
   * A pod bound by someone else (a pods/binding from another scheduler or a client): the node's kubelet takes it up as
   * it does one the scheduler placed, if the node is there and ready; a pod bound to no node stays Pending.
   */
  function admit(pod: KubeObject): void {
    const nodeName = getString(pod, "spec.nodeName") ?? "";
    const node = store.get("Node", undefined, nodeName);
    if (!node || !nodeReady(node)) return;
    const taken = update(pod, KUBELET_STATUS, (p) => {
      p.status = creating(p, node);
    });
    if (taken) timers.after(settings.podStartMs, () => start(taken, nodeName));
  }

  /** The status a kubelet first writes for a pod it takes up: Pending, its containers being created. */
  function creating(p: KubeObject, node: KubeObject): Record<string, unknown> {
    return {
      phase: "Pending",
      conditions: keepTransitions(p, [
        condition("PodReadyToStartContainers", "False"),
        condition("Initialized", "True"),
        condition("Ready", "False", { reason: "ContainersNotReady", message: `containers with unready status: [${containers(p).map((c) => c.name).join(" ")}]` }),
        condition("ContainersReady", "False", { reason: "ContainersNotReady" }),
        condition("PodScheduled", "True"),
      ]),
      hostIP: getString(getArray(node, "status.addresses")[0], "address") ?? "10.0.0.10",
      startTime: timestamp(),
      containerStatuses: containers(p).map((c) => ({ name: c.name, image: c.image, imageID: "", ready: false, restartCount: 0, started: false, state: { waiting: { reason: "ContainerCreating" } }, lastState: {} })),
      qosClass: getString(p, "status.qosClass") ?? "BestEffort",
    };
  }

  function start(pod: KubeObject, nodeName: string): void {
    const started = timestamp();
    const running = update(pod, KUBELET_STATUS, (p) => {
      const status = p.status as Record<string, unknown>;
      status.phase = "Running";
      status.podIP = `10.42.0.${(parseInt(hex(p.metadata.uid ?? "", 2), 16) % 250) + 2}`;
      status.podIPs = [{ ip: status.podIP }];
      status.conditions = keepTransitions(p, ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map((t) => condition(t, "True")));
      status.containerStatuses = containers(p).map((c) => ({
        name: c.name,
        image: c.image,
        imageID: `${c.image.split(":")[0]}@sha256:${hex(c.image, 64)}`,
        containerID: `containerd://${hex(`${p.metadata.uid}/${c.name}`, 64)}`,
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: started } },
        lastState: {},
      }));
    });
    if (!running) return;
    for (const c of containers(running)) {
      const fieldPath = `spec.containers{${c.name}}`;
      recordEvent(store, running, { type: "Normal", reason: "Pulled", message: `Container image "${c.image}" already present on machine`, component: "kubelet", host: nodeName, fieldPath });
      recordEvent(store, running, { type: "Normal", reason: "Created", message: `Created container: ${c.name}`, component: "kubelet", host: nodeName, fieldPath });
      recordEvent(store, running, { type: "Normal", reason: "Started", message: `Started container ${c.name}`, component: "kubelet", host: nodeName, fieldPath });
    }
  }

  function terminate(pod: KubeObject): void {
    const nodeName = getString(pod, "spec.nodeName");
    for (const c of containers(pod)) {
      recordEvent(store, pod, { type: "Normal", reason: "Killing", message: `Stopping container ${c.name}`, component: "kubelet", host: nodeName, fieldPath: `spec.containers{${c.name}}` });
    }
    timers.after(settings.podTerminateMs, () => {
      const current = store.get("Pod", pod.metadata.namespace, pod.metadata.name);
      // The kubelet's last word: a delete with no grace period left, which a finalizer still holds off.
      if (current && current.metadata.uid === pod.metadata.uid && current.metadata.deletionTimestamp) {
        deleteObject(store, defForKind("Pod"), pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      }
    });
  }

  /** Tries again every pod the scheduler found no place for. */
  function retryUnschedulable(): void {
    for (const pod of store.list("Pod")) if (awaitsScheduling(pod, true)) schedule(pod);
  }

  // The scheduling queue's flush: a pod left unschedulable for 5 minutes is tried again (podMaxInUnschedulablePodsDuration).
  function flushUnschedulable(): void {
    retryUnschedulable();
    timers.after(UNSCHEDULABLE_FLUSH_MS, flushUnschedulable);
  }

  /** The claims the pod's volumes name, each with the stored claim if there is one. */
  function claimsOf(pod: KubeObject): { name: string; object: KubeObject | undefined }[] {
    const names = getArray(pod, "spec.volumes").map((v) => getString(v, "persistentVolumeClaim.claimName")).filter((n): n is string => !!n);
    return names.map((name) => ({ name, object: store.get("PersistentVolumeClaim", pod.metadata.namespace, name) }));
  }

  return {
    onEvent(event: StoreEvent) {
      // A Node that appears or changes in what the scheduler filters on moves the unschedulable pods back to be tried.
      if (event.def.kind === "Node" && (event.type === "ADDED" || (event.type === "MODIFIED" && schedulingView(event.old) !== schedulingView(event.object)))) {
        retryUnschedulable();
        return;
      }
      const claim = event.def.kind === "PersistentVolumeClaim" ? event.object : undefined;
      if (claim && (event.type === "ADDED" || (event.type === "MODIFIED" && getString(event.old, "status.phase") !== "Bound" && getString(claim, "status.phase") === "Bound"))) {
        // The scheduler's queue moves the pods that wait for this claim (to be there, or bound) back to be scheduled.
        for (const pod of store.list("Pod", claim.metadata.namespace)) {
          if (awaitsScheduling(pod, true) && claimsOf(pod).some((c) => c.name === claim.metadata.name)) schedule(pod);
        }
        return;
      }
      if (event.def.kind !== "Pod") return;
      const pod = event.object;
      // A bound Pod that goes, or finishes, frees its node's resources: the unschedulable pods are tried again
      // (the scheduling queue's AssignedPodDelete and AssignedPodUpdate events).
      const finished = (p: KubeObject | undefined) => ["Succeeded", "Failed"].includes(getString(p, "status.phase") ?? "");
      if (getString(pod, "spec.nodeName") && (event.type === "DELETED" || (event.type === "MODIFIED" && finished(pod) && !finished(event.old)))) retryUnschedulable();
      if (event.type === "ADDED" && awaitsScheduling(pod)) schedule(pod);
      // A pod whose last scheduling gate was just removed.
      if (event.type === "MODIFIED" && getArray(event.old, "spec.schedulingGates").length > 0 && awaitsScheduling(pod)) schedule(pod);
      if (event.type === "MODIFIED" && pod.metadata.deletionTimestamp && !event.old?.metadata.deletionTimestamp) terminate(pod);
      const newlyBound = event.type === "MODIFIED" && !getString(event.old, "spec.nodeName") && getString(pod, "spec.nodeName");
      if (newlyBound && getArray(pod, "status.containerStatuses").length === 0 && !pod.metadata.deletionTimestamp) admit(pod);
    },
    onReset() {
      events.reset();
      timers.after(UNSCHEDULABLE_FLUSH_MS, flushUnschedulable);
      for (const pod of store.list("Pod")) if (pod.metadata.deletionTimestamp) terminate(pod);
    },
  };
}
