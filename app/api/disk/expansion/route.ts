// GET /api/disk/expansion?pendingBytes=N — grow the cache volume: target size, StorageClass check, Kustomize patch, resize progress; POST — "Expand now" (admin).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { expansionPlan as expansionPlanResponse, expansionStarted } from "@/lib/shared/contracts/disk";
import { expandNow, expansionPlan } from "@/lib/features/disk/expand";
import { MAX_VOLUME_BYTES, parseSizeQuantity } from "@/lib/shared/disk/grow";

export const dynamic = "force-dynamic";

const query = z.object({
  pendingBytes: z.coerce
    .number({ message: "pendingBytes must be a number of bytes" })
    .int("pendingBytes must be a whole number of bytes")
    .min(0, "pendingBytes cannot be negative")
    .max(MAX_VOLUME_BYTES, "pendingBytes is larger than any volume the console grows")
    .default(0),
});

const body = z.strictObject({
  size: z
    .string({ message: 'expected "size": a whole number of Gi or Ti, e.g. "150Gi"' })
    .max(16, "size is too long")
    .refine((s) => parseSizeQuantity(s) !== undefined, { message: 'size must be a whole number of Gi or Ti, e.g. "150Gi" or "2Ti"' }),
});

export const GET = route({ query, response: expansionPlanResponse }, ({ target, query }) => expansionPlan(target, query.pendingBytes));

export const POST = route({ role: "admin", body, response: expansionStarted }, async ({ target, user, body }) => ({ progress: await expandNow(target, user, parseSizeQuantity(body.size) ?? 0) }));
