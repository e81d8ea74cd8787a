// GET /api/health — unauthenticated probe: liveness always; health = configuration valid; readiness (`?probe=ready`, the
// Deployment's readinessProbe) = configuration valid and the shared watches listed once (issue 19). Reveals no settings.
import { NextResponse } from "next/server";
import { cachesSynced } from "@/lib/cluster/cache";
import { isLeader } from "@/lib/cluster/leader";
import { loadConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const probe = new URL(req.url).searchParams.get("probe");
  if (probe === "live") return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  try {
    const config = loadConfig(process.env);
    if (probe === "ready") {
      const watches = (await cachesSynced(config.target)) ? "ok" : "syncing";
      return NextResponse.json(
        // `leader`: whether this replica runs the background work (issue 19); the Lease names which pod.
        { status: watches === "ok" ? "ok" : "fail", checks: { process: "ok", config: "ok", watches }, leader: isLeader() },
        { status: watches === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } },
      );
    }
    return NextResponse.json({ status: "ok", checks: { process: "ok", config: "ok" } }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return NextResponse.json({ status: "fail", checks: { process: "ok", config: "invalid" } }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
