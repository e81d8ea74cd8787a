// GET /api/health — unauthenticated probe: liveness always, readiness = configuration valid. Reveals no settings.
import { NextResponse } from "next/server";
import { loadConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  const probe = new URL(req.url).searchParams.get("probe");
  if (probe === "live") return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  try {
    loadConfig(process.env);
    return NextResponse.json({ status: "ok", checks: { process: "ok", config: "ok" } }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return NextResponse.json({ status: "fail", checks: { process: "ok", config: "invalid" } }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
