// GET /api/health — unauthenticated probe: liveness always, readiness = configuration valid. Reveals no settings.
// Public, so outside the route wrapper; its answer still has a contract (lib/contracts/health.ts).
import { NextResponse } from "next/server";
import { loadConfig } from "@/lib/config";
import type { HealthProbe } from "@/lib/contracts/health";

export const dynamic = "force-dynamic";

const answer = (body: HealthProbe, status = 200) => NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });

export function GET(req: Request) {
  const probe = new URL(req.url).searchParams.get("probe");
  if (probe === "live") return answer({ status: "ok" });
  try {
    loadConfig(process.env);
    return answer({ status: "ok", checks: { process: "ok", config: "ok" } });
  } catch {
    return answer({ status: "fail", checks: { process: "ok", config: "invalid" } }, 503);
  }
}
