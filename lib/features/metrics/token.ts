// Who may read /metrics: Prometheus cannot sign in, so a bearer token (METRICS_TOKEN) stands in for the session.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** "off" when no token is configured (/metrics answers 404), else whether the Authorization header carries it. */
export function metricsAccess(authorization: string | null, token: string | undefined): "off" | "granted" | "denied" {
  if (!token) return "off";
  const offered = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  // Equal-length digests: the comparison takes the same time whatever the offered token.
  return offered !== undefined && timingSafeEqual(digest(offered), digest(token)) ? "granted" : "denied";
}
