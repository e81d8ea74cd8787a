// Per-key counters of this replica: requests let through, refusals, last use. In memory only: the hot path never writes.
import "server-only";
import type { KeyUsage } from "../../shared/keys/types";

/** Refusals that presented no provable key are counted under this id. */
export const NO_KEY = "none";

const usage = new Map<string, KeyUsage>();

/** Counts one decision for `id` (NO_KEY when the key was missing, malformed or unknown). */
export function countDecision(id: string, allowed: boolean, now: number): void {
  let u = usage.get(id);
  if (!u) {
    u = { requests: 0, refusals: 0, lastUsedAt: undefined };
    usage.set(id, u);
  }
  if (allowed) {
    u.requests++;
    u.lastUsedAt = new Date(now).toISOString();
  } else u.refusals++;
}

/** Counters of one key (zeros if unused since start). */
export function usageOf(id: string): KeyUsage {
  return { ...(usage.get(id) ?? { requests: 0, refusals: 0, lastUsedAt: undefined }) };
}

/** Every counter, for /metrics. */
export function allUsage(): [string, KeyUsage][] {
  return [...usage.entries()].map(([id, u]) => [id, { ...u }]);
}
