// The signed-in user of a request, read from the session cookie (a next-auth JWT, encrypted with the session secret).
import "server-only";
import { decode, type JWT } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { config } from "../config";
import { isSecure } from "./origin";
import { ROLES, type SessionUser } from "./roles";
import { passwordUser } from "./users";

/** Sessions last 12 hours; then the browser signs in again (and an OIDC user's groups are read again). */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

const claims = z.object({
  sub: z.string().min(1),
  name: z.string(),
  role: z.enum(ROLES),
  provider: z.enum(["local", "oidc", "demo"]),
});

/** next-auth's cookie name; the `__Secure-` prefix makes browsers refuse it over plain HTTP. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

/** What the session token holds: who, shown as what, with which role. Nothing else (no IdP tokens). */
export function sessionClaims(user: SessionUser): JWT {
  return { sub: user.id, name: user.name, role: user.role, provider: user.provider };
}

/** Session claims → user. Password users are looked up again so removals and role changes apply at once. */
export function userFromClaims(token: unknown): SessionUser | null {
  const parsed = claims.safeParse(token);
  if (!parsed.success) return null;
  const { sub, name, role, provider } = parsed.data;
  if (provider === "oidc") return { id: sub, name, role, provider };
  return passwordUser(sub, provider) ?? null;
}

type CookieJar = { get(name: string): { value: string } | undefined };

/** The user whose valid session cookie is in `jar`, or null. */
export async function userFromCookies(jar: CookieJar, requestHeaders: Headers): Promise<SessionUser | null> {
  const auth = config().auth;
  const token = jar.get(sessionCookieName(isSecure(requestHeaders, auth)))?.value;
  if (!token || !auth.secret) return null;
  try {
    return userFromClaims(await decode({ token, secret: auth.secret }));
  } catch {
    return null; // tampered, expired, or from another secret
  }
}

/** The request's signed-in user, or null. */
export function currentUser(req: NextRequest): Promise<SessionUser | null> {
  return userFromCookies(req.cookies, req.headers);
}

/** The signed-in user of the page being rendered (server components), or null. */
export async function pageUser(): Promise<SessionUser | null> {
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  return userFromCookies(jar, requestHeaders);
}
