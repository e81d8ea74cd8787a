// GET /api/forward-auth/baseline — benchmark only: a bare 200 that `npm run bench:forward-auth` compares the real check with.
// 404 unless FORWARD_AUTH_BENCH=1, which only the benchmark sets, so it never answers in a real deployment.
export const dynamic = "force-dynamic";

export function GET(): Response {
  if (process.env.FORWARD_AUTH_BENCH !== "1") return new Response("Not found\n", { status: 404, headers: { "Cache-Control": "no-store" } });
  return new Response(null, { status: 200, headers: { "Cache-Control": "no-store" } });
}
