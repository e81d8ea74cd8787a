// Finding 5 of the security audit (issue 12): SIGTERM with a browser on the Models page (an open pull event stream) and a
// pull running. A production process must end the stream, hand the pull back to the journal and exit within 10 s.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BUILD_TIMEOUT_MS, buildConsole, startConsole, startSim, until, type RunningConsole } from "./production-fixture";
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
    app.child.kill("SIGTERM");
    const deadline = new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 15_000));
    const exitedAt = await Promise.race([exited, deadline]);
    expect(exitedAt - signalled, `still running 15 s after SIGTERM:\n${app.output().slice(-2000)}`).toBeLessThan(10_000);
    expect(await Promise.race([streamEnded, deadline])).toBeLessThanOrEqual(exitedAt);
    // Handed back, not finished: the next process resumes it (and is the only one to audit its end).
    expect((await journal()).map((e) => e.id)).toContain(job.id);
    expect(app.output()).not.toMatch(/ModelPull(Succeeded|Cancelled)/);
  }, 60_000);
});
