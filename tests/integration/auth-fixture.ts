// Test support for sign-in: a known environment (demo users, a sentinel secret, nothing reachable) and session cookies per role.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import type { Role } from "@/lib/shared/auth/roles";

export const TEST_SECRET = "SENTINEL-auth-secret-5f0c2b9e-do-not-print";

/** Settings for handler-level tests; apply before importing any app module (config is read once). */
export const AUTH_TEST_ENV: Record<string, string> = {
  AUTH_SECRET: TEST_SECRET,
  DEMO_MODE: "true",
  KUBECONFIG: "/nonexistent/kubeconfig",
  OLLAMA_URL: "http://127.0.0.1:9",
  CACHE_AGENT_URL: "http://127.0.0.1:9",
  LOG_LEVEL: "error",
};

/** A Cookie header holding a valid session of the demo user with `role` (signed in now, unless `extra` says otherwise). */
export async function sessionCookie(role: Role, secret = TEST_SECRET, extra: Record<string, unknown> = {}): Promise<string> {
  const claims = { sub: role, name: role, role, provider: "demo", sid: randomUUID(), auth: Math.floor(Date.now() / 1000), ...extra };
  const token = await encode({ token: claims, secret });
  return `next-auth.session-token=${token}`;
}

/** A request as a browser (or curl, without `origin`/`site`) would send it to the console on 127.0.0.1:3000. */
export function consoleRequest(method: string, path: string, opts: { cookie?: string; origin?: string; site?: string } = {}): NextRequest {
  const headers = new Headers({ host: "127.0.0.1:3000" });
  if (opts.cookie) headers.set("cookie", opts.cookie);
  if (opts.origin) headers.set("origin", opts.origin);
  if (opts.site) headers.set("sec-fetch-site", opts.site);
  const body = method === "GET" || method === "HEAD" ? undefined : "{}";
  if (body) headers.set("content-type", "application/json");
  return new NextRequest(`http://127.0.0.1:3000${path}`, { method, headers, body });
}
