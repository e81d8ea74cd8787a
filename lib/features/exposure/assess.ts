// Probe answers + the routes' Middlewares → one verdict with findings that each name their evidence. Pure.
import "server-only";
import type { ExposureLevel, ProbeEvidence, RouteGuard } from "../../shared/exposure/types";

const evidence = (p: ProbeEvidence) => `${p.request} → ${p.status ?? p.error ?? "no answer"}`;

const AUTH_TYPES = new Set(["basicAuth", "forwardAuth", "digestAuth"]);

/** The verdict for `probes` (empty = EXTERNAL_URL unset) and the routes that send traffic to Ollama. */
export function assess(probes: ProbeEvidence[], routes: RouteGuard[]): { level: ExposureLevel; headline: string; findings: string[] } {
  const findings: string[] = [];
  const tags = probes.find((p) => p.path === "/api/tags");
  const management = probes.filter((p) => p.path !== "/api/tags");
  const openMgmt = management.filter((p) => p.verdict === "open");
  const authMgmt = management.filter((p) => p.verdict === "auth");
  for (const r of routes) {
    const guards = r.middlewares.flatMap((m) => m.types ?? []);
    const auth = guards.some((t) => AUTH_TYPES.has(t));
    findings.push(
      `${r.kind} ${r.name} (${r.hosts.join(", ") || "any host"}): ${r.middlewares.length ? `middlewares ${r.middlewares.map((m) => `${m.ref} [${m.types?.join(", ") ?? "not found"}]`).join(", ")}` : "no middlewares"}${auth ? "" : " — no authentication middleware"}`,
    );
  }
  if (!tags) {
    if (routes.length === 0) return { level: "neutral", headline: "Not exposed: no Ingress or IngressRoute sends traffic to Ollama", findings };
    return { level: "amber", headline: "Exposed by a route, not probed: set EXTERNAL_URL to check what answers from outside", findings };
  }
  if (tags.verdict === "unreachable" && management.every((p) => p.verdict === "unreachable")) {
    findings.push(`${evidence(tags)}: EXTERNAL_URL does not answer`);
    return { level: routes.length ? "amber" : "neutral", headline: "Not reachable at EXTERNAL_URL", findings };
  }
  for (const p of openMgmt) findings.push(`${evidence(p)}: Ollama answered without credentials — the path is reachable by anyone`);
  for (const p of authMgmt) findings.push(`${evidence(p)}: routed, behind authentication`);
  if (tags.verdict === "open") findings.push(`${evidence(tags)}: models listed without credentials`);
  if (tags.verdict === "auth") findings.push(`${evidence(tags)}: credentials required`);
  if (tags.verdict === "closed") findings.push(`${evidence(tags)}: nothing routed there`);
  const closedMgmt = management.filter((p) => p.verdict === "closed");
  if (closedMgmt.length > 0) findings.push(`${closedMgmt.map((p) => `${p.request.replace(/ with body .*$/, "")} → ${p.status}`).join(", ")}: not routed`);
  if (openMgmt.length > 0) {
    const canDelete = openMgmt.some((p) => p.path === "/api/delete");
    return {
      level: "red",
      headline: canDelete
        ? "Public without authentication: anyone on the internet can delete models"
        : `Public without authentication: anyone on the internet can call ${openMgmt.map((p) => p.path).join(", ")}`,
      findings,
    };
  }
  if (tags.verdict === "open") return { level: "red", headline: "Public without authentication: anyone on the internet can use your models", findings };
  if (authMgmt.length > 0) {
    return { level: "amber", headline: `Behind authentication, but management paths are routed (${authMgmt.map((p) => p.path).join(", ")}): any credential holder can change Ollama`, findings };
  }
  if (tags.verdict === "auth") return { level: "green", headline: "Inference only, behind authentication: management paths are not routed", findings };
  // Nothing answered at EXTERNAL_URL, yet a route without an authentication middleware sends traffic to Ollama: it
  // serves another host (or another entry point) the probe did not reach, so "closed" proves nothing about it.
  const unguarded = routes.filter((r) => !r.middlewares.some((m) => m.types?.some((t) => AUTH_TYPES.has(t))));
  if (unguarded.length > 0) {
    const named = unguarded.map((r) => `${r.kind} ${r.name} (${r.hosts.join(", ") || "any host"})`).join(", ");
    return { level: "amber", headline: `Nothing answers at EXTERNAL_URL, but ${named} sends traffic to Ollama without authentication: set EXTERNAL_URL to that host to check it`, findings };
  }
  return { level: "green", headline: "No Ollama path answers at EXTERNAL_URL without credentials", findings };
}
