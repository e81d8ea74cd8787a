// GET /api/pulls/preflight?model=… — will this pull fit? Bytes to download vs free space minus headroom, and what to delete if not.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { preflight as answer } from "@/lib/shared/contracts/pulls";
import { preflight } from "@/lib/features/pulls/preflight";

export const dynamic = "force-dynamic";

const query = z.object({ model: z.string({ message: "expected ?model=<name>" }).trim().max(1000, "model name too long") });

export const GET = route({ query, response: answer }, ({ target, query }) => preflight(target, query.model));
