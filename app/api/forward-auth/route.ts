// GET /api/forward-auth — Traefik forwardAuth: 200 lets the request through to Ollama, 401/403 refuse it (reason in a header).
// Public on purpose (lib/features/auth/public-paths.ts): Traefik calls it with the client's key, never with a console session.
// Cheap on purpose: it is on the path of every exposed Ollama request, so no body read, no session decode, no API call.
import { forwardAuth } from "@/lib/features/keys";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  const h = req.headers;
  const decision = await forwardAuth({
    authorization: h.get("authorization"),
    method: h.get("x-forwarded-method"),
    uri: h.get("x-forwarded-uri"),
  });
  const headers: Record<string, string> = { "Cache-Control": "no-store", "X-Forward-Auth-Reason": decision.reason };
  if (decision.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="ollama"';
  // Traefik returns a refusal's body to the client: one line, no detail beyond the reason.
  return new Response(decision.status === 200 ? null : `${decision.status === 401 ? "Unauthorized" : "Forbidden"}: ${decision.reason}\n`, {
    status: decision.status,
    headers,
  });
}
