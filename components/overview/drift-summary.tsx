"use client";
// The Overview's one line about the declared model set (issue 14): in sync, or which drift classes are non-empty.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { desiredQueries } from "@/components/models/desired-queries";
import { driftSummary } from "@/lib/shared/models/drift";

export function DriftSummary() {
  const q = useQuery(desiredQueries.desired());
  const d = q.data;
  // Nothing declared (no ConfigMap) or not known yet: the line stays out of the way.
  if (!d || d.declared.status === "absent" || d.declared.status === "loading") return null;
  const text =
    d.declared.status === "invalid"
      ? `models.yaml does not parse (line ${d.declared.problem?.line}): ${d.declared.problem?.message}`
      : d.declared.status === "error"
        ? `Declared set unreadable: ${d.declared.error}`
        : d.drift
          ? driftSummary(d.drift)
          : (d.driftProblem ?? "Drift unknown");
  const calm = d.declared.status === "ok" && d.drift !== null && text === driftSummary({ missing: [], extra: [], outdated: [], pinnedNotLoaded: [] });
  return (
    <p role="status" aria-label="Declared model set" className={`mb-4 rounded-md border px-3 py-2 text-sm ${calm ? "border-border" : "border-warn/40 bg-warn/10"}`}>
      <span className="font-medium">Declared models:</span> {text}{" "}
      <Link href="/models" className="text-accent underline-offset-2 hover:underline">
        drift view
      </Link>
    </p>
  );
}
