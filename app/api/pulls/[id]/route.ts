// DELETE /api/pulls/:id — cancel a pull job (the partial download stays on disk for a later pull to resume).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { pullJob } from "@/lib/shared/contracts/pulls";
import { cancelPull } from "@/lib/features/pulls";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.uuid("expected a pull job id") });

export const DELETE = route({ role: "operator", params, response: pullJob }, ({ target, user, params }) => cancelPull(target, user, params.id));
