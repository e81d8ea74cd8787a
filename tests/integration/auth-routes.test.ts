// Every route file under app/api (found on disk, so routes added later are covered), every method it exports, as no session,
// viewer, operator, admin and cross-site: 401 without a session, 403 naming the role below the route's role, 403 for any
// cross-site mutation, and for an allowed role an answer from the handler (never an auth refusal, never a 500).
import { globSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_ENV, consoleRequest, sessionCookie } from "./auth-fixture";

Object.assign(process.env, AUTH_TEST_ENV);
const { isPublicPath } = await import("@/lib/features/auth/public-paths");

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const ROLES = ["viewer", "operator", "admin"] as const;
type Role = (typeof ROLES)[number];

/**
 * The role each route and method needs, spelled out: a handler missing here (a new route, a new method) fails the
 * enumeration test until someone decides who may call it.
 */
const NEEDS: Record<string, Role> = {
  "GET /api/activity": "viewer",
  "GET /api/disk/expansion": "viewer",
  "POST /api/disk/expansion": "admin",
  "GET /api/disk/forecast": "viewer",
  "GET /api/disk/reclaim": "viewer",
  "POST /api/disk/reclaim": "admin",
  "GET /api/exposure": "viewer",
  "GET /api/gpu": "viewer",
  "GET /api/logs": "admin",
  "GET /api/logs/restart": "admin",
  "GET /api/logs/restarts": "admin",
  "GET /api/logs/stream": "admin",
  "GET /api/keys": "admin",
  "POST /api/keys": "admin",
  "DELETE /api/keys/x": "admin",
  "GET /api/models": "viewer",
  "DELETE /api/models": "operator",
  "GET /api/models/delete-impact": "viewer",
  "GET /api/models/details": "viewer",
  "POST /api/models/unload": "operator",
  "GET /api/models/updates": "viewer",
  "POST /api/models/updates": "operator",
  "POST /api/models/updates/apply": "operator",
  "GET /api/models/desired": "viewer",
  "POST /api/models/pins/retry": "operator",
  "POST /api/models/reconcile": "operator",
  "POST /api/models/variants": "operator",
  "GET /api/overview/access": "viewer",
  "GET /api/overview/disk": "viewer",
  "GET /api/overview/disk-history": "viewer",
  "GET /api/overview/events": "viewer",
  "GET /api/overview/health": "viewer",
  "GET /api/overview/loaded": "viewer",
  "GET /api/overview/pods": "viewer",
  "GET /api/overview/service-card": "viewer",
  "GET /api/pulls": "viewer",
  "POST /api/pulls": "operator",
  "DELETE /api/pulls/x": "operator",
  "GET /api/pulls/events": "viewer",
  "GET /api/pulls/preflight": "viewer",
  "GET /api/settings": "viewer",
  "POST /api/settings/patch": "operator",
  "GET /api/snapshots": "viewer",
  "POST /api/snapshots": "operator",
  "DELETE /api/snapshots/x": "admin",
  "POST /api/snapshots/x/restore": "admin",
};
const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

interface RouteCase {
  file: string;
  path: string;
  params: Record<string, string | string[]>;
}

/** app/api/snapshots/[name]/route.ts → /api/snapshots/x with params { name: "x" }. */
function routeCase(file: string): RouteCase {
  const params: Record<string, string | string[]> = {};
  const segments = dirname(file)
    .split("/")
    .slice(1)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      const m = /^\[(\.\.\.)?(.+)\]$/.exec(s);
      if (!m?.[2]) return s;
      params[m[2]] = m[1] ? ["x"] : "x";
      return "x";
    });
  return { file, path: `/${segments.join("/")}`, params };
}

const cases = globSync("app/api/**/route.{ts,tsx}").sort().map(routeCase);
const guarded = cases.filter((c) => !isPublicPath(c.path));

async function handlersOf(file: string): Promise<[string, Handler][]> {
  const mod = (await import(/* @vite-ignore */ resolve(file))) as Record<string, unknown>;
  return METHODS.filter((m) => typeof mod[m] === "function").map((m) => [m, mod[m] as Handler]);
}

async function call(handler: Handler, c: RouteCase, method: string, opts: Parameters<typeof consoleRequest>[2]) {
  const res = await handler(consoleRequest(method, c.path, opts), { params: Promise.resolve(c.params) });
  // An event stream never ends by itself: its status and headers are the answer.
  if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
    await res.body?.cancel();
    return { status: res.status, body: {} };
  }
  const text = method === "HEAD" ? "" : await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { error?: { code?: string; message?: string } }) : {} };
}

describe("route enumeration", () => {
  it("finds the API routes on disk, public ones only where intended", () => {
    expect(guarded.map((c) => c.path)).toEqual(expect.arrayContaining(["/api/activity"]));
    expect(cases.filter((c) => isPublicPath(c.path)).map((c) => c.path)).toEqual(["/api/auth/x", "/api/forward-auth/baseline", "/api/forward-auth", "/api/health"]);
  });

  it("knows the role of every route and method on disk, and nothing else", async () => {
    const found: string[] = [];
    for (const c of guarded) for (const [method] of await handlersOf(c.file)) found.push(`${method} ${c.path}`);
    expect(found.sort()).toEqual(Object.keys(NEEDS).sort());
  });
});

describe.each(guarded)("$path", (c) => {
  it("answers 401 JSON to every method without a session", async () => {
    const handlers = await handlersOf(c.file);
    expect(handlers.length).toBeGreaterThan(0);
    for (const [method, handler] of handlers) {
      const res = await call(handler, c, method, {});
      expect(res.status, `${method} ${c.path}`).toBe(401);
      if (method !== "HEAD") expect(res.body.error?.code, `${method} ${c.path}`).toBe("unauthorized");
    }
  });

  it("refuses every mutation to a viewer with 403 naming the role", async () => {
    const cookie = await sessionCookie("viewer");
    for (const [method, handler] of await handlersOf(c.file)) {
      if (!MUTATIONS.has(method)) continue;
      const res = await call(handler, c, method, { cookie, site: "same-origin" });
      expect(res.status, `${method} ${c.path}`).toBe(403);
      expect(res.body.error?.message, `${method} ${c.path}`).toMatch(/needs the (operator|admin) role; you are signed in as viewer/);
    }
  });

  it.each(ROLES)("refuses every cross-site mutation as %s", async (role) => {
    const cookie = await sessionCookie(role);
    for (const [method, handler] of await handlersOf(c.file)) {
      if (!MUTATIONS.has(method)) continue;
      for (const headers of [{ site: "cross-site", origin: "https://evil.example" }, { origin: "https://evil.example" }, { site: "same-site" }]) {
        const res = await call(handler, c, method, { cookie, ...headers });
        expect(res.status, `${method} ${c.path} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.body.error?.message).toMatch(/Cross-site request refused/);
      }
    }
  });

  it.each(ROLES)("as %s: 403 naming the role below the route's role, else the handler's own answer", async (role) => {
    const cookie = await sessionCookie(role);
    for (const [method, handler] of await handlersOf(c.file)) {
      const needs = NEEDS[`${method} ${c.path}`];
      expect(needs, `${method} ${c.path} is in NEEDS`).toBeDefined();
      const res = await call(handler, c, method, { cookie, site: "same-origin" });
      const what = `${method} ${c.path} as ${role}: ${JSON.stringify(res.body)}`;
      if (RANK[role] < RANK[needs!]) {
        expect(res.status, what).toBe(403);
        expect(res.body.error?.message, what).toBe(`This action needs the ${needs} role; you are signed in as ${role}`);
      } else {
        // Upstreams are unreachable here: an upstream error or a validation answer, but never a refusal or a crash.
        expect([401, 403, 500], what).not.toContain(res.status);
      }
    }
  }, 60_000);
});
