import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../runtime/errors";
import { LeaderElector, type LeaseClient, type LeaseRecord, type StoredLease } from "./leader";

/** One Lease in memory with the API server's optimistic concurrency; `cut` makes one candidate's calls fail. */
class MemoryLease {
  stored: StoredLease | undefined;
  #rv = 0;
  writes = 0;
  client(cut: () => boolean = () => false): LeaseClient {
    const down = () => {
      if (cut()) throw new AppError("unreachable", "Kubernetes API unreachable: connection refused");
    };
    return {
      describe: "Lease test/leader",
      get: async () => {
        await Promise.resolve();
        down();
        return this.stored && structuredClone(this.stored);
      },
      create: async (record: LeaseRecord) => {
        await Promise.resolve();
        down();
        if (this.stored) throw new AppError("conflict", 'leases.coordination.k8s.io "leader" already exists');
        this.writes++;
        this.stored = { record: { ...record }, resourceVersion: String(++this.#rv) };
      },
      update: async (record: LeaseRecord, resourceVersion: string) => {
        await Promise.resolve();
        down();
        if (this.stored?.resourceVersion !== resourceVersion) throw new AppError("conflict", "the object has been modified");
        this.writes++;
        this.stored = { record: { ...record }, resourceVersion: String(++this.#rv) };
      },
    };
  }
}

const FAST = { leaseDurationMs: 600, renewDeadlineMs: 400, retryPeriodMs: 60 };
const electors: LeaderElector[] = [];
const everyTerm: { from: number; to: number | undefined }[] = [];
afterEach(async () => {
  await Promise.all(electors.splice(0).map((e) => e.stop()));
});

/** A candidate that records when it led (by wall clock), so overlaps can be checked. */
function candidate(lease: MemoryLease, identity: string, cut?: () => boolean) {
  const terms: { from: number; to: number | undefined }[] = [];
  const elector = new LeaderElector({
    ...FAST,
    client: lease.client(cut),
    identity,
    onStartedLeading: (signal) => {
      const term = { from: Date.now(), to: undefined as number | undefined };
      terms.push(term);
      everyTerm.push(term);
      signal.addEventListener("abort", () => (term.to = Date.now()));
    },
  });
  electors.push(elector);
  void elector.start();
  return { elector, terms };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await wait(10);
  }
}

describe("LeaderElector", () => {
  it("acquires a missing Lease, keeps renewing it, and releases it on stop", async () => {
    const lease = new MemoryLease();
    const a = candidate(lease, "a");
    await until(() => a.elector.status().isLeader);
    expect(lease.stored?.record).toMatchObject({ holderIdentity: "a", leaseDurationSeconds: 1, leaseTransitions: 0 });
    const renewed = lease.stored?.record.renewTime ?? 0;
    await wait(FAST.retryPeriodMs * 3);
    expect(lease.stored?.record.renewTime).toBeGreaterThan(renewed);
    expect(a.terms).toHaveLength(1);
    await a.elector.stop();
    expect(lease.stored?.record.holderIdentity).toBe("");
    expect(a.terms[0]?.to).toBeDefined();
    expect(a.elector.status().isLeader).toBe(false);
  });

  it("lets exactly one of several candidates lead, and a successor takes over at once after a release", async () => {
    const lease = new MemoryLease();
    const all = ["a", "b", "c"].map((id) => candidate(lease, id));
    await until(() => all.some((c) => c.elector.status().isLeader));
    await wait(FAST.retryPeriodMs * 4);
    expect(all.filter((c) => c.elector.status().isLeader)).toHaveLength(1);
    const leader = all.find((c) => c.elector.status().isLeader)!;
    for (const c of all) expect(c.elector.status().leader).toBe(leader.elector.status().identity);
    const released = Date.now();
    await leader.elector.stop();
    await until(() => all.some((c) => c !== leader && c.elector.status().isLeader));
    // A released Lease (empty holder) is taken on the next retry, not after the lease duration.
    expect(Date.now() - released).toBeLessThan(FAST.leaseDurationMs);
    expect(lease.stored?.record.leaseTransitions).toBe(1);
  });

  it("a leader cut off from the API stops leading before anyone else may start", async () => {
    const lease = new MemoryLease();
    let cut = false;
    const a = candidate(lease, "a", () => cut);
    await until(() => a.elector.status().isLeader);
    const b = candidate(lease, "b");
    await wait(FAST.retryPeriodMs * 3);
    expect(b.elector.status().isLeader).toBe(false);
    cut = true;
    const cutAt = Date.now();
    await until(() => b.elector.status().isLeader);
    // a gave up within the renew deadline (plus one retry period), b started only after the lease expired: no overlap.
    const aEnd = a.terms[0]?.to ?? Infinity;
    expect(aEnd - cutAt).toBeLessThanOrEqual(FAST.renewDeadlineMs + FAST.retryPeriodMs * 2);
    expect(b.terms[0]!.from).toBeGreaterThanOrEqual(aEnd);
    expect(b.terms[0]!.from - cutAt).toBeGreaterThanOrEqual(FAST.leaseDurationMs - FAST.retryPeriodMs * 2);
    expect(a.elector.status().problem).toMatch(/unreachable/);
  });

  it("judges expiry by its own clock from when the record last changed, not by the holder's renewTime", async () => {
    const lease = new MemoryLease();
    // A record renewed "far in the past" by another node's clock, but still being renewed: must not be stolen.
    lease.stored = { record: { holderIdentity: "other", leaseDurationSeconds: 1, acquireTime: 0, renewTime: 0, leaseTransitions: 3 }, resourceVersion: "1" };
    const b = candidate(lease, "b");
    const keepRenewing = setInterval(() => {
      const r = lease.stored!;
      lease.stored = { record: { ...r.record, renewTime: r.record.renewTime + 1 }, resourceVersion: String(Number(r.resourceVersion) + 1) };
    }, FAST.retryPeriodMs);
    await wait(FAST.leaseDurationMs * 2);
    expect(b.elector.status().isLeader).toBe(false);
    expect(b.elector.status().leader).toBe("other");
    clearInterval(keepRenewing);
    await until(() => b.elector.status().isLeader);
    expect(lease.stored?.record).toMatchObject({ holderIdentity: "b", leaseTransitions: 4 });
  });

  it("over many random leader stops and crashes, terms never overlap", async () => {
    const started = Date.now();
    const lease = new MemoryLease();
    const cuts = new Map<string, boolean>();
    const all = ["a", "b", "c"].map((id) => candidate(lease, id, () => cuts.get(id) === true));
    for (let round = 0; round < 6; round++) {
      await until(() => all.some((c) => c.elector.status().isLeader), 5_000);
      const leader = all.find((c) => c.elector.status().isLeader)!;
      const id = leader.elector.status().identity;
      if (round % 2 === 0) {
        cuts.set(id, true); // a crash or partition: it stops renewing
        await until(() => all.some((c) => c !== leader && c.elector.status().isLeader), 5_000);
        cuts.set(id, false);
      } else {
        await leader.elector.stop(); // a SIGTERM
        const fresh = candidate(lease, id, () => cuts.get(id) === true);
        all.splice(all.indexOf(leader), 1, fresh);
      }
    }
    const sorted = everyTerm.filter((t) => t.from >= started).sort((x, y) => x.from - y.from);
    expect(sorted.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.from).toBeGreaterThanOrEqual(sorted[i - 1]!.to ?? Infinity);
  });
});
