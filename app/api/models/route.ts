// GET /api/models — installed and loaded models, each with its own error; DELETE /api/models — delete one (optionally snapshot first).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { deletedModel, modelsResponse } from "@/lib/shared/contracts/models";
import { settle } from "@/lib/features/server/settle";
import { deleteInstalledModel } from "@/lib/features/models/delete";
import { modelNameField } from "@/lib/features/models/names";
import { listLoaded, listModels } from "@/lib/doors/ollama/cache";

export const dynamic = "force-dynamic";

export const GET = route({ response: modelsResponse }, async ({ target }) => {
  const [models, loaded] = await Promise.all([settle(listModels(target)), settle(listLoaded(target))]);
  return { models, loaded };
});

const body = z.strictObject({
  model: modelNameField,
  snapshotFirst: z.boolean().optional().default(false),
});

export const DELETE = route({ role: "operator", body, response: deletedModel }, ({ target, user, body }) => deleteInstalledModel(target, user, body));
