"use client";
// "pinned" next to a loaded model on the Overview: the declared set's pins (issue 14), which the console keeps loaded.
import { useQuery } from "@tanstack/react-query";
import { desiredQueries } from "@/components/models/desired-queries";

/** Lower-case names of the declared pins (empty while unknown). */
export function usePinned(): Set<string> {
  const q = useQuery(desiredQueries.desired());
  return new Set((q.data?.pins ?? []).map((p) => p.model.toLowerCase()));
}

export function PinnedBadge() {
  return (
    <span className="ml-2 rounded border border-accent/50 px-1 py-px font-sans text-[10px] font-medium uppercase tracking-wide text-accent" title="Declared with pin: true: the console keeps it loaded">
      pinned
    </span>
  );
}
