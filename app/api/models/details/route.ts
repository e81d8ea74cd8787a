// GET /api/models/details?model=… — one installed model's details (/api/show): capabilities, context length, template, license.
import { z } from "zod";
import { route } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { checkModelName } from "@/lib/ollama/names";
import { showModel } from "@/lib/ollama/show";

export const dynamic = "force-dynamic";

const query = z.object({ model: z.string({ message: "expected ?model=<name>" }).max(1000, "model name too long") });

export const GET = route({ query }, ({ target, query }) => {
  const check = checkModelName(query.model);
  if (!check.ok) throw new AppError("invalid", check.reason);
  return showModel(target, query.model);
});
