// POST /api/models/variants — create a model `from` an installed one with parameters and a system prompt (no files, no blobs).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { variantResult } from "@/lib/shared/contracts/models-desired";
import { modelNameField } from "@/lib/features/models/names";
import { createVariant, variantParameters } from "@/lib/features/models/variants";

export const dynamic = "force-dynamic";

const body = z.strictObject({
  name: z.string({ message: "expected the variant's name" }).trim().min(1, "expected the variant's name").max(300, "name too long"),
  from: modelNameField,
  parameters: variantParameters.optional().default({}),
  system: z.string().max(16_000, "system prompt: at most 16000 characters").optional(),
});

export const POST = route({ role: "operator", body, response: variantResult }, ({ target, user, body }) => createVariant(target, user, body));
