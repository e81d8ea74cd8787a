// A snapshot's state as a coloured badge; the sentence behind it is shown next to it, not hidden in a tooltip.
import type { SnapshotState } from "@/lib/shared/snapshots/state";

const TONE: Record<SnapshotState["kind"], string> = {
  ready: "bg-ok/15 text-ok",
  pending: "bg-info/15 text-info",
  error: "bg-bad/15 text-bad",
  stalled: "bg-warn/15 text-warn",
  deleting: "bg-raised text-muted",
};

export function StateBadge({ state }: { state: SnapshotState }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${TONE[state.kind]}`}>
      {state.kind === "pending" ? <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-current" /> : null}
      {state.label}
    </span>
  );
}
