// GET /api/activity — recent audit entries (this console's plus the cluster's Events), filtered, newest first.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { activityList } from "@/lib/shared/contracts/activity";
import { listActivity } from "@/lib/features/audit/activity";

export const dynamic = "force-dynamic";

const text = (max: number) => z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(max).optional());

const query = z.object({
  user: text(128),
  action: text(128),
  outcome: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["success", "failure"]).optional()),
  q: text(200),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const GET = route({ query, response: activityList }, ({ target, query: { limit, ...filter } }) => listActivity(target, filter, limit));
