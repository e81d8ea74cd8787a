// Requests without credentials to Ollama's public address (EXTERNAL_URL, through the ingress): only the status and the
// time are read, the body is dropped. Used by the Overview's access probe and by the exposure check.
import "server-only";
import { networkReason } from "../runtime/errors";

export interface ProbeAnswer {
  /** The HTTP status, or undefined when no answer came. */
  status: number | undefined;
  latencyMs: number | undefined;
  /** Why no answer came ("connection refused", "timed out"…). */
  error: string | undefined;
}

/** Sends one request to `url` without following redirects; never throws. */
export async function probeUrl(
  url: string,
  request: { method: string; headers?: Record<string, string>; body?: string; timeoutMs: number },
  fetchFn: typeof fetch = fetch,
): Promise<ProbeAnswer> {
  const started = performance.now();
  try {
    const res = await fetchFn(url, { method: request.method, redirect: "manual", headers: request.headers, body: request.body, signal: AbortSignal.timeout(request.timeoutMs) });
    await res.body?.cancel();
    return { status: res.status, latencyMs: Math.round(performance.now() - started), error: undefined };
  } catch (err) {
    return { status: undefined, latencyMs: undefined, error: networkReason(err) ?? (err instanceof Error ? err.message : String(err)) };
  }
}
