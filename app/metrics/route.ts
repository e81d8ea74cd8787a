// GET /metrics — Prometheus exposition, for the bearer token in METRICS_TOKEN (Prometheus cannot sign in); 404 when unset.
import { config } from "@/lib/doors/runtime/config";
import { renderMetrics } from "@/lib/features/metrics";
import { metricsAccess } from "@/lib/features/metrics/token";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(req: Request): Promise<Response> {
  const access = metricsAccess(req.headers.get("authorization"), config().metricsToken);
  if (access === "off") return new Response("Not found\n", { status: 404, headers: NO_STORE });
  if (access === "denied") {
    return new Response("Bearer token required (METRICS_TOKEN)\n", { status: 401, headers: { ...NO_STORE, "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { ...NO_STORE, "Content-Type": contentType } });
}
