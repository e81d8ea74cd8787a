// The only paths anyone may reach without a session: the sign-in page, the health probe and next-auth's own endpoints.
// /metrics is for Prometheus, which cannot sign in: its route checks the METRICS_TOKEN bearer token itself (404 when unset).
import "server-only";

// /api/forward-auth is called by Traefik for each exposed Ollama request, carrying the client's API key instead of a session:
// it checks that key itself (lib/features/keys). Its bench baseline answers 404 unless the benchmark's FORWARD_AUTH_BENCH=1 is set.
const PUBLIC_EXACT = new Set(["/login", "/api/health", "/metrics", "/api/forward-auth", "/api/forward-auth/baseline"]);
const PUBLIC_PREFIXES = ["/api/auth/"];

/** True for a path that needs no session. */
export function isPublicPath(pathname: string): boolean {
  return PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
}
