// GET /api/health — unauthenticated probe: liveness always; health = configuration valid; readiness (`?probe=ready`, the
// Deployment's readinessProbe) = configuration valid and the shared watches listed once (issue 19). Reveals no settings.
// Public, so outside the route wrapper; its answer still has a contract (lib/shared/contracts/health.ts).
import { NextResponse } from "next/server";
import { cachesSynced } from "@/lib/doors/kubernetes/cache";
import { isLeader } from "@/lib/doors/kubernetes/leader";
import { loadConfig } from "@/lib/doors/runtime/config";
import { isShuttingDown } from "@/lib/doors/runtime/shutdown";
import type { HealthProbe } from "@/lib/shared/contracts/health";

export const dynamic = "force-dynamic";

const answer = (body: HealthProbe, status = 200) => NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function GET(req: Request) {
  const probe = new URL(req.url).searchParams.get("probe");
  if (probe === "live") return answer({ status: "ok" });
  try {
    const config = loadConfig(process.env);
    if (probe === "ready") {
      // A replica that got SIGTERM is no longer ready: the Service (or any gateway probing this) must stop sending it
      // new requests while it drains, or a rolling restart shows users errors from a process about to exit (issue 19).
      if (isShuttingDown()) return answer({ status: "fail", checks: { process: "ok", config: "ok" }, leader: isLeader() }, 503);
      const watches = (await cachesSynced(config.target)) ? "ok" : "syncing";
      // `leader`: whether this replica runs the background work (issue 19); the Lease names which pod.
      return answer({ status: watches === "ok" ? "ok" : "fail", checks: { process: "ok", config: "ok", watches }, leader: isLeader() }, watches === "ok" ? 200 : 503);
    }
    return answer({ status: "ok", checks: { process: "ok", config: "ok" } });
  } catch {
    return answer({ status: "fail", checks: { process: "ok", config: "invalid" } }, 503);
  }
}
