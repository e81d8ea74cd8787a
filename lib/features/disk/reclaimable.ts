// What restarting Ollama would free: unreferenced blobs, and partial downloads no pull owns that are past Ollama's 1 h
// grace (api-facts A5: the start-up prune). Pure and browser-safe.
import type { Inventory } from "../../../agent/wire";
import type { PartialVerdict, Reclaimable } from "../../shared/contracts/disk";
export type { PartialVerdict, Reclaimable };

/** Ollama's start-up prune keeps partial downloads modified within this window. */
export const PARTIAL_GRACE_MS = 3_600_000;

/**
 * Splits the agent's inventory. `owned` maps a digest to the unfinished pull (journal) it belongs to: those partials are
 * never counted, whatever their age, because the pull will resume from them.
 */
export function reclaimable(inventory: Pick<Inventory, "partial" | "unreferenced">, owned: ReadonlyMap<string, string>, now = Date.now()): Reclaimable {
  const stale: PartialVerdict[] = [];
  const kept: PartialVerdict[] = [];
  for (const d of inventory.partial.downloads) {
    const age = d.modifiedAt ? now - Date.parse(d.modifiedAt) : undefined;
    const pull = owned.get(d.digest);
    const keptBecause = pull
      ? `belongs to the unfinished pull of ${pull}`
      : age === undefined || Number.isNaN(age)
        ? "its age is unknown (cache agent without mtimes)"
        : age <= PARTIAL_GRACE_MS
          ? "modified within the last hour: Ollama keeps it"
          : undefined;
    (keptBecause ? kept : stale).push({ digest: d.digest, bytes: d.bytes, modifiedAt: d.modifiedAt, keptBecause });
  }
  const sum = (list: PartialVerdict[]) => list.reduce((n, d) => n + d.bytes, 0);
  const unreferenced = { bytes: inventory.unreferenced.bytes, blobs: inventory.unreferenced.blobs.length };
  return {
    unreferenced,
    stalePartials: { bytes: sum(stale), downloads: stale },
    keptPartials: { bytes: sum(kept), downloads: kept },
    expectedBytes: unreferenced.bytes + sum(stale),
  };
}

const FALSE = new Set(["", "0", "f", "F", "false", "FALSE", "False"]);

/** Whether an OLLAMA_NOPRUNE value turns pruning off (Go's strconv.ParseBool, as envconfig.Bool reads it; a reference counts as on). */
export function noPruneOn(value: { value: string } | { from: string } | undefined): boolean {
  if (!value) return false;
  if ("from" in value) return true;
  return !FALSE.has(value.value.trim().replace(/^["']+|["']+$/g, ""));
}
