// `npm run bench:pages [-- --runs N] [--reuse-build] [--dist DIR]`: page weight and time to data, per page.
// Starts the simulators and a production build of the console (`next build` + `next start`, as production runs), signs in
// as the demo admin, then opens every page in headless Chromium with an empty cache, `--runs` times (median reported).
// Prints, per page: the gzipped JavaScript loaded before the `load` event (first-load JS, target ≤ 200 kB), the JS loaded
// later (lazy chunks such as the chart library), the request count until the widgets show data, and that time.
import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO_USERS } from "../lib/features/auth/demo-users.ts";
import { spawnSim } from "../sim/launch.ts";
import { sleep, startConsole } from "./support/console.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    "reuse-build": { type: "boolean", default: false },
    dist: { type: "string", default: ".next-bench" },
  },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error("usage: bench-pages [--runs N≥1] [--reuse-build] [--dist DIR]");
  process.exit(2);
}
const TARGET_KB = 200;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** What "the widgets show data" means on each page: its main list or table is there and nothing in <main> says Loading. */
const PAGES = [
  { path: "/login", signedIn: false, ready: "form" },
  { path: "/", signedIn: true, ready: 'ul[aria-label="Models in memory"]' },
  { path: "/models", signedIn: true, ready: "table:has(caption)" },
  { path: "/snapshots", signedIn: true, ready: "table:has(caption)" },
  { path: "/activity", signedIn: true, ready: "main h1" },
  { path: "/server", signedIn: true, ready: "main h1" },
  { path: "/keys", signedIn: true, ready: "main h1" },
  { path: "/logs", signedIn: true, ready: "main h1" },
] as const;

const children: ChildProcess[] = [];
const stopAll = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", () => (stopAll(), process.exit(130)));
/** A context signed in as the demo admin, through the sign-in endpoint as the form does. */
async function signedInContext(browser: Browser, base: string): Promise<BrowserContext> {
  const admin = DEMO_USERS.find((u) => u.role === "admin");
  if (!admin) throw new Error("no demo admin");
  const ctx = await browser.newContext({ baseURL: base });
  const { csrfToken } = (await (await ctx.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await ctx.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, username: admin.name, password: admin.password, json: "true", callbackUrl: "/" },
    headers: { Origin: base },
  });
  return ctx;
}

interface Sample {
  firstLoadJs: number;
  lazyJs: number;
  requests: number;
  dataMs: number;
}

/** One cold visit: a fresh page (empty cache) in `ctx`. */
async function visit(ctx: BrowserContext, base: string, page: (typeof PAGES)[number]): Promise<Sample> {
  const tab = await ctx.newPage();
  let loaded = false;
  let requests = 0;
  const js = { first: 0, lazy: 0 };
  const pending: Promise<void>[] = [];
  tab.on("request", () => void (requests += 1));
  tab.on("load", () => void (loaded = true));
  tab.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    const early = !loaded;
    pending.push(
      res.body().then(
        (body) => void (js[early ? "first" : "lazy"] += gzipSync(body).length),
        () => undefined,
      ),
    );
  });
  await tab.goto(`${base}${page.path}`, { waitUntil: "commit" });
  await tab.waitForFunction(
    (ready) => !!document.querySelector(ready) && ![...document.querySelectorAll("main [role=status]")].some((e) => e.textContent?.startsWith("Loading")),
    page.ready,
    { timeout: 30_000, polling: 50 },
  );
  const dataMs = await tab.evaluate(() => performance.now());
  const counted = requests;
  await tab.waitForLoadState("load");
  await sleep(1_000);
  await Promise.all(pending);
  await tab.close();
  return { firstLoadJs: js.first, lazyJs: js.lazy, requests: counted, dataMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

mkdirSync(".tmp", { recursive: true });
const { endpoints: sim, child } = await spawnSim(["--scenario", "homelab", "--kubeconfig", ".tmp/bench-pages-kubeconfig"]);
children.push(child);
let failed = false;
try {
  const started = await startConsole(sim, { dist: values.dist, reuseBuild: values["reuse-build"] });
  children.push(started.child);
  const base = started.base;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  const signedIn = await signedInContext(browser, base);
  const rows: string[] = [];
  for (const page of PAGES) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      // A fresh context per visit: no HTTP cache. The first visit only warms the server.
      const ctx = page.signedIn ? await browser.newContext({ baseURL: base, storageState: await signedIn.storageState() }) : await browser.newContext();
      const s = await visit(ctx, base, page);
      await ctx.close();
      if (i > 0) samples.push(s);
    }
    const first = median(samples.map((s) => s.firstLoadJs));
    const ok = first <= TARGET_KB * 1024;
    failed ||= !ok;
    rows.push(
      `| ${page.path} | ${kb(first)} ${ok ? "✓" : "✗"} | ${kb(median(samples.map((s) => s.lazyJs)))} | ${median(samples.map((s) => s.requests))} | ${Math.round(median(samples.map((s) => s.dataMs)))} ms |`,
    );
  }
  await browser.close();
  console.log(`\nPages (median of ${RUNS} cold visits; first-load JS target ≤ ${TARGET_KB} kB gzipped):\n`);
  console.log("| Page | First-load JS (gzip) | Lazy JS after load (gzip) | Requests until data | Time until data |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) console.log(r);
} finally {
  stopAll();
}
process.exit(failed ? 1 : 0);
