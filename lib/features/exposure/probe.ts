// The side-effect-free probes of an exposed Ollama and what their answers mean. Management paths get only requests that
// Ollama's own request validation rejects before doing anything: a malformed JSON body, or an invalid blob digest.
import "server-only";
import { probeUrl } from "../../doors/ollama/probe";
import type { ProbeEvidence, ProbeVerdict } from "../../shared/exposure/types";

export interface ProbeSpec {
  method: "GET" | "HEAD" | "POST" | "DELETE";
  path: string;
  /** Sent as-is; "{" is not JSON, so Ollama answers 400 from its JSON binding and never reads a model name. */
  body: string | undefined;
}

const MALFORMED = "{";

/** GET /api/tags (read-only), then each management path with a request that cannot change anything. */
export const PROBES: readonly ProbeSpec[] = [
  { method: "GET", path: "/api/tags", body: undefined },
  { method: "POST", path: "/api/pull", body: MALFORMED },
  { method: "DELETE", path: "/api/delete", body: MALFORMED },
  { method: "POST", path: "/api/create", body: MALFORMED },
  { method: "POST", path: "/api/copy", body: MALFORMED },
  { method: "POST", path: "/api/push", body: MALFORMED },
  // HEAD only asks whether a blob exists; the digest is malformed on top, so Ollama answers 400.
  { method: "HEAD", path: "/api/blobs/sha256-not-a-digest", body: undefined },
];

/**
 * 401/403: an authentication middleware answered. 404: nothing routes there (Traefik's answer for an unmatched path).
 * Anything else (200, 400 from Ollama's validation, 405, 5xx) means the request reached a server behind the route.
 */
export function verdictOf(status: number): ProbeVerdict {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "closed";
  return "open";
}

const PROBE_TIMEOUT_MS = 5_000;

/** Sends one probe without credentials; never throws. */
export async function runProbe(base: string, spec: ProbeSpec, fetchFn: typeof fetch = fetch): Promise<ProbeEvidence> {
  const request = `${spec.method} ${spec.path}${spec.body !== undefined ? ` with body ${JSON.stringify(spec.body)}` : ""}`;
  const headers: Record<string, string> = spec.body !== undefined ? { "Content-Type": "application/json" } : {};
  const { status, error } = await probeUrl(`${base}${spec.path}`, { method: spec.method, headers, body: spec.body, timeoutMs: PROBE_TIMEOUT_MS }, fetchFn);
  return { request, path: spec.path, status, error, verdict: status === undefined ? "unreachable" : verdictOf(status) };
}
