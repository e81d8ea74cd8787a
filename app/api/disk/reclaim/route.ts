// GET /api/disk/reclaim — what restarting Ollama would free, and its guards; POST — restart Ollama (admin) to reclaim it or to finish a volume expansion.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { reclaimPlan as reclaimPlanResponse, restartStarted } from "@/lib/shared/contracts/disk";
import { reclaimPlan, restartOllama } from "@/lib/features/disk/reclaim";

export const dynamic = "force-dynamic";

// Deleting the Ollama pod drops every loaded model and means downtime: the browser says so and asks; the body confirms it.
const body = z.strictObject({
  confirm: z.literal(true, { message: 'expected "confirm": true (restarting Ollama drops every loaded model)' }),
  purpose: z.enum(["reclaim", "resize"], { message: 'expected "purpose": "reclaim" or "resize"' }).default("reclaim"),
});

export const GET = route({ response: reclaimPlanResponse }, ({ target }) => reclaimPlan(target));

export const POST = route({ role: "admin", body, response: restartStarted }, async ({ target, user, body }) => ({ run: await restartOllama(target, user, body.purpose) }));
