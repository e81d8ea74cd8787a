// The API of a production build (Next's router, proxy and separate bundles), for the security audit's findings that only
// the real server shows (issue 12): an unknown pull is 404 across bundles (7), request bodies are capped before reading,
// also without a session, and memory stays flat under big uploads (6), a seeded fuzz of the mutation routes, and last
// SIGTERM with an open event stream and a running pull (5). One file, so one build per test run.
import { readFileSync, readdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUILD_TIMEOUT_MS, buildConsole, simCounters, startConsole, startSim, until, type RunningConsole } from "./production-fixture";
import { badRequests, type BadRequest } from "./api-fuzz";
import type { SimEndpoints } from "../../sim/launch.ts";

let sim: { sim: SimEndpoints; stop(): Promise<void> };
let app: RunningConsole;

beforeAll(async () => {
  buildConsole();
  sim = await startSim();
  app = await startConsole(sim.sim);
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await app?.stop();
  await sim?.stop();
});

/** Resident memory of the console: the `next start` process and any children, in MiB. */
function rssMiB(pid: number): number {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [pid, ...[...parent].filter(([, ppid]) => ppid === pid).map(([p]) => p)];
  let kib = 0;
  for (const p of tree) kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
  return kib / 1024;
}

/** Sends a request, never throwing: a connection the server closed early counts as "reset", no answer in time as "timeout". */
async function send(url: string, init: RequestInit, timeoutMs = 20_000): Promise<number | "reset" | "timeout"> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { ...init, signal });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return signal.aborted ? "timeout" : "reset";
  }
}

describe("an unknown pull job", () => {
  it("is 404 (the pull manager comes from the instrumentation bundle, the route from its own)", async () => {
    const res = await fetch(`${app.url}/api/pulls/${randomUUID()}`, { method: "DELETE", headers: { cookie: await app.cookie("operator") } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("request bodies", () => {
  it("over 64 KiB are refused with 413, with or without a session, declared or chunked", async () => {
    const big = new Uint8Array(200 * 1024).fill(0x20);
    let sent = 0;
    const chunked = () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent >= 2 * 2 ** 20) return c.close();
          sent += 16 * 1024;
          c.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        },
      });
    const operator = await app.cookie("operator");
    for (const cookie of [undefined, operator]) {
      const headers = { "content-type": "application/json", ...(cookie ? { cookie } : {}) };
      expect(await send(`${app.url}/api/pulls`, { method: "POST", headers, body: big }), `declared, session: ${Boolean(cookie)}`).toBe(413);
      expect(await send(`${app.url}/api/auth/_log`, { method: "POST", headers, body: big }), "public next-auth route").toBe(413);
    }
    const res = await send(`${app.url}/api/pulls`, { method: "POST", headers: { cookie: operator }, body: chunked(), duplex: "half" } as RequestInit);
    expect(res).toBe(413);
  });

  it("16 parallel 50 MB uploads without a session are refused at once, and memory settles under the pod's limit", async () => {
    const body = new Uint8Array(50 * 2 ** 20).fill(0x20);
    const pid = app.child.pid!;
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 16 }, () => send(`${app.url}/api/pulls`, { method: "POST", body }, 60_000)));
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 2_000));
    const after = rssMiB(pid);
    console.info(
      `16 parallel 50 MB POSTs without a session: answered in ${seconds.toFixed(1)} s (${answers.join(" ")}); ` +
        `console RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB, ${after.toFixed(0)} MiB 2 s after`,
    );
    // Refused from the headers: a 413, or the connection closed under the rest of the upload. Never a timeout (the old
    // code left most of them unanswered after 20 s). On a busy 2-core machine sending 800 MB itself takes seconds.
    expect(answers.every((a) => a === 413 || a === "reset"), JSON.stringify(answers)).toBe(true);
    // Memory is printed above, not asserted: what remains is the churn of reading 800 MB off the sockets (Node reads them
    // to close cleanly), not bodies kept, and its peak swings with GC timing (+3 to +150 MiB seen on a shared machine).
    // The body-limit middleware in front (deploy/base) keeps such uploads away from the pod in production.
    expect(after, "RSS settles below the Deployment's 512Mi limit").toBeLessThan(512);
  }, 120_000);
});

/** Ollama calls the console makes only when asked about a model (not its own polling of tags, ps and version). */
const MODEL_ROUTES = /^(POST|DELETE|HEAD) /;

describe("fuzz: the mutation routes and every route that takes a model name", () => {
  it("answer ≥ 1,000 generated bad inputs without a 5xx and without naming them to Ollama or a registry", async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261128);
    const cases = badRequests(seed, 1_100);
    const cookies = { operator: await app.cookie("operator"), admin: await app.cookie("admin") };
    const before = await simCounters(sim.sim);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const c: BadRequest = cases[i]!;
        const headers: Record<string, string> = { cookie: cookies[c.role], ...c.headers };
        const status = await send(`${app.url}${c.path}`, { method: c.method, headers, body: c.body, ...(c.body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
        if (typeof status !== "number" || status >= 500 || status < 400) failures.push(`#${i} ${c.kind}: ${c.method} ${c.path.slice(0, 120)} → ${status}`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const after = await simCounters(sim.sim);
    const modelCalls = (s: typeof before) => Object.entries(s.ollamaRequestsByRoute).filter(([k]) => MODEL_ROUTES.test(k)).reduce((n, [, v]) => n + v, 0);
    expect(failures, `seed ${seed}: ${failures.length} of ${cases.length} bad inputs not refused with a 4xx`).toEqual([]);
    const delta = Object.entries(after.ollamaRequestsByRoute)
      .filter(([k, v]) => MODEL_ROUTES.test(k) && v > (before.ollamaRequestsByRoute[k] ?? 0))
      .map(([k, v]) => `${k} +${v - (before.ollamaRequestsByRoute[k] ?? 0)}`);
    expect(modelCalls(after) - modelCalls(before), `seed ${seed}: Ollama calls naming a model: ${delta.join(", ")}`).toBe(0);
    expect(after.requests.registry! - before.requests.registry!, `seed ${seed}: registry calls`).toBe(0);
  }, 300_000);
});

/** The pull journal ConfigMap as the simulated API server holds it. */
async function journal(): Promise<{ id: string; model: string }[]> {
  const kc = parse(readFileSync(sim.sim.kubeconfig, "utf8")) as { clusters: { cluster: { server: string } }[] };
  const server = kc.clusters[0]?.cluster.server ?? "";
  const res = await fetch(`${server}/api/v1/namespaces/ollama/configmaps/ollama-ops-pulls`);
  if (!res.ok) return [];
  const cm = (await res.json()) as { data?: Record<string, string> };
  return JSON.parse(cm.data?.["jobs.json"] ?? "[]") as { id: string; model: string }[];
}

describe("SIGTERM", () => {
  it("ends the open event stream, keeps the running pull in the journal and exits within 10 s", async () => {
    const cookie = await app.cookie("operator");
    // Slow downloads: the pull is still running when the signal comes.
    await fetch(`${sim.sim.control}/__sim/speed`, { method: "POST", body: JSON.stringify({ bytesPerSecond: 200_000 }) });
    const started = await fetch(`${app.url}/api/pulls`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ model: "gemma2:9b", override: true }),
    });
    expect(started.status, await started.clone().text()).toBe(200);
    const { job } = (await started.json()) as { job: { id: string } };
    await until(async () => ((await journal()).some((e) => e.id === job.id) ? true : undefined), "the job in the journal", 10_000);

    const stream = await fetch(`${app.url}/api/pulls/events`, { headers: { cookie } });
    expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/retry|snapshot/);
    const streamEnded = (async () => {
      for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return Date.now();
    })();

    const exited = new Promise<number>((resolve) => app.child.once("exit", () => resolve(Date.now())));
    const signalled = Date.now();
    const logBefore = app.output().length;
    app.child.kill("SIGTERM");
    const deadline = new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 15_000));
    const exitedAt = await Promise.race([exited, deadline]);
    expect(exitedAt - signalled, `still running 15 s after SIGTERM:\n${app.output().slice(-2000)}`).toBeLessThan(10_000);
    expect(await Promise.race([streamEnded, deadline])).toBeLessThanOrEqual(exitedAt);
    // Handed back, not finished: the next process resumes it (and is the only one to audit its end).
    expect((await journal()).map((e) => e.id)).toContain(job.id);
    expect(app.output().slice(logBefore)).not.toMatch(/ModelPull(Succeeded|Cancelled)/);
  }, 60_000);
});
