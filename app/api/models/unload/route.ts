// POST /api/models/unload — unload one model from memory ({"model": …}) or every loaded model ({}).
import { z } from "zod";
import { route } from "@/lib/api/route";
import { unload } from "@/lib/models/unload";

export const dynamic = "force-dynamic";

const body = z.object({ model: z.string().trim().min(1, "expected a model name").max(1000, "model name too long").optional() });

export const POST = route({ role: "operator", body }, ({ target, user, body }) => unload(target, user, body.model));
