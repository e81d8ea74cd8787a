// POST /api/models/updates/apply — "Update" ({"models": […]}) or "Update all" ({"all": true}), optionally snapshot first.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { applyResult } from "@/lib/shared/contracts/models-desired";
import { modelNameField } from "@/lib/features/models/names";
import { applyUpdates } from "@/lib/features/models/updates";

export const dynamic = "force-dynamic";

const body = z
  .strictObject({
    models: z.array(modelNameField).min(1, "name at least one model").max(100, "at most 100 models").optional(),
    all: z.literal(true, { message: 'expected "all": true' }).optional(),
    snapshotFirst: z.boolean().optional().default(false),
  })
  .refine((b) => (b.models === undefined) !== (b.all === undefined), { message: 'say which: {"models": ["<name>", …]} or {"all": true}' });

export const POST = route({ role: "operator", body, response: applyResult }, ({ target, user, body }) =>
  applyUpdates(target, user, { ...(body.all ? { all: true } : { models: body.models ?? [] }), snapshotFirst: body.snapshotFirst }),
);
