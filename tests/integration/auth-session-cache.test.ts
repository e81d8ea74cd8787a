// Cheaper polls (issue 18 item 8): the session is decoded once per request (the proxy hands the user to the route) and
// decoded tokens are reused for a few seconds, bounded in size, without delaying a sign-out.
import { decode } from "next-auth/jwt";
import { afterEach, describe, expect, it } from "vitest";
import { AUTH_TEST_ENV, consoleRequest, sessionCookie, TEST_SECRET } from "./auth-fixture";

Object.assign(process.env, AUTH_TEST_ENV);
const { proxy } = await import("@/proxy");
const { route } = await import("@/lib/features/server/route");
const { okResponse } = await import("@/lib/shared/contracts/error");
const { revokeSession } = await import("@/lib/features/auth/session");
const { decodeSession, resetSessionCache, sessionCacheSize, SESSION_CACHE_MAX, SESSION_CACHE_MS } = await import("@/lib/features/auth/session-cache");
const { HANDOFF_HEADER, handedOverUser, handoffValue } = await import("@/lib/features/auth/handoff");

afterEach(() => resetSessionCache());

const tokenOf = (cookie: string) => cookie.replace(/^[^=]+=/, "");
const ctx = { params: Promise.resolve({}) };
const whoAmI = route({ response: okResponse }, () => Promise.resolve({ ok: true as const }));

/** The request headers proxy.ts passes on to the route (Next carries them as x-middleware-request-* on its answer). */
function forwardedBy(res: Response): Headers {
  const out = new Headers();
  for (const [name, value] of res.headers) if (name.startsWith("x-middleware-request-")) out.set(name.slice("x-middleware-request-".length), value);
  return out;
}

describe("decoded-session cache", () => {
  it("reuses a decoded token within SESSION_CACHE_MS, and decodes it again after", async () => {
    const token = tokenOf(await sessionCookie("viewer"));
    const now = Date.now();
    const first = await decodeSession(token, TEST_SECRET, now);
    expect(first?.role).toBe("viewer");
    expect(await decodeSession(token, TEST_SECRET, now + SESSION_CACHE_MS - 1)).toBe(first);
    const later = await decodeSession(token, TEST_SECRET, now + SESSION_CACHE_MS + 1);
    expect(later).toEqual(first);
    expect(later).not.toBe(first);
  });

  it("never serves a token under another secret, and keeps no failures", async () => {
    const token = tokenOf(await sessionCookie("viewer"));
    expect(await decodeSession(token, TEST_SECRET)).not.toBeNull();
    await expect(decodeSession(token, "another-secret-0123456789abcdef0123456789")).rejects.toThrow();
    await expect(decodeSession("garbage", TEST_SECRET)).rejects.toThrow();
    expect(sessionCacheSize()).toBe(1);
  });

  it("holds at most SESSION_CACHE_MAX tokens, dropping the oldest", async () => {
    const tokens = await Promise.all(Array.from({ length: SESSION_CACHE_MAX + 5 }, () => sessionCookie("viewer").then(tokenOf)));
    const now = Date.now();
    const decoded = [];
    for (const t of tokens) decoded.push(await decodeSession(t, TEST_SECRET, now));
    expect(sessionCacheSize()).toBe(SESSION_CACHE_MAX);
    // The newest is still cached (same object); the oldest was dropped and is decoded afresh.
    expect(await decodeSession(tokens.at(-1)!, TEST_SECRET, now)).toBe(decoded.at(-1));
    expect(await decodeSession(tokens[0]!, TEST_SECRET, now)).not.toBe(decoded[0]);
    expect(sessionCacheSize()).toBe(SESSION_CACHE_MAX);
  }, 60_000);

  it("still honours a sign-out at once, though the token is cached", async () => {
    const cookie = await sessionCookie("admin");
    const req = () => consoleRequest("GET", "/api/models", { cookie });
    expect((await proxy(req())).status).toBe(200);
    expect((await whoAmI(req(), ctx)).status).toBe(200);
    expect(sessionCacheSize()).toBe(1);
    revokeSession(await decode({ token: tokenOf(cookie), secret: TEST_SECRET }));
    expect((await proxy(req())).status).toBe(401);
    expect((await whoAmI(req(), ctx)).status).toBe(401);
  });
});

describe("user handoff from the proxy to the route", () => {
  it("passes the user the proxy decoded, and drops a header the client sent", async () => {
    const forged = handoffValue({ id: "admin", name: "admin", role: "admin", provider: "demo" })!;
    const req = consoleRequest("GET", "/api/models", { cookie: await sessionCookie("viewer") });
    req.headers.set(HANDOFF_HEADER, `${forged.split(".")[0]}.${"A".repeat(43)}`);
    const handed = forwardedBy(await proxy(req));
    expect(handedOverUser(handed)).toMatchObject({ id: "viewer", role: "viewer" });
  });

  it("drops the header on public paths, where the proxy decodes no session", async () => {
    const req = consoleRequest("GET", "/api/health");
    req.headers.set(HANDOFF_HEADER, handoffValue({ id: "admin", name: "admin", role: "admin", provider: "demo" })!);
    const forwarded = forwardedBy(await proxy(req));
    expect(forwarded.has(HANDOFF_HEADER)).toBe(false);
  });

  it("lets the route use a genuine handoff without a cookie decode, and ignores a forged, tampered or stale one", async () => {
    const admin = { id: "admin", name: "admin", role: "admin" as const, provider: "demo" as const };
    const adminOnly = route({ role: "admin", response: okResponse }, () => Promise.resolve({ ok: true as const }));
    const withHeader = (value: string) => {
      const req = consoleRequest("GET", "/api/keys");
      req.headers.set(HANDOFF_HEADER, value);
      return req;
    };
    expect((await adminOnly(withHeader(handoffValue(admin)!), ctx)).status).toBe(200);
    expect(sessionCacheSize()).toBe(0);
    const [body = "", mac = ""] = handoffValue(admin)!.split(".");
    const tampered = Buffer.from(JSON.stringify({ user: { ...admin, id: "mallory" }, exp: Date.now() + 60_000 })).toString("base64url");
    expect((await adminOnly(withHeader(`${tampered}.${mac}`), ctx)).status).toBe(401);
    expect((await adminOnly(withHeader(`${body}.${"A".repeat(43)}`), ctx)).status).toBe(401);
    expect((await adminOnly(withHeader(handoffValue(admin, Date.now() - 60_000)!), ctx)).status).toBe(401);
  });
});
