// What the unauthenticated probe answers (GET /api/health).
import { z } from "zod";

/** GET /api/health: `?probe=live` says only "ok"; health adds the checks (503 "fail": config invalid); `?probe=ready` also the watches. */
export const healthProbe = z.object({
  status: z.enum(["ok", "fail"]),
  checks: z.object({ process: z.literal("ok"), config: z.enum(["ok", "invalid"]), watches: z.enum(["ok", "syncing"]).optional() }).optional(),
  /** `?probe=ready` only: whether this replica holds the Lease and runs the background work (issue 19). */
  leader: z.boolean().optional(),
});
export type HealthProbe = z.infer<typeof healthProbe>;
