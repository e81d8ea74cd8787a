// What the unauthenticated probe answers (GET /api/health).
import { z } from "zod";

/** GET /api/health: `?probe=live` says only "ok"; readiness adds the checks (503 with "fail" when the config is invalid). */
export const healthProbe = z.object({
  status: z.enum(["ok", "fail"]),
  checks: z.object({ process: z.literal("ok"), config: z.enum(["ok", "invalid"]) }).optional(),
});
export type HealthProbe = z.infer<typeof healthProbe>;
