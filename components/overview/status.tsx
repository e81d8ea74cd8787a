// Shared bits of the Overview widgets: level colours, a status badge, and what a watch that is not live means for its data.
import type { ReactNode } from "react";
import type { Stale } from "@/components/ui/states";
import { TONE_BOX } from "@/components/ui/tone";
import type { Freshness, Level } from "@/lib/shared/contracts/shared";

const LEVEL_DOT: Record<Level, string> = { ok: "bg-ok", warn: "bg-warn", bad: "bg-bad" };
const LEVEL_WORD: Record<Level, string> = { ok: "OK", warn: "Warning", bad: "Problem" };

/** A coloured dot whose meaning is also given in words for screen readers. */
export function LevelDot({ level }: { level: Level }) {
  return (
    <span className="inline-flex items-center">
      <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${LEVEL_DOT[level]}`} />
      <span className="sr-only">{LEVEL_WORD[level]}:</span>
    </span>
  );
}

/** A small pill with the level's colour. */
export function Badge({ level, children }: { level: Level; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-medium ${TONE_BOX[level]}`}>{children}</span>;
}

/** A watch that is not live, as a stale note: "Stale since 10:42:03: Kubernetes API unreachable: …". */
export function freshnessStale(freshness: Freshness): Stale | undefined {
  return freshness.synced ? undefined : { since: freshness.staleSince, reason: freshness.error ?? "not synced yet" };
}
