// proxy.ts in front of every request: the session gate, cross-site refusal, trusted forwarded headers and security headers.
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { AUTH_TEST_ENV, consoleRequest, sessionCookie } from "./auth-fixture";

Object.assign(process.env, AUTH_TEST_ENV);
const { proxy } = await import("@/proxy");

describe("proxy: session gate", () => {
  it("sends a page visitor without a session to /login, remembering where they were going", async () => {
    const res = await proxy(consoleRequest("GET", "/models?sort=size"));
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe("http://127.0.0.1:3000/login?callbackUrl=%2Fmodels%3Fsort%3Dsize");
    expect((await proxy(consoleRequest("GET", "/"))).headers.get("location")).toBe("http://127.0.0.1:3000/login");
  });

  it("answers 401 JSON to an API call without a session", async () => {
    const res = await proxy(consoleRequest("GET", "/api/models"));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthorized", system: "console", message: "Sign in required" } });
  });

  it("lets anyone reach the sign-in page, the health probe and next-auth's endpoints", async () => {
    for (const path of ["/login", "/api/health", "/api/auth/csrf", "/api/auth/callback/oidc"]) {
      const res = await proxy(consoleRequest("GET", path));
      expect(res.headers.get("x-middleware-next"), path).toBe("1");
    }
  });

  it("passes a valid session through, and treats a forged or foreign one as none", async () => {
    expect((await proxy(consoleRequest("GET", "/api/models", { cookie: await sessionCookie("viewer") }))).headers.get("x-middleware-next")).toBe("1");
    const foreign = `next-auth.session-token=${await encode({ token: { sub: "admin", name: "admin", role: "admin", provider: "demo" }, secret: "another-secret-another-secret-another" })}`;
    expect((await proxy(consoleRequest("GET", "/api/models", { cookie: foreign }))).status).toBe(401);
    expect((await proxy(consoleRequest("GET", "/api/models", { cookie: "next-auth.session-token=garbage" }))).status).toBe(401);
    // A session for a user that does not exist (here: an OIDC-looking name under demo provider) is no session.
    const ghost = `next-auth.session-token=${await encode({ token: { sub: "mallory", name: "mallory", role: "admin", provider: "demo" }, secret: AUTH_TEST_ENV.AUTH_SECRET ?? "" })}`;
    expect((await proxy(consoleRequest("GET", "/api/models", { cookie: ghost }))).status).toBe(401);
  });

  it("refuses a cross-site POST before anything else, even to the sign-in endpoints", async () => {
    for (const path of ["/api/pulls", "/api/auth/callback/credentials"]) {
      const res = await proxy(consoleRequest("POST", path, { cookie: await sessionCookie("admin"), site: "cross-site", origin: "https://evil.example" }));
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Cross-site request refused/);
    }
  });

  it("replaces made-up X-Forwarded-* (proxy not trusted) before next-auth builds URLs from them", async () => {
    const req = consoleRequest("GET", "/api/auth/csrf");
    req.headers.set("x-forwarded-host", "evil.example");
    req.headers.set("x-forwarded-proto", "https");
    const res = await proxy(req);
    expect(res.headers.get("x-middleware-request-x-forwarded-host")).toBe("127.0.0.1:3000");
    expect(res.headers.get("x-middleware-request-x-forwarded-proto")).toBe("http");
  });
});

describe("proxy: the sign-in page's CSRF token (issue 12, finding 13)", () => {
  it("gives a visitor without one a next-auth CSRF cookie, and hands the page the same token on this load", async () => {
    const { csrfTokenFromCookie } = await import("@/lib/features/auth/csrf");
    const res = await proxy(consoleRequest("GET", "/login"));
    const value = res.cookies.get("next-auth.csrf-token")?.value;
    const token = csrfTokenFromCookie(value, AUTH_TEST_ENV.AUTH_SECRET ?? "");
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(decodeURIComponent(res.headers.get("x-middleware-request-cookie") ?? "")).toContain(`next-auth.csrf-token=${value}`);
  });

  it("keeps a valid cookie, and replaces a forged one", async () => {
    const first = (await proxy(consoleRequest("GET", "/login"))).cookies.get("next-auth.csrf-token")?.value ?? "";
    const kept = await proxy(consoleRequest("GET", "/login", { cookie: `next-auth.csrf-token=${encodeURIComponent(first)}` }));
    expect(kept.cookies.get("next-auth.csrf-token")).toBeUndefined();
    const forged = await proxy(consoleRequest("GET", "/login", { cookie: `next-auth.csrf-token=${"a".repeat(64)}|${"b".repeat(64)}` }));
    expect(forged.cookies.get("next-auth.csrf-token")?.value).not.toContain("a".repeat(64));
  });
});

describe("proxy: security headers", () => {
  it("sends a nonce-based CSP, fresh per response, on pages, APIs and redirects alike", async () => {
    const responses = await Promise.all(["/login", "/api/models", "/models"].map((p) => proxy(consoleRequest("GET", p))));
    const nonces = responses.map((r) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1]);
    expect(new Set(nonces).size).toBe(3);
    for (const res of responses) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("permissions-policy")).toContain("camera=()");
      // Plain HTTP here: no HSTS, no upgrade-insecure-requests.
      expect(res.headers.get("strict-transport-security")).toBeNull();
      expect(csp).not.toContain("upgrade-insecure-requests");
    }
  });

  it("hands the CSP (and so the nonce) to the page renderer", async () => {
    const res = await proxy(consoleRequest("GET", "/login"));
    expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(res.headers.get("content-security-policy"));
  });
});
