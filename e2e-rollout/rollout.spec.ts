// A rolling restart under open pages (issue 19): an Overview and a Models page stay open, signed in as an operator,
// while 2 console replicas behind one gateway are replaced one by one as the Deployment does it (maxUnavailable 0: a new
// replica up and ready, then an old one out of the Service and drained with SIGTERM). The pages must never show an
// error state, never be sent to sign-in (one session secret for every replica), keep updating (a pull started before
// the roll keeps progressing after it, answers come from the new replicas), and get no non-2xx answer at all.
//
// Proof that it can fail: ROLLOUT_FAULT=keep-stopping (the gateway keeps routing to a draining replica) or
// ROLLOUT_FAULT=no-drain (replicas are killed without leaving the gateway) make it fail (see harness.ts).
import { expect, test, type Page, type Response } from "@playwright/test";
import { DEMO_USERS } from "../lib/features/auth/demo-users.ts";
import { signInOverHttp } from "../e2e/support/auth.ts";
import { ModelsPage } from "../e2e/pages/models.ts";
import { OverviewPage } from "../e2e/pages/overview.ts";
import { Rollout } from "./support/harness.ts";

const MODEL = "gemma2:27b";
let world: Rollout;

test.beforeAll(async () => {
  test.setTimeout(240_000); // a missing build is made once (CI reuses its build)
  world = await Rollout.start(2);
});

test.afterAll(async () => {
  await world?.stop();
});

interface Seen {
  page: string;
  url: string;
  status: number;
  replica: string | undefined;
}

/** Records every answer `page` gets from the console (documents, API calls, event streams, assets). */
function record(page: Page, name: string, into: Seen[]): void {
  page.on("response", (res: Response) => {
    if (!res.url().startsWith(world.gateway.url)) return;
    into.push({ page: name, url: new URL(res.url()).pathname, status: res.status(), replica: res.headers()["x-rollout-replica"] });
  });
}

/** What a page must not show at any moment of the roll. */
async function errorStates(page: Page): Promise<string[]> {
  const found: string[] = [];
  if (!page.url().startsWith(world.gateway.url) || /\/(login|signin)|\/api\/auth\//.test(new URL(page.url()).pathname)) found.push(`navigated to ${page.url()}`);
  for (const alert of await page.getByRole("alert").all()) {
    // Next's route announcer is an always-present, empty alert region; an error panel always says something.
    const text = (await alert.innerText().catch(() => "")).trim();
    if (text) found.push(`alert: ${text}`);
  }
  // Stale notes ("Stale since …: Console unreachable …") and any status text that says a source failed.
  for (const status of await page.getByRole("status").all()) {
    const text = await status.innerText().catch(() => "");
    if (/unreachable|failed|stale since|restarting|error/i.test(text)) found.push(`status: ${text}`);
  }
  return found;
}

test("two replicas are replaced one by one while an Overview and a Models page stay open: no error, no sign-in, no non-2xx", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: world.gateway.url });
  const operator = DEMO_USERS.find((u) => u.role === "operator")!;
  // Signed in on the gateway: the session cookie is then sent to whichever replica answers.
  await signInOverHttp(context.request, world.gateway.url, operator.name, operator.password);
  await fetch(`${world.sim.control}/__sim/speed`, { method: "POST", body: JSON.stringify({ bytesPerSecond: 40e6 }) });

  const seen: Seen[] = [];
  const overviewPage = await context.newPage();
  const modelsPage = await context.newPage();
  record(overviewPage, "overview", seen);
  record(modelsPage, "models", seen);
  const overview = new OverviewPage(overviewPage);
  const models = new ModelsPage(modelsPage);
  await overview.open();
  await models.open();
  await expect(overview.pods).toBeVisible();

  // A pull started before the roll: it must keep progressing across the replica (and leader) changes.
  await models.pull(MODEL);
  await expect.poll(() => models.percent(MODEL)).toBeGreaterThan(0);
  const before = await models.percent(MODEL);

  const problems: string[] = [];
  let rolling = true;
  const watch = (async () => {
    while (rolling) {
      for (const [name, page] of [["overview", overviewPage], ["models", modelsPage]] as const) {
        for (const p of await errorStates(page)) problems.push(`${name}: ${p}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  })();

  const timings: string[] = [];
  const t0 = Date.now();
  const old = [...world.replicas.keys()];
  try {
    for (const name of old) {
      const fresh = await world.startReplica(); // maxSurge 1: the new one is ready before an old one goes
      timings.push(`${fresh.name} ready +${Date.now() - t0} ms`);
      const exit = await world.stopReplica(name); // maxUnavailable 0
      timings.push(`${name} exited (${exit.code ?? exit.signal}) +${Date.now() - t0} ms`);
    }
    // After the roll the pages are still served, now by the new replicas only: wait for answers from both.
    const after = seen.length;
    await expect
      .poll(() => new Set(seen.slice(after).filter((s) => s.url.startsWith("/api/") && s.status === 200).map((s) => s.replica)).size, { timeout: 20_000 })
      .toBe(2);
    await expect.poll(() => models.percent(MODEL), { timeout: 30_000 }).toBeGreaterThan(before);
  } finally {
    rolling = false;
    await watch;
  }
  console.log(`roll: ${timings.join(", ")}; ${seen.length} answers seen by the pages`);

  const failed = seen.filter((s) => s.status < 200 || s.status >= 300);
  expect(failed, "non-2xx answers the pages got during the roll").toEqual([]);
  expect(problems, "error states the pages showed during the roll").toEqual([]);
  // Old replicas served before, new ones after: the pages really crossed the roll.
  const replicas = new Set(seen.map((s) => s.replica));
  for (const name of [...old, ...world.replicas.keys()]) expect(replicas, `answers from ${name}`).toContain(name);
  await overview.notReloaded();

  // Leave the world as it was: cancel the pull (through the gateway, like the page's Cancel button).
  const jobs = (await (await context.request.get("/api/pulls")).json()) as { jobs?: { id: string; model: string; state: string }[] };
  for (const job of jobs.jobs ?? []) if (job.model === MODEL) await context.request.delete(`/api/pulls/${job.id}`);
  await context.close();
});
