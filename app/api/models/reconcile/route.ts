// POST /api/models/reconcile — pull the declared models that are missing; {"prune": true, "confirm": [names]} (admin) also deletes extras.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { reconcileResult } from "@/lib/shared/contracts/models-desired";
import { modelNameField } from "@/lib/features/models/names";
import { reconcile } from "@/lib/features/models/reconcile";

export const dynamic = "force-dynamic";

const body = z.strictObject({
  prune: z.boolean().optional().default(false),
  /** Every extra model to delete, by name: the admin's confirmation. */
  confirm: z.array(modelNameField).max(200, "at most 200 models").optional(),
});

export const POST = route({ role: "operator", body, response: reconcileResult }, ({ target, user, body }) => reconcile(target, user, body));
