// Issue 19's acceptance with real console processes: three production consoles (`next start`) against one set of
// simulators. Kill the leader mid-pull: another takes over within the lease duration and the pull completes; twenty
// random leader kills: no pull runs twice, no audit entry is written twice; every replica lists the same jobs; sign-in
// throttling holds across replicas (failures at two replicas slow the client down at the third). TARGET=real (the real
// tier, tests/real/global-setup.ts) runs all of it against the real kube-apiserver: a real Lease, the journal and the
// throttle counts in real ConfigMaps, the audit trail in real Events; Ollama and the registry stay simulated.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { passwordAttempt } from "../../scripts/support/console.ts";
import { kubeRequest } from "../../tools/realstack/kubeapi.ts";
import { realConnection } from "../real/support/conn.ts";
import { BUILD_TIMEOUT_MS, buildConsole, startConsole, startSim, until, type RunningConsole } from "./production-fixture";

interface Job {
  id: string;
  model: string;
  state: string;
  completedBytes: number;
}

const REAL = process.env.TARGET === "real";
let sim: Awaited<ReturnType<typeof startSim>>;
let server = "";
/** The consoles' kubeconfig: the simulator's, or the real cluster's. */
let kubeEnv: Record<string, string> = {};
const running: RunningConsole[] = [];

beforeAll(async () => {
  buildConsole();
  sim = await startSim();
  if (REAL) {
    kubeEnv = { KUBECONFIG: inject("realCluster").kubeconfig };
  } else {
    const kc = parse(readFileSync(sim.sim.kubeconfig, "utf8")) as { clusters: { cluster: { server: string } }[] };
    server = kc.clusters[0]?.cluster.server ?? "";
  }
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(running.map((c) => c.stop()));
  await sim?.stop();
});

async function kubeGet<T>(path: string): Promise<T | undefined> {
  if (REAL) {
    const res = await kubeRequest<T>(realConnection(), "GET", path);
    return res.status === 200 ? res.body : undefined;
  }
  const res = await fetch(`${server}${path}`);
  return res.ok ? ((await res.json()) as T) : undefined;
}

/** The Lease's holder, as the API server has it ("" when released). */
async function holder(lease = "ollama-ops-leader"): Promise<string> {
  const l = await kubeGet<{ spec?: { holderIdentity?: string } }>(`/apis/coordination.k8s.io/v1/namespaces/ollama/leases/${lease}`);
  return l?.spec?.holderIdentity ?? "";
}

async function start(name: string, extra: Record<string, string> = {}): Promise<RunningConsole> {
  const c = await startConsole(sim.sim, { ...kubeEnv, POD_NAME: name, ...extra });
  running.push(c);
  return c;
}

async function kill(c: RunningConsole): Promise<void> {
  await c.stop(); // SIGKILL: no release, the successor waits for the Lease to expire
  running.splice(running.indexOf(c), 1);
}

async function jobs(c: RunningConsole): Promise<Job[]> {
  const res = await fetch(`${c.url}/api/pulls`, { headers: { cookie: await c.cookie("viewer") } });
  if (!res.ok) throw new Error(`GET /api/pulls: ${res.status}`);
  return ((await res.json()) as { jobs: Job[] }).jobs;
}

async function pull(c: RunningConsole, model: string): Promise<Job> {
  const res = await fetch(`${c.url}/api/pulls`, {
    method: "POST",
    headers: { cookie: await c.cookie("operator"), "content-type": "application/json" },
    body: JSON.stringify({ model, override: true }),
  });
  if (res.status !== 200) throw new Error(`POST /api/pulls: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { job: Job }).job;
}

const speed = (bytesPerSecond: number) => fetch(`${sim.sim.control}/__sim/speed`, { method: "POST", body: JSON.stringify({ bytesPerSecond }) });

/** Every audit record of a pull's end, from the Events on the Ollama Deployment (the audit trail); `subject` is the model. */
async function pullAudits(): Promise<{ action: string; subject: string }[]> {
  const list = await kubeGet<{ items: { metadata: { annotations?: Record<string, string> } }[] }>("/api/v1/namespaces/ollama/events?fieldSelector=reportingComponent%3Dollama-ops");
  const out: { action: string; subject: string }[] = [];
  for (const ev of list?.items ?? []) {
    const raw = ev.metadata.annotations?.["ollama-ops.dev/audit"];
    if (!raw) continue;
    const parsed = JSON.parse(raw) as unknown;
    for (const r of (Array.isArray(parsed) ? parsed : [parsed]) as { action: string; subject: string }[]) {
      if (/^ModelPull(Succeeded|Failed|Cancelled)$/.test(r.action)) out.push({ action: r.action, subject: r.subject });
    }
  }
  return out;
}

function leaderOf(consoles: RunningConsole[], names: Map<RunningConsole, string>, id: string): RunningConsole | undefined {
  return consoles.find((c) => id.startsWith(`${names.get(c)}_`));
}

describe("three console processes, client-go timings", () => {
  it("kill the leader mid-pull: another takes over within the lease duration, the pull completes once, every replica lists it", async () => {
    const names = new Map<RunningConsole, string>();
    const consoles: RunningConsole[] = [];
    for (const name of ["r0", "r1", "r2"]) {
      const c = await start(name);
      names.set(c, name);
      consoles.push(c);
    }
    const first = await until(async () => (await holder()) || undefined, "a leader", 30_000);
    const leader = leaderOf(consoles, names, first)!;
    expect(leader).toBeDefined();
    // Readiness says which replica leads, and every replica is ready (its watches listed).
    const ready = await Promise.all(consoles.map(async (c) => (await (await fetch(`${c.url}/api/health?probe=ready`)).json()) as { status: string; leader: boolean }));
    expect(ready.map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
    expect(ready.map((r) => r.leader)).toEqual(consoles.map((c) => c === leader));
    const follower = consoles.find((c) => c !== leader)!;
    await speed(20e6);
    // Started at a follower: an intent in the journal that the leader runs.
    const job = await pull(follower, "llama3.2:1b");
    // Every replica lists the job, with the leader's progress.
    await until(async () => ((await Promise.all(consoles.map(jobs))).every((l) => l.some((j) => j.id === job.id && j.completedBytes > 0)) ? true : undefined), "every replica to list the running job", 20_000);

    const before = Math.max(...(await Promise.all(consoles.map(async (c) => (await jobs(c)).find((j) => j.id === job.id)?.completedBytes ?? 0))));
    const killedAt = Date.now();
    await kill(leader);
    const survivors = consoles.filter((c) => c !== leader);
    const next = await until(async () => {
      const h = await holder();
      return h && h !== first ? h : undefined;
    }, "a new leader", 30_000);
    const takeover = (Date.now() - killedAt) / 1000;
    expect(leaderOf(survivors, names, next)).toBeDefined();
    // client-go: a successor waits a lease duration (15 s) from its last sight of a renewal, then tries every 2 s (×1.2).
    expect(takeover).toBeLessThanOrEqual(15 + 2.4 + 1);
    await until(async () => ((await jobs(survivors[0]!)).find((j) => j.id === job.id)?.completedBytes ?? 0) > before ? true : undefined, "progress after the failover", 30_000);
    const failover = (Date.now() - killedAt) / 1000;
    console.log(`failover: new leader after ${takeover.toFixed(1)} s, next progress after ${failover.toFixed(1)} s`);
    await speed(4e9);
    await until(async () => ((await Promise.all(survivors.map(jobs))).every((l) => l.find((j) => j.id === job.id)?.state === "succeeded") ? true : undefined), "the pull to succeed on every replica", 60_000);
    await until(async () => ((await pullAudits()).some((a) => a.subject === job.model) ? true : undefined), "the audit entry", 15_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await pullAudits()).filter((a) => a.subject === job.model)).toEqual([{ action: "ModelPullSucceeded", subject: job.model }]);
    await Promise.all(survivors.map((c) => kill(c)));
  }, 240_000);
});

describe("three console processes, sign-in throttling", () => {
  it("wrong passwords at two replicas slow the same client down at the third, which never saw a failure itself; no lockout", async () => {
    const [a, b, c] = [await start("t0"), await start("t1"), await start("t2")];
    // Wrong passwords from one client (this test's address) for names that do not exist, alternating between two
    // replicas: the first five are free (FREE_FAILURES.address); after that each waits out its delay (1 s, 2 s) so it
    // counts. A refusal while a delay runs counts nothing and is tried again.
    let counted = 0;
    for (let tries = 0; counted < 7 && tries < 60; tries++) {
      const { url } = await passwordAttempt(counted % 2 ? b.url : a.url, `nobody-${counted}`, "wrong");
      if (url.includes("error=CredentialsSignin")) counted++;
      else if (url.includes("error=RateLimited")) await new Promise((resolve) => setTimeout(resolve, 250));
      else throw new Error(`unexpected answer ${url}`);
    }
    expect(counted).toBe(7);
    // Seven failures: the address waits 4 s after the last. The third replica refuses even a correct password for an
    // account that never failed, because it shares the address's count (its own count is zero: a sign-in that got
    // through would prove it had not seen the others' failures, and would not count as one).
    await until(async () => ((await passwordAttempt(c.url, "viewer", "demo-viewer")).url.includes("error=RateLimited") ? true : undefined), "the third replica to refuse the slowed-down client", 3_000);
    // Growing delays, not a lockout: once the delay has run out, the same client signs in at the third replica.
    const signedIn = await until(async () => (await passwordAttempt(c.url, "viewer", "demo-viewer")).cookie, "the delay to run out", 20_000);
    expect(signedIn).toContain("session-token");
    await Promise.all([a, b, c].map((x) => kill(x)));
  }, 120_000);
});

describe("three console processes, short leases", () => {
  it("over 20 random leader kills: every pull completes, none twice, no duplicate audit entry, every replica lists the same jobs", async () => {
    const extra = { LEADER_TEST_TIMINGS_MS: "3000,2000,400" };
    const names = new Map<RunningConsole, string>();
    let consoles: RunningConsole[] = [];
    let n = 0;
    const add = async () => {
      const name = `k${n++}`;
      const c = await start(name, extra);
      names.set(c, name);
      consoles.push(c);
    };
    for (let i = 0; i < 3; i++) await add();

    // Not installed in the homelab scenario, and together well within its free space.
    const models = ["phi3:mini", "gemma2:9b", "llava:7b", "deepseek-r1:7b", "llama3.1:8b"];
    await speed(40e6);
    const started: Job[] = [];
    for (let kill_ = 0; kill_ < 20; kill_++) {
      const h = await until(async () => (await holder()) || undefined, "a leader", 30_000);
      const leader = leaderOf(consoles, names, h);
      if (kill_ % 4 === 0 && started.length < models.length) {
        const at = consoles[Math.floor(Math.random() * consoles.length)]!;
        started.push(await pull(at, models[started.length]!));
      }
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1_500));
      if (leader) {
        await kill(leader);
        consoles = consoles.filter((c) => c !== leader);
      }
      // The replacement starts while the survivors elect the next leader (it may win the election itself).
      await Promise.all([
        add(),
        until(async () => {
          const now = await holder();
          return now && now !== h ? now : undefined;
        }, "the next leader", 30_000),
      ]);
    }
    await speed(4e9);
    const last = consoles;
    await until(
      async () => ((await Promise.all(last.map(jobs))).every((l) => started.every((s) => l.find((j) => j.id === s.id)?.state === "succeeded")) ? true : undefined),
      "every pull to succeed, as every replica lists it",
      120_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    // One model per job: one audit record per model.
    const audits = (await pullAudits()).filter((a) => started.some((s) => s.model === a.subject));
    expect(audits.map((a) => a.subject).sort()).toEqual(started.map((s) => s.model).sort());
    expect(audits.every((a) => a.action === "ModelPullSucceeded")).toBe(true);
    // Every replica lists the same jobs.
    const lists = await Promise.all(last.map(async (c) => (await jobs(c)).filter((j) => started.some((s) => s.id === j.id)).map((j) => `${j.id}:${j.state}`).sort()));
    for (const l of lists) expect(l).toEqual(lists[0]);
  }, 600_000);
});
