// Leader election on a coordination.k8s.io/v1 Lease, with client-go's semantics (k8s.io/client-go/tools/leaderelection):
// lease duration 15 s, renew deadline 10 s, retry period 2 s, writes guarded by the Lease's resourceVersion. Only the
// leader runs background work (issue 19); followers serve requests. No Node library does this on client-node 2.x (the one
// on npm pins client-node 1.x), so this is the small loop, tested against the simulator and the in-memory Lease below.
import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { V1MicroTime, type V1Lease } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { AppError } from "../runtime/errors";
import { log } from "../runtime/log";
import { processWide } from "../runtime/process-wide";
import { kube } from "./client";
import { kubeError } from "./errors";
import { LEADER_LEASE } from "./permissions";

/** client-go's defaults (kube-controller-manager's flags): how long a Lease stays valid without a renewal. */
export const LEASE_DURATION_MS = 15_000;
/** The leader gives up leading when it could not renew for this long (always shorter than the lease duration). */
export const RENEW_DEADLINE_MS = 10_000;
/** How often candidates try to acquire and the leader renews. */
export const RETRY_PERIOD_MS = 2_000;
/** client-go's JitterFactor for the candidates' retries, so they do not collide in lockstep. */
const JITTER = 1.2;
export { LEADER_LEASE };

/** The Lease fields the election reads and writes (client-go's LeaderElectionRecord). */
export interface LeaseRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: number;
  renewTime: number;
  leaseTransitions: number;
}

/** A Lease as read: its record and the resourceVersion a write must quote. */
export interface StoredLease {
  record: LeaseRecord;
  resourceVersion: string;
}

/** The three Lease calls the election makes. Each throws AppError; a lost race is `conflict`. */
export interface LeaseClient {
  describe: string;
  get(): Promise<StoredLease | undefined>;
  create(record: LeaseRecord): Promise<void>;
  /** Replaces the Lease if it is still at `resourceVersion` (optimistic concurrency), else throws conflict. */
  update(record: LeaseRecord, resourceVersion: string): Promise<void>;
}

function toRecord(lease: V1Lease): LeaseRecord {
  const s = lease.spec ?? {};
  const time = (t: Date | undefined) => (t ? new Date(t).getTime() : 0);
  return {
    holderIdentity: s.holderIdentity ?? "",
    leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
    acquireTime: time(s.acquireTime),
    renewTime: time(s.renewTime),
    leaseTransitions: s.leaseTransitions ?? 0,
  };
}

function toSpec(r: LeaseRecord): V1Lease["spec"] {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    // MicroTime needs six fractional digits on the wire; V1MicroTime prints them.
    acquireTime: new V1MicroTime(r.acquireTime),
    renewTime: new V1MicroTime(r.renewTime),
    leaseTransitions: r.leaseTransitions,
  };
}

/** The Lease `name` in the target's namespace, through client-node. */
export function kubeLeaseClient(target: Target, name = LEADER_LEASE): LeaseClient {
  const namespace = target.namespace;
  const what = `Lease ${namespace}/${name}`;
  return {
    describe: what,
    async get() {
      try {
        const lease = await kube(target).coordination.readNamespacedLease({ name, namespace });
        return { record: toRecord(lease), resourceVersion: lease.metadata?.resourceVersion ?? "" };
      } catch (err) {
        const e = kubeError(err, `reading ${what}`);
        if (e.code === "not_found") return undefined;
        throw e;
      }
    },
    async create(record) {
      try {
        await kube(target).coordination.createNamespacedLease({
          namespace,
          body: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace, labels: { "app.kubernetes.io/managed-by": "ollama-ops" } }, spec: toSpec(record) },
        });
      } catch (err) {
        throw kubeError(err, `creating ${what}`);
      }
    },
    async update(record, resourceVersion) {
      try {
        await kube(target).coordination.replaceNamespacedLease({
          name,
          namespace,
          body: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace, resourceVersion }, spec: toSpec(record) },
        });
      } catch (err) {
        throw kubeError(err, `updating ${what}`);
      }
    },
  };
}

/** What this replica knows of the election, for the UI and the health route. */
export interface LeaderStatus {
  /** This process's identity in the Lease. */
  identity: string;
  isLeader: boolean;
  /** The holder this replica last observed ("" when released or not yet read). */
  leader: string;
  /** When this replica became leader (ISO), while it leads. */
  since: string | undefined;
  /** Why the last attempt failed (API unreachable, forbidden), if it did. */
  problem: string | undefined;
}

export interface ElectorOptions {
  client: LeaseClient;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  now?: () => number;
  /** Called with a signal that aborts when leadership ends (lost, released, or stopped). */
  onStartedLeading: (signal: AbortSignal) => void;
  onStoppedLeading?: () => void;
  onChange?: (status: LeaderStatus) => void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** One candidate: acquires the Lease when free or expired, renews it while leading, releases it on stop. */
export class LeaderElector {
  readonly #o: Required<Omit<ElectorOptions, "onStoppedLeading" | "onChange">> & Pick<ElectorOptions, "onStoppedLeading" | "onChange">;
  /** The record as last read, and when (by our clock) it last changed: expiry is judged from our own observation, never from another node's clock. */
  #observed: { record: LeaseRecord; resourceVersion: string; at: number } | undefined;
  #leading: AbortController | undefined;
  #since: number | undefined;
  #problem: string | undefined;
  #stopped = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(options: ElectorOptions) {
    this.#o = { leaseDurationMs: LEASE_DURATION_MS, renewDeadlineMs: RENEW_DEADLINE_MS, retryPeriodMs: RETRY_PERIOD_MS, now: Date.now, ...options };
    if (this.#o.renewDeadlineMs >= this.#o.leaseDurationMs) throw new Error("leader election: the renew deadline must be shorter than the lease duration");
    if (this.#o.retryPeriodMs * JITTER >= this.#o.renewDeadlineMs) throw new Error("leader election: the retry period (×1.2) must be shorter than the renew deadline");
  }

  status(): LeaderStatus {
    return {
      identity: this.#o.identity,
      isLeader: this.#leading !== undefined,
      leader: this.#leading ? this.#o.identity : (this.#observed?.record.holderIdentity ?? ""),
      since: this.#since === undefined ? undefined : new Date(this.#since).toISOString(),
      problem: this.#problem,
    };
  }

  /** Starts campaigning (idempotent); resolves when `stop()` ended the loop. */
  start(): Promise<void> {
    this.#loop ??= this.#run();
    return this.#loop;
  }

  /** Stops campaigning; a leader ends its work and releases the Lease so a successor takes over at once. */
  async stop(): Promise<void> {
    if (!this.#stopped.signal.aborted) this.#stopped.abort();
    await this.#loop;
    if (this.#leading) {
      this.#endLeading();
      await this.#release();
    }
  }

  async #run(): Promise<void> {
    const stop = this.#stopped.signal;
    while (!stop.aborted) {
      // Candidate: try every retry period (jittered), until the Lease is ours.
      if (!(await this.#tryAcquireOrRenew())) {
        await sleep(this.#o.retryPeriodMs * (1 + Math.random() * (JITTER - 1)), stop);
        continue;
      }
      if (stop.aborted) break;
      this.#startLeading();
      // Leader: renew every retry period; a renewal must succeed within the renew deadline or leadership ends.
      let lastRenew = this.#o.now();
      while (!stop.aborted) {
        await sleep(this.#o.retryPeriodMs, stop);
        if (stop.aborted) break;
        if (await this.#tryAcquireOrRenew(lastRenew + this.#o.renewDeadlineMs)) {
          lastRenew = this.#o.now();
          continue;
        }
        // Another holder took over (our record was stale), or no renewal succeeded within the deadline.
        const taken = this.#observed && this.#observed.record.holderIdentity !== this.#o.identity;
        if (taken || this.#o.now() >= lastRenew + this.#o.renewDeadlineMs) {
          log.warn("lost the leader Lease; background work stops here", { identity: this.#o.identity, holder: this.#observed?.record.holderIdentity, reason: this.#problem });
          this.#endLeading();
          break;
        }
      }
    }
  }

  #startLeading(): void {
    this.#leading = new AbortController();
    this.#since = this.#o.now();
    log.info("became the leader; starting background work", { identity: this.#o.identity, lease: this.#o.client.describe });
    this.#changed();
    try {
      this.#o.onStartedLeading(this.#leading.signal);
    } catch (err) {
      log.error("starting background work failed", { err });
    }
  }

  #endLeading(): void {
    const leading = this.#leading;
    if (!leading) return;
    this.#leading = undefined;
    this.#since = undefined;
    leading.abort(new Error("leadership ended"));
    this.#o.onStoppedLeading?.();
    this.#changed();
  }

  #changed(): void {
    this.#o.onChange?.(this.status());
  }

  #fail(err: unknown): false {
    const problem = err instanceof Error ? err.message : String(err);
    if (problem !== this.#problem) {
      const e = err instanceof AppError ? err : undefined;
      if (e?.code !== "conflict") log.warn("leader election: Lease call failed", { identity: this.#o.identity, reason: problem });
    }
    this.#problem = problem;
    return false;
  }

  /** One round of client-go's tryAcquireOrRenew: true when we hold the Lease afterwards. `deadline` bounds a renewal. */
  async #tryAcquireOrRenew(deadline?: number): Promise<boolean> {
    const id = this.#o.identity;
    const seconds = Math.round(this.#o.leaseDurationMs / 1000);
    let current: StoredLease | undefined;
    try {
      current = await this.#withDeadline(this.#o.client.get(), deadline);
    } catch (err) {
      return this.#fail(err);
    }
    const now = this.#o.now();
    if (!current) {
      try {
        await this.#withDeadline(this.#o.client.create({ holderIdentity: id, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now, leaseTransitions: 0 }), deadline);
        this.#observe({ record: { holderIdentity: id, leaseDurationSeconds: seconds, acquireTime: now, renewTime: now, leaseTransitions: 0 }, resourceVersion: "" }, now);
        this.#problem = undefined;
        return true;
      } catch (err) {
        return this.#fail(err);
      }
    }
    this.#observe(current, now);
    const held = current.record;
    const observedAt = this.#observed?.at ?? now;
    const valid = observedAt + held.leaseDurationSeconds * 1000 > now;
    if (held.holderIdentity !== "" && held.holderIdentity !== id && valid) {
      this.#problem = undefined;
      return false;
    }
    const mine = held.holderIdentity === id;
    const next: LeaseRecord = {
      holderIdentity: id,
      leaseDurationSeconds: seconds,
      acquireTime: mine ? held.acquireTime : now,
      renewTime: now,
      leaseTransitions: mine ? held.leaseTransitions : held.leaseTransitions + 1,
    };
    try {
      await this.#withDeadline(this.#o.client.update(next, current.resourceVersion), deadline);
    } catch (err) {
      return this.#fail(err);
    }
    this.#observe({ record: next, resourceVersion: "" }, now);
    this.#problem = undefined;
    return true;
  }

  #observe(lease: StoredLease, now: number): void {
    const o = this.#observed;
    const same = o && o.record.holderIdentity === lease.record.holderIdentity && o.record.renewTime === lease.record.renewTime && o.record.leaseTransitions === lease.record.leaseTransitions;
    const holderChanged = o?.record.holderIdentity !== lease.record.holderIdentity;
    if (!same) this.#observed = { ...lease, at: now };
    if (holderChanged) this.#changed();
  }

  /** Releases the Lease as client-go does: empty holder, 1 s duration, so a candidate takes it on its next try. */
  async #release(): Promise<void> {
    try {
      const current = await this.#o.client.get();
      if (current?.record.holderIdentity !== this.#o.identity) return;
      const now = this.#o.now();
      await this.#o.client.update({ ...current.record, holderIdentity: "", leaseDurationSeconds: 1, renewTime: now, acquireTime: now }, current.resourceVersion);
      log.info("released the leader Lease", { identity: this.#o.identity });
    } catch (err) {
      log.warn("could not release the leader Lease; a successor waits for it to expire", { reason: err instanceof Error ? err.message : String(err) });
    }
  }

  #withDeadline<T>(call: Promise<T>, deadline: number | undefined): Promise<T> {
    if (deadline === undefined) return call;
    const left = deadline - this.#o.now();
    if (left <= 0) {
      call.catch(() => undefined);
      return Promise.reject(new AppError("unavailable", "the renew deadline passed"));
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new AppError("unavailable", "the Lease renewal timed out")), left)));
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }
}

// ---- The process's election and the background work that runs while it leads ----

type Work = (signal: AbortSignal) => void | (() => void);

interface Election {
  elector: LeaderElector | undefined;
  /** Background work by name, started on every leadership term. */
  work: Map<string, Work>;
  /** Per term: the running work's abort controllers by name. */
  running: Map<string, AbortController>;
  term: AbortSignal | undefined;
  listeners: Set<(status: LeaderStatus) => void>;
  /** Set when leader election is off (LEADER_ELECTION=off): this process always leads. */
  alone: LeaderStatus | undefined;
}

const election = processWide<Election>("leader-election", () => ({ elector: undefined, work: new Map(), running: new Map(), term: undefined, listeners: new Set(), alone: undefined }));

function runWork(name: string, work: Work, term: AbortSignal): void {
  const controller = new AbortController();
  election.running.set(name, controller);
  const abort = () => controller.abort(term.reason);
  term.addEventListener("abort", abort, { once: true });
  try {
    const stop = work(controller.signal);
    if (typeof stop === "function") controller.signal.addEventListener("abort", () => stop(), { once: true });
  } catch (err) {
    log.error("background work failed to start", { work: name, err });
  }
  controller.signal.addEventListener("abort", () => {
    term.removeEventListener("abort", abort);
    if (election.running.get(name) === controller) election.running.delete(name);
  }, { once: true });
}

function startTerm(term: AbortSignal): void {
  election.term = term;
  for (const [name, work] of election.work) runWork(name, work, term);
}

/**
 * Runs `start` on this replica only while it is the leader: now if it leads, else when it becomes leader, again on each
 * new term. The signal aborts when leadership ends; `start` may also return a stop function. Returns the unregister.
 */
export function whileLeader(name: string, start: Work): () => void {
  election.running.get(name)?.abort(new Error("replaced"));
  election.work.set(name, start);
  if (election.term && !election.term.aborted) runWork(name, start, election.term);
  return () => {
    if (election.work.get(name) === start) election.work.delete(name);
    election.running.get(name)?.abort(new Error("unregistered"));
  };
}

/** Whether this process campaigns for the Lease (or leads alone with LEADER_ELECTION=off): background work waits for it. */
export function electionStarted(): boolean {
  return election.elector !== undefined || election.alone !== undefined;
}

/** Whether this replica runs the background work now. */
export function isLeader(): boolean {
  return leaderStatus().isLeader;
}

/** This replica's view of the election (identity, whether it leads, the holder it observed). */
export function leaderStatus(): LeaderStatus {
  return election.alone ?? election.elector?.status() ?? { identity: "", isLeader: false, leader: "", since: undefined, problem: "leader election has not started" };
}

/** Calls `listener` on every change of leadership seen by this replica. Returns the unsubscribe. */
export function onLeaderChange(listener: (status: LeaderStatus) => void): () => void {
  election.listeners.add(listener);
  return () => election.listeners.delete(listener);
}

function announce(status: LeaderStatus): void {
  for (const listener of election.listeners) {
    try {
      listener(status);
    } catch (err) {
      log.warn("leader change listener failed", { err });
    }
  }
}

/** Test-only (README): LEADER_TEST_TIMINGS_MS="lease,renew,retry" shortens client-go's 15 s / 10 s / 2 s for tests that kill leaders often. */
function testTimings(): Partial<ElectorOptions> {
  const raw = process.env.LEADER_TEST_TIMINGS_MS;
  if (!raw) return {};
  const [leaseDurationMs, renewDeadlineMs, retryPeriodMs] = raw.split(",").map(Number);
  if (![leaseDurationMs, renewDeadlineMs, retryPeriodMs].every((n) => Number.isFinite(n) && n! > 0)) {
    log.warn("LEADER_TEST_TIMINGS_MS ignored: expected lease,renew,retry in milliseconds");
    return {};
  }
  return { leaseDurationMs, renewDeadlineMs, retryPeriodMs };
}

/** This replica's identity: the pod name (hostname in a pod) plus a random suffix, as client-go builds it. */
export function replicaIdentity(): string {
  return `${process.env.POD_NAME || hostname()}_${randomUUID()}`;
}

/**
 * Starts this process's candidacy for the target's leader Lease (idempotent). With `mode: "off"` this process leads on
 * its own (one replica, no Lease grant). Returns the stop function (SIGTERM: release the Lease).
 */
export function startLeaderElection(target: Target, mode: "lease" | "off" = "lease", leaseName = LEADER_LEASE): () => Promise<void> {
  if (mode === "off") {
    if (!election.alone) {
      const controller = new AbortController();
      election.alone = { identity: replicaIdentity(), isLeader: true, leader: "", since: new Date().toISOString(), problem: undefined };
      election.alone.leader = election.alone.identity;
      startTerm(controller.signal);
      announce(election.alone);
      return () => {
        controller.abort(new Error("stopping"));
        election.alone = undefined;
        return Promise.resolve();
      };
    }
    return () => Promise.resolve();
  }
  if (!election.elector) {
    const elector = new LeaderElector({
      ...testTimings(),
      client: kubeLeaseClient(target, leaseName),
      identity: replicaIdentity(),
      onStartedLeading: startTerm,
      onStoppedLeading: () => (election.term = undefined),
      onChange: announce,
    });
    election.elector = elector;
    void elector.start();
  }
  const elector = election.elector;
  return () => elector.stop();
}
