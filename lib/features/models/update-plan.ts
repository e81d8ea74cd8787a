// "Update all" (issue #14): smallest download first, stopping before the first one that no longer fits. Pure.
import { headroomBytes } from "../disk/fit";
import type { Headroom } from "../../doors/runtime/config";
import { formatBytes } from "../../shared/format";
import type { ModelUpdate, UpdatePlan } from "./update-types";

/** The order and fit of every available update, given the free space now; stops before the first that does not fit. */
export function planUpdateAll(
  updates: readonly ModelUpdate[],
  disk: { availableBytes: number; capacityBytes: number },
  headroom: Headroom | undefined,
): UpdatePlan {
  const keep = headroomBytes(disk.capacityBytes, headroom);
  const candidates = updates.filter((u) => u.state === "update_available").sort((a, b) => a.newBytes - b.newBytes || a.model.localeCompare(b.model));
  const plan: UpdatePlan = { updates: [], stoppedAt: null };
  let free = disk.availableBytes;
  for (const u of candidates) {
    const after = free - u.newBytes;
    // The verdicts of the pull pre-flight (lib/features/disk/fit.ts): fits keeps the headroom, tight eats into it, below 0 fails.
    if (after < 0) {
      plan.stoppedAt = {
        model: u.model,
        newBytes: u.newBytes,
        freeBytes: free,
        reason: `${u.model} needs ${formatBytes(u.newBytes)} but only ${formatBytes(free)} would be free after the smaller updates`,
      };
      break;
    }
    plan.updates.push({ model: u.model, newBytes: u.newBytes, verdict: after >= keep ? "fits" : "tight", freeAfterBytes: after });
    free = after;
  }
  return plan;
}
