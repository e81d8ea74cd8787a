// Every route file under app/api (found on disk, so routes added later are covered): no session → 401,
// viewer on a mutation → 403 naming the role, cross-site mutation → 403 even for an admin.
import { globSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_ENV, consoleRequest, sessionCookie } from "./auth-fixture";

Object.assign(process.env, AUTH_TEST_ENV);
const { isPublicPath } = await import("@/lib/auth/public-paths");

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

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
  const text = method === "HEAD" ? "" : await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { error?: { code?: string; message?: string } }) : {} };
}

describe("route enumeration", () => {
  it("finds the API routes on disk, public ones only where intended", () => {
    expect(guarded.map((c) => c.path)).toEqual(expect.arrayContaining(["/api/activity"]));
    expect(cases.filter((c) => isPublicPath(c.path)).map((c) => c.path)).toEqual(["/api/auth/x", "/api/forward-auth/baseline", "/api/forward-auth", "/api/health"]);
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

  it("refuses every cross-site mutation, even an admin's", async () => {
    const cookie = await sessionCookie("admin");
    for (const [method, handler] of await handlersOf(c.file)) {
      if (!MUTATIONS.has(method)) continue;
      for (const headers of [{ site: "cross-site", origin: "https://evil.example" }, { origin: "https://evil.example" }]) {
        const res = await call(handler, c, method, { cookie, ...headers });
        expect(res.status, `${method} ${c.path} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.body.error?.message).toMatch(/Cross-site request refused/);
      }
    }
  });
});
