// Decoded session tokens, kept a few seconds by token hash: a page polling eight widgets every few seconds would
// otherwise decrypt the same cookie (a JWE) for every request. Only the decoding is cached: the idle and 12-hour limits,
// the user lookup and the revocation check still run on every request (lib/features/auth/session.ts), so a sign-out or a
// removed user takes effect as before.
import "server-only";
import { createHash } from "node:crypto";
import { decode, type JWT } from "next-auth/jwt";
import { processWide } from "../../doors/runtime/process-wide";

/** How long a decoded token is reused. Short: it only has to span one page's burst of polls. */
export const SESSION_CACHE_MS = 5_000;
/** At most this many tokens are kept (each a few hundred bytes); the oldest entry goes first. */
export const SESSION_CACHE_MAX = 1_000;

interface Entry {
  token: JWT;
  until: number;
}

const entries = processWide("decoded-sessions", () => new Map<string, Entry>());

/** The key binds the token to the secret, so tokens of a replaced secret are never served from the cache. */
function keyOf(token: string, secret: string): string {
  return createHash("sha256").update(secret).update("\0").update(token).digest("base64url");
}

/** next-auth's decode, served from the cache when the same token was decoded within SESSION_CACHE_MS. Throws like decode. */
export async function decodeSession(token: string, secret: string, now = Date.now()): Promise<JWT | null> {
  const key = keyOf(token, secret);
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.token;
  if (hit) entries.delete(key);
  const decoded = await decode({ token, secret });
  // Failures are not kept: a garbage cookie must not take a slot from a real session.
  if (decoded) {
    if (entries.size >= SESSION_CACHE_MAX) entries.delete(entries.keys().next().value as string);
    // Never past the token's own expiry, which decode would refuse.
    const expires = typeof decoded.exp === "number" ? decoded.exp * 1000 : Infinity;
    entries.set(key, { token: decoded, until: Math.min(now + SESSION_CACHE_MS, expires) });
  }
  return decoded;
}

/** How many decoded tokens are held (tests). */
export function sessionCacheSize(): number {
  return entries.size;
}

/** Forgets every decoded token (tests). */
export function resetSessionCache(): void {
  entries.clear();
}
