// Combines the freshness of several watched kinds into one: current only if all are.
import "server-only";
import type { Freshness } from "../../doors/kubernetes/reflector";

/** The least fresh view of several kinds (first error, earliest stale time, oldest sync). */
export function combineFreshness(all: Freshness[]): Freshness {
  const failing = all.filter((f) => !f.synced);
  const oldest = (values: (string | undefined)[]) => values.filter((v): v is string => v !== undefined).sort()[0];
  return {
    synced: failing.length === 0,
    lastSyncAt: oldest(all.map((f) => f.lastSyncAt)),
    error: failing.find((f) => f.error)?.error,
    staleSince: oldest(failing.map((f) => f.staleSince)),
    notInstalled: false,
  };
}
