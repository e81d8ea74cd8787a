// POST /api/models/unload — unload one model from memory ({"model": …}) or every loaded model ({"all": true}; never by default).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { unloadResult } from "@/lib/shared/contracts/models";
import { modelNameField } from "@/lib/features/models/names";
import { unload } from "@/lib/features/models/unload";

export const dynamic = "force-dynamic";

const WHICH = 'say which: {"model": "<name>"} for one model, or {"all": true} for every loaded model';

// An empty body, `{}` or a misspelt field must not unload everything: "all" is asked for explicitly.
const body = z
  .strictObject({ model: modelNameField.optional(), all: z.literal(true, { message: 'expected "all": true' }).optional() })
  .refine((b) => (b.model === undefined) !== (b.all === undefined), { message: WHICH });

export const POST = route({ role: "operator", body, response: unloadResult }, ({ target, user, body }) => unload(target, user, body.all ? { all: true } : { model: body.model ?? "" }));
