// Every API route's answer against its contract (lib/shared/contracts), over the simulated homelab: each route's real answer —
// data or error — parses with the contract the browser's types come from, streams' events included. And the Overview's
// shared answers carry an ETag and turn into 304 for a viewer who holds the current one.
import { globSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { writeKubeconfig } from "../../sim/kube/index.ts";
import { createWorld, type World } from "../../sim/world.ts";
import { AUTH_TEST_ENV, consoleRequest, sessionCookie } from "./auth-fixture";
import type { Contract } from "../../lib/shared/contracts/contract";

let world: World;
let dir: string;
let cookie: string;

beforeAll(async () => {
  world = await createWorld("homelab");
  dir = mkdtempSync(join(tmpdir(), "contracts-it-"));
  const kubeconfig = join(dir, "kubeconfig");
  await writeKubeconfig(kubeconfig, world.kube.url);
  Object.assign(process.env, AUTH_TEST_ENV, { KUBECONFIG: kubeconfig, OLLAMA_URL: world.ollama.url, CACHE_AGENT_URL: world.agentUrl });
  cookie = await sessionCookie("admin");
}, 60_000);

afterAll(async () => {
  const { config } = await import("../../lib/doors/runtime/config");
  const { stopWatches } = await import("../../lib/doors/kubernetes/cache");
  const { stopLogHub } = await import("../../lib/features/logs");
  stopLogHub(config().target);
  stopWatches(config().target);
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const errors = await import("../../lib/shared/contracts/error");
const c = {
  activity: await import("../../lib/shared/contracts/activity"),
  disk: await import("../../lib/shared/contracts/disk"),
  exposure: await import("../../lib/shared/contracts/exposure"),
  keys: await import("../../lib/shared/contracts/keys"),
  logs: await import("../../lib/shared/contracts/logs"),
  models: await import("../../lib/shared/contracts/models"),
  modelsDesired: await import("../../lib/shared/contracts/models-desired"),
  overview: await import("../../lib/shared/contracts/overview"),
  pulls: await import("../../lib/shared/contracts/pulls"),
  snapshots: await import("../../lib/shared/contracts/snapshots"),
};

/** GET `path` through the route module in `file`, as an admin of the same origin. */
async function get(file: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const mod = (await import(/* @vite-ignore */ `../../app/api/${file}/route.ts`)) as { GET: Handler };
  const req = consoleRequest("GET", path, { cookie, site: "same-origin" });
  for (const [k, v] of Object.entries(headers)) req.headers.set(k, v);
  return mod.GET(req, { params: Promise.resolve({}) });
}

/** The answer parses with `contract` when 2xx, with the error contract otherwise; returns the status. */
async function fits(res: Response, contract: z.ZodType, what: string): Promise<number> {
  const body: unknown = await res.json();
  const parsed = (res.ok ? contract : errors.errorBody).safeParse(body);
  expect(parsed.error?.issues ?? [], `${what}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
  return res.status;
}

/** The first `count` events' JSON data of an event stream. */
async function events(res: Response, count: number): Promise<unknown[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const found: unknown[] = [];
  const deadline = Date.now() + 10_000;
  while (found.length < count && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    found.length = 0;
    for (const m of text.matchAll(/^data: (.*)$/gm)) found.push(JSON.parse(m[1]!));
  }
  await reader.cancel();
  return found.slice(0, count);
}

const model = "qwen2.5:7b";
const ROUTES: [string, string, Contract & z.ZodType, number][] = [
  ["activity", "/api/activity", c.activity.activityList, 200],
  ["disk/expansion", "/api/disk/expansion?pendingBytes=1073741824", c.disk.expansionPlan, 200],
  ["disk/forecast", "/api/disk/forecast", c.disk.diskForecast, 200],
  ["disk/reclaim", "/api/disk/reclaim", c.disk.reclaimPlan, 200],
  ["exposure", "/api/exposure", c.exposure.exposureReport, 200],
  ["gpu", "/api/gpu", c.logs.gpuView, 200],
  ["keys", "/api/keys", c.keys.keysResponse, 200],
  ["logs", "/api/logs?tail=50", c.logs.logRead, 200],
  ["logs/restarts", "/api/logs/restarts", c.logs.logRestartsResponse, 200],
  ["logs/restart", "/api/logs/restart?pod=ollama-x&container=ollama&restartCount=1", c.logs.restartLines, 404],
  ["models", "/api/models", c.models.modelsResponse, 200],
  ["models/details", `/api/models/details?model=${model}`, c.models.modelDetails, 200],
  ["models/delete-impact", `/api/models/delete-impact?model=${model}`, c.models.deleteImpact, 200],
  ["models/desired", "/api/models/desired", c.modelsDesired.desiredResponse, 200],
  ["models/updates", "/api/models/updates", c.modelsDesired.updatesResponse, 200],
  ["overview/access", "/api/overview/access", c.overview.accessResponse, 200],
  ["overview/disk", "/api/overview/disk", c.overview.diskResponse, 200],
  ["overview/disk-history", "/api/overview/disk-history", c.overview.diskHistory, 200],
  ["overview/events", "/api/overview/events", c.overview.eventsResponse, 200],
  ["overview/health", "/api/overview/health", c.overview.healthResponse, 200],
  ["overview/loaded", "/api/overview/loaded", c.overview.loadedResponse, 200],
  ["overview/pods", "/api/overview/pods", c.overview.podsResponse, 200],
  ["overview/service-card", "/api/overview/service-card", c.overview.serviceCardResponse, 200],
  ["pulls", "/api/pulls", c.pulls.pullsResponse, 200],
  ["pulls/preflight", "/api/pulls/preflight?model=llama3.2:1b", c.pulls.preflight, 200],
  ["settings", "/api/settings", c.logs.settingsView, 200],
  ["snapshots", "/api/snapshots", c.snapshots.snapshotsView, 200],
  ["snapshots", "/api/snapshots?view=summary", c.snapshots.snapshotsSummary, 200],
];

/** Event-stream routes: their events are checked in "the event streams' events fit theirs". */
const STREAMS = ["pulls/events", "logs/stream"];

/** Routes outside the wrapper, and what their answer is instead of a JSON contract of ours. */
const OUTSIDE_THE_WRAPPER: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "next-auth's own endpoints, read by next-auth's client",
  "app/api/forward-auth/route.ts": "Traefik forwardAuth: a status and the X-Forward-Auth-Reason header, no JSON",
  "app/api/forward-auth/baseline/route.ts": "benchmark baseline: an empty 200",
  "app/api/health/route.ts": "probes: typed by lib/shared/contracts/health.ts",
};

describe("contract declarations", () => {
  it("every route file declares a response contract, or is a known exception outside the wrapper", () => {
    for (const file of globSync("app/api/**/route.{ts,tsx}")) {
      const source = readFileSync(file, "utf8");
      const wrapped = /\broute\(/.test(source);
      if (!wrapped) expect(OUTSIDE_THE_WRAPPER[file], `${file} is outside the route wrapper`).toBeDefined();
      // The wrapper's type requires `response`; this only keeps the list of exceptions honest.
      else expect(OUTSIDE_THE_WRAPPER[file], file).toBeUndefined();
    }
    expect(readFileSync("app/api/health/route.ts", "utf8")).toContain("@/lib/shared/contracts/health");
  });

  it("every wrapped GET route is checked below (its answer against its contract), or is an event stream", () => {
    const checked = new Set([...ROUTES.map(([file]) => file), ...STREAMS]);
    for (const file of globSync("app/api/**/route.{ts,tsx}")) {
      const source = readFileSync(file, "utf8");
      if (!/\bexport const GET = route\(/.test(source)) continue;
      const name = file.replace(/^app\/api\//, "").replace(/\/route\.tsx?$/, "");
      expect(checked.has(name), `${file}: add it to ROUTES`).toBe(true);
    }
  });
});

describe("every GET route's answer fits its contract", () => {
  it.each(ROUTES)("%s (%s)", async (file, path, contract, status) => {
    expect(await fits(await get(file, path), contract, path)).toBe(status);
  }, 30_000);

  it("the event streams' events fit theirs", async () => {
    const [snapshot] = await events(await get("pulls/events", "/api/pulls/events"), 1);
    expect(c.pulls.pullsSnapshot.safeParse(snapshot).error?.issues ?? []).toEqual([]);
    const logEvents = await events(await get("logs/stream", "/api/logs/stream?tail=20"), 2);
    expect(logEvents.length).toBeGreaterThan(0);
    for (const e of logEvents) expect(c.logs.logStreamEvent.safeParse(e).error?.issues ?? []).toEqual([]);
  }, 30_000);
});

describe("Overview answers are shared, with ETag and 304", () => {
  it("sends an ETag; the same ETag back gets 304 without a body; a change in the cluster gets a new answer", async () => {
    const first = await get("overview/pods", "/api/overview/pods");
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/".+"$/);
    const pods = c.overview.podsResponse.parse(await first.json());

    const unchanged = await get("overview/pods", "/api/overview/pods", { "If-None-Match": etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");

    // The Ollama container is OOM-killed: its restart count moves, and the next answer (after the shared window) says so.
    world.action("oom-crash");
    let changed: Response | undefined;
    await expect
      .poll(async () => (changed = await get("overview/pods", "/api/overview/pods", { "If-None-Match": etag })).status, { timeout: 10_000, interval: 250 })
      .toBe(200);
    expect(changed!.headers.get("etag")).not.toBe(etag);
    const after = c.overview.podsResponse.parse(await changed!.json());
    expect(after.pods[0]!.restarts).toBeGreaterThan(pods.pods[0]!.restarts);
  }, 30_000);
});
