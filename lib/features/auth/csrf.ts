// next-auth's double-submit CSRF token, made on the server for the sign-in page, so its form can POST without JavaScript.
// Same cookie and format as next-auth's own (core/lib/csrf-token.js): "<token>|sha256(<token><secret>)".
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** next-auth's CSRF cookie name; `__Host-` over TLS, as next-auth names it. */
export function csrfCookieName(secure: boolean): string {
  return `${secure ? "__Host-" : ""}next-auth.csrf-token`;
}

function hash(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`).digest("hex");
}

/** The token inside a CSRF cookie value, when the cookie is one next-auth (or we) made with this secret. */
export function csrfTokenFromCookie(value: string | undefined, secret: string): string | undefined {
  const [token = "", mac = ""] = (value ?? "").split("|");
  const expected = token ? hash(token, secret) : "";
  if (!token || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return undefined;
  return token;
}

/** A fresh token and the cookie value that vouches for it. */
export function newCsrfCookie(secret: string): { token: string; value: string } {
  const token = randomBytes(32).toString("hex");
  return { token, value: `${token}|${hash(token, secret)}` };
}

/** Attributes of the CSRF cookie, as next-auth sets them. */
export function csrfCookieOptions(secure: boolean): { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean } {
  return { httpOnly: true, sameSite: "lax", path: "/", secure };
}

/**
 * For a visit to the sign-in page without a valid CSRF cookie: a new cookie to set on the response, also added to
 * `forwarded` (the request headers the page renders with) so the form carries the matching token on this very load.
 */
export function csrfCookieForSignInPage(
  cookies: { get(name: string): { value: string } | undefined },
  forwarded: Headers,
  { secure, secret }: { secure: boolean; secret: string | undefined },
): { name: string; value: string; options: ReturnType<typeof csrfCookieOptions> } | undefined {
  if (!secret) return undefined;
  const name = csrfCookieName(secure);
  if (csrfTokenFromCookie(cookies.get(name)?.value, secret)) return undefined;
  const { value } = newCsrfCookie(secret);
  const others = (forwarded.get("cookie") ?? "").split(";").map((c) => c.trim()).filter((c) => c && !c.startsWith(`${name}=`));
  forwarded.set("cookie", [...others, `${name}=${encodeURIComponent(value)}`].join("; "));
  return { name, value, options: csrfCookieOptions(secure) };
}
