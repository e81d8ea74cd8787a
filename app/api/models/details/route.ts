// GET /api/models/details?model=… — one installed model's details (/api/show): capabilities, context length, template, license.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { modelDetails } from "@/lib/shared/contracts/models";
import { modelNameField } from "@/lib/features/models/names";
import { showModel } from "@/lib/doors/ollama/show";

export const dynamic = "force-dynamic";

const query = z.object({ model: modelNameField });

export const GET = route({ query, response: modelDetails }, ({ target, query }) => showModel(target, query.model));
