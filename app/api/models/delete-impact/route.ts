// GET /api/models/delete-impact?model=… — what deleting a model frees, whether it is loaded, whether a snapshot can come first.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { deleteImpact as answer } from "@/lib/shared/contracts/models";
import { deleteImpact } from "@/lib/features/models/delete";
import { modelNameField } from "@/lib/features/models/names";

export const dynamic = "force-dynamic";

const query = z.object({ model: modelNameField });

export const GET = route({ query, response: answer }, ({ target, query }) => deleteImpact(target, query.model));
