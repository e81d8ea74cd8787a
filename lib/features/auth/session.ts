// The signed-in user of a request, read from the session cookie (a next-auth JWT, encrypted with the session secret).
// Sessions are short and sliding: SESSION_IDLE_MINUTES without use ends one, every use renews it, and none outlives
// 12 hours after sign-in. Sign-out revokes the session's id for all replicas (lib/features/auth/revocation.ts).
import "server-only";
import { randomUUID } from "node:crypto";
import { encode, type JWT } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { config } from "../../doors/runtime/config";
import { isSecure } from "./origin";
import { RevocationList } from "./revocation";
import { ConfigMapRevocationStore } from "./revocation-store";
import { decodeSession } from "./session-cache";
import { ROLES, type SessionUser } from "../../shared/auth/roles";
import { passwordUser } from "./users";

/** However active, a session ends this long after sign-in (and an OIDC user's groups are read again). */
export const SESSION_ABSOLUTE_S = 12 * 60 * 60;

/** How long a session lives without use (the cookie's and the token's lifetime, renewed by use). */
export function sessionIdleSeconds(): number {
  return config().auth.sessionIdleMinutes * 60;
}

const claims = z.object({
  sub: z.string().min(1),
  name: z.string(),
  role: z.enum(ROLES),
  provider: z.enum(["local", "oidc", "demo"]),
  /** Session id: what sign-out revokes. Stays the same across renewals (next-auth's own jti does not). */
  sid: z.string().min(16).max(64),
  /** Sign-in time, seconds since the epoch. */
  auth: z.number().int(),
});
type Claims = z.infer<typeof claims>;

/** next-auth's cookie name; the `__Secure-` prefix makes browsers refuse it over plain HTTP. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

/** What a new session's token holds: who, shown as what, with which role, its id and sign-in time. Nothing else. */
export function sessionClaims(user: SessionUser, now = Date.now()): JWT {
  return { sub: user.id, name: user.name, role: user.role, provider: user.provider, sid: randomUUID(), auth: Math.floor(now / 1000) };
}

/** The process's revocation list, shared by every bundle that imports this module (Next may load it more than once). */
export function revocations(): RevocationList {
  const slot = globalThis as { [key: symbol]: RevocationList | undefined };
  const key = Symbol.for("ollama-ops.session-revocations");
  const { target, auth } = config();
  return (slot[key] ??= new RevocationList(new ConfigMapRevocationStore(target, auth.sessionsConfigMap)));
}

/** Session claims → user, unless the session is past its 12 hours. Password users are looked up again so removals and role changes apply at once. */
export function userFromClaims(token: unknown, now = Date.now()): SessionUser | null {
  const parsed = claims.safeParse(token);
  if (!parsed.success) return null;
  const { sub, name, role, provider, auth } = parsed.data;
  if (now / 1000 - auth > SESSION_ABSOLUTE_S) return null;
  if (provider === "oidc") return { id: sub, name, role, provider };
  return passwordUser(sub, provider) ?? null;
}

/** The user of a live session: valid claims, within its lifetime, not signed out. */
export async function activeUser(token: unknown): Promise<SessionUser | null> {
  const user = userFromClaims(token);
  if (!user) return null;
  return (await revocations().isRevoked((token as Claims).sid)) ? null : user;
}

/** Ends a session everywhere: its id is refused until every copy of its cookie has expired. */
export function revokeSession(token: unknown): void {
  const parsed = claims.safeParse(token);
  if (parsed.success) revocations().revoke(parsed.data.sid, Date.now() + sessionIdleSeconds() * 1000);
}

type CookieJar = { get(name: string): { value: string } | undefined };

interface Session {
  user: SessionUser;
  claims: Claims;
  /** When the token was (re)issued, seconds since the epoch. */
  issuedAt: number;
}

async function sessionFromCookies(jar: CookieJar, requestHeaders: Headers): Promise<Session | null> {
  const auth = config().auth;
  const token = jar.get(sessionCookieName(isSecure(requestHeaders, auth)))?.value;
  if (!token || !auth.secret) return null;
  let decoded: JWT | null;
  try {
    decoded = await decodeSession(token, auth.secret);
  } catch {
    return null; // tampered, expired, or from another secret
  }
  // Idle too long: the token's exp says so too, but this also applies a shorter SESSION_IDLE_MINUTES to older tokens.
  const issuedAt = typeof decoded?.iat === "number" ? decoded.iat : 0;
  if (Date.now() / 1000 - issuedAt > sessionIdleSeconds()) return null;
  const user = await activeUser(decoded);
  if (!user || !decoded) return null;
  return { user, claims: claims.parse(decoded), issuedAt };
}

/** The user whose valid session cookie is in `jar`, or null. */
export async function userFromCookies(jar: CookieJar, requestHeaders: Headers): Promise<SessionUser | null> {
  return (await sessionFromCookies(jar, requestHeaders))?.user ?? null;
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

export interface SessionCookie {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; expires: Date };
}

/**
 * The request's user, plus a renewed session cookie when the token is more than a few minutes old (sliding
 * expiry: each use pushes the end SESSION_IDLE_MINUTES out, never past 12 hours after sign-in).
 */
export async function currentSession(req: NextRequest): Promise<{ user: SessionUser; renewed: SessionCookie | undefined } | null> {
  const session = await sessionFromCookies(req.cookies, req.headers);
  if (!session) return null;
  const auth = config().auth;
  const idle = sessionIdleSeconds();
  const now = Math.floor(Date.now() / 1000);
  const maxAge = Math.min(idle, session.claims.auth + SESSION_ABSOLUTE_S - now);
  if (now - session.issuedAt < Math.min(300, idle / 4) || maxAge <= 0 || !auth.secret) return { user: session.user, renewed: undefined };
  const value = await encode({ token: session.claims, secret: auth.secret, maxAge });
  const secure = isSecure(req.headers, auth);
  return {
    user: session.user,
    renewed: { name: sessionCookieName(secure), value, options: { httpOnly: true, sameSite: "lax", path: "/", secure, expires: new Date((now + maxAge) * 1000) } },
  };
}
