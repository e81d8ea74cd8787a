// The only paths anyone may reach without a session: the sign-in page, the health probe and next-auth's own endpoints.

const PUBLIC_EXACT = new Set(["/login", "/api/health"]);
const PUBLIC_PREFIXES = ["/api/auth/"];

/** True for a path that needs no session. */
export function isPublicPath(pathname: string): boolean {
  return PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
}
