import { afterEach, describe, expect, it, vi } from "vitest";
import type { PullJob } from "./job";
import { MemoryJournal } from "./journal";
import { PullManager, type ManagerOptions } from "./manager";
import type { PullLine } from "./progress";

const user = { id: "u1", name: "olive", role: "operator" as const };
const DIGEST = `sha256:${"a".repeat(64)}`;

/** A scripted /api/pull: yields `lines` every `everyMs`, then ends like ollama-js (success returns, anything else throws). */
function script(lines: PullLine[], opts: { everyMs?: number; fail?: Error } = {}) {
  return async function* (signal: AbortSignal): AsyncGenerator<PullLine> {
    for (const line of lines) {
      if (signal.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
      await new Promise((resolve) => setTimeout(resolve, opts.everyMs ?? 1));
      if (signal.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
      yield line;
    }
    if (opts.fail) throw opts.fail;
  };
}

const ok = (n = 5): PullLine[] => [
  { status: "pulling manifest" },
  ...Array.from({ length: n }, (_, i) => ({ status: "pulling aaaaaaaaaaaa", digest: DIGEST, total: 100, completed: (i + 1) * (100 / n) })),
  { status: "verifying sha256 digest" },
  { status: "writing manifest" },
  { status: "success" },
];

let managers: PullManager[] = [];
afterEach(() => {
  managers.forEach((m) => m.shutdown());
  managers = [];
});

function manager(opens: ((signal: AbortSignal) => AsyncGenerator<PullLine>)[], over: Partial<ManagerOptions> = {}) {
  const calls: string[] = [];
  const finished: PullJob[] = [];
  const m = new PullManager({
    journal: new MemoryJournal(),
    concurrency: 2,
    retry: { firstMs: 5, maxMs: 20, attempts: 3 },
    publishMs: 20,
    open: (model, signal) => {
      calls.push(model);
      const next = opens.shift();
      if (!next) return Promise.reject(new Error("no more scripted pulls"));
      return Promise.resolve(next(signal));
    },
    onFinish: (job) => finished.push(job),
    ...over,
  });
  managers.push(m);
  const settled = (id: string) =>
    new Promise<PullJob>((resolve) => {
      const check = () => {
        const job = m.list().find((j) => j.id === id);
        if (job && ["succeeded", "failed", "cancelled"].includes(job.state)) resolve(job);
        else setTimeout(check, 2);
      };
      check();
    });
  return { m, calls, finished, settled };
}

describe("PullManager", () => {
  it("runs a job to success and joins a second pull of the same model under another spelling", async () => {
    const { m, calls, finished, settled } = manager([script(ok(), { everyMs: 5 })]);
    const first = m.start({ model: "llama3.2", user, override: "none", expectedBytes: 100 });
    const second = m.start({ model: "registry.ollama.ai/library/llama3.2:latest", user, override: "none", expectedBytes: 100 });
    expect(second).toEqual({ job: expect.objectContaining({ id: first.job.id }) as unknown, joined: true });
    const done = await settled(first.job.id);
    expect(done).toMatchObject({ model: "llama3.2:latest", state: "succeeded", completedBytes: 100, totalBytes: 100, attempt: 1, startedBy: "olive" });
    expect(calls).toEqual(["llama3.2:latest"]);
    expect(finished.map((j) => j.state)).toEqual(["succeeded"]);
  });

  it("queues beyond the concurrency limit and starts the next job when a slot frees", async () => {
    const { m, calls, settled } = manager([script(ok(), { everyMs: 5 }), script(ok(), { everyMs: 5 }), script(ok())], { concurrency: 2 });
    const jobs = ["a", "b", "c"].map((model) => m.start({ model, user, override: "none", expectedBytes: 0 }).job);
    expect(m.list().map((j) => j.state)).toEqual(["pulling_manifest", "pulling_manifest", "queued"]);
    expect(calls).toEqual(["a:latest", "b:latest"]);
    await Promise.all(jobs.map((j) => settled(j.id)));
    expect(calls).toEqual(["a:latest", "b:latest", "c:latest"]);
  });

  it("retries a cut stream with backoff and succeeds on the next attempt", async () => {
    const cut = new Error("Did not receive done or success response in stream.");
    const { m, settled } = manager([script(ok().slice(0, 3), { fail: cut }), script(ok())], { retry: { firstMs: 60, maxMs: 60, attempts: 3 } });
    const states: string[] = [];
    m.subscribe((j) => states.push(j.state));
    const { job } = m.start({ model: "m", user, override: "none", expectedBytes: 0 });
    expect(await settled(job.id)).toMatchObject({ state: "succeeded", attempt: 2 });
    expect(states).toContain("retrying");
  });

  it("gives up after the retry budget with the last reason", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    const failing = () => script([], { fail: refused });
    const { m, settled } = manager([failing(), failing(), failing()]);
    const { job } = m.start({ model: "m", user, override: "none", expectedBytes: 0 });
    expect(await settled(job.id)).toMatchObject({ state: "failed", attempt: 3, error: "Ollama unreachable: connection refused" });
  });

  it("fails at once with Ollama's own error text and records the disk state", async () => {
    const enospc = new Error("write /root/.ollama/models/blobs/sha256-aa-partial: no space left on device");
    const disk = { availableBytes: 0, capacityBytes: 100, source: "agent", time: new Date().toISOString() };
    const { m, settled } = manager([script(ok().slice(0, 3), { fail: enospc })], { diskProbe: () => Promise.resolve(disk) });
    const updates: PullJob[] = [];
    m.subscribe((j) => updates.push(j));
    const { job } = m.start({ model: "m", user, override: "none", expectedBytes: 0 });
    expect(await settled(job.id)).toMatchObject({ state: "failed", attempt: 1, error: enospc.message });
    await vi.waitFor(() => expect(updates.at(-1)).toMatchObject({ state: "failed", diskAtFailure: disk }));
  });

  it("cancels a running job (stream aborted) and a queued one, naming who cancelled", async () => {
    const { m, finished } = manager([script(ok(1000), { everyMs: 5 })], { concurrency: 1 });
    const running = m.start({ model: "big", user, override: "none", expectedBytes: 0 }).job;
    const queued = m.start({ model: "next", user, override: "none", expectedBytes: 0 }).job;
    const admin = { id: "a", name: "ada", role: "admin" as const };
    expect(await m.cancel(queued.id, admin)).toMatchObject({ state: "cancelled", cancelledBy: "ada" });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await m.cancel(running.id, admin)).toMatchObject({ state: "cancelled", cancelledBy: "ada" });
    expect(finished.map((j) => j.model).sort()).toEqual(["big:latest", "next:latest"]);
    await expect(m.cancel("nope", admin)).rejects.toMatchObject({ code: "not_found" });
  });

  it("publishes at most one update per job per interval however fast Ollama writes", async () => {
    const { m, settled } = manager([script(ok(400), { everyMs: 0 })], { publishMs: 50 });
    const times: number[] = [];
    m.subscribe(() => times.push(performance.now()));
    const started = performance.now();
    const { job } = m.start({ model: "m", user, override: "none", expectedBytes: 0 });
    await settled(job.id);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const elapsed = performance.now() - started;
    expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(45); // timers may fire a hair early
    expect(m.list()[0]?.state).toBe("succeeded");
  });

  it("keeps unfinished jobs in the journal and a new manager resumes them", async () => {
    const journal = new MemoryJournal();
    const first = manager([script(ok(1000), { everyMs: 5 })], { journal });
    const { job } = first.m.start({ model: "llama3.1:70b", user, override: "does_not_fit", expectedBytes: 40e9 });
    await vi.waitFor(() => expect([...journal.entries.values()]).toMatchObject([{ id: job.id, model: "llama3.1:70b", state: "running", override: "does_not_fit" }]));
    first.m.shutdown();
    const second = manager([script(ok())], { journal });
    const resumed = await second.m.resume();
    expect(resumed).toMatchObject([{ id: job.id, resumed: true, startedBy: "olive", override: "does_not_fit" }]);
    expect(await second.settled(job.id)).toMatchObject({ state: "succeeded" });
    expect(journal.entries.size).toBe(0);
  });
});

describe("PullManager with several replicas (issue 19)", () => {
  const until = async (what: string, check: () => boolean, ms = 3_000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it("a follower's start becomes a journal intent the leader runs; the follower lists the leader's progress and the end", async () => {
    const journal = new MemoryJournal();
    const leader = manager([script(ok(20), { everyMs: 10 })], { journal, leading: false, progressFlushMs: 30 });
    const follower = manager([], { journal, leading: false, progressFlushMs: 30 });
    follower.m.follow();
    const term = new AbortController();
    await leader.m.lead(term.signal);
    const seen: PullJob[] = [];
    follower.m.subscribe((j) => seen.push(j));
    const { job, joined } = await follower.m.submit({ model: "llama3.2", user, override: "none", expectedBytes: 100 });
    expect(joined).toBe(false);
    expect(follower.m.list()[0]).toMatchObject({ id: job.id, state: "queued" });
    // A second start at the follower, under another spelling, joins the intent instead of adding one.
    expect(await follower.m.submit({ model: "library/llama3.2:latest", user, override: "none", expectedBytes: 100 })).toMatchObject({ joined: true, job: { id: job.id } });
    await until("progress at the follower", () => seen.some((j) => j.id === job.id && j.state === "downloading" && j.completedBytes > 0));
    expect(await leader.settled(job.id)).toMatchObject({ state: "succeeded" });
    await until("the end at the follower", () => follower.m.list().find((j) => j.id === job.id)?.state === "succeeded");
    expect(leader.calls).toEqual(["llama3.2:latest"]);
    expect(follower.calls).toEqual([]);
    expect(leader.finished.map((j) => j.id)).toEqual([job.id]);
    expect(follower.finished).toEqual([]);
    expect(journal.state.entries).toEqual([]);
    expect(journal.state.history.map((j) => j.id)).toEqual([job.id]);
    term.abort();
  });

  it("a cancel at a follower reaches the leader and returns the final state", async () => {
    const journal = new MemoryJournal();
    const leader = manager([script(ok(1000), { everyMs: 5 })], { journal, leading: false, progressFlushMs: 30 });
    const follower = manager([], { journal, leading: false });
    follower.m.follow();
    await leader.m.lead(new AbortController().signal);
    const { job } = leader.m.start({ model: "gemma2", user, override: "none", expectedBytes: 100 });
    await until("the job at the follower", () => follower.m.list().some((j) => j.id === job.id));
    const other = { id: "u2", name: "otto", role: "operator" as const };
    expect(await follower.m.cancel(job.id, other)).toMatchObject({ id: job.id, state: "cancelled", cancelledBy: "otto" });
    expect(leader.finished).toMatchObject([{ id: job.id, state: "cancelled" }]);
  });

  it("when leadership moves mid-pull the new leader resumes the job and only it finishes (and audits) it", async () => {
    const journal = new MemoryJournal();
    const a = manager([script(ok(1000), { everyMs: 5 })], { journal, leading: false, progressFlushMs: 30 });
    const b = manager([script(ok(5), { everyMs: 5 })], { journal, leading: false, progressFlushMs: 30 });
    b.m.follow();
    const termA = new AbortController();
    await a.m.lead(termA.signal);
    const { job } = a.m.start({ model: "phi3", user, override: "none", expectedBytes: 100 });
    await until("the job running", () => a.m.list()[0]?.state === "downloading");
    await new Promise((resolve) => setTimeout(resolve, 50));
    termA.abort(); // a lost its Lease: its stream stops, the journal keeps the job
    expect(a.m.leading).toBe(false);
    await b.m.lead(new AbortController().signal);
    expect(await b.settled(job.id)).toMatchObject({ state: "succeeded", resumed: true });
    await until("a to show the end", () => a.m.list().find((j) => j.id === job.id)?.state === "succeeded");
    expect(a.finished).toEqual([]);
    expect(b.finished.map((j) => j.id)).toEqual([job.id]);
  });
});
