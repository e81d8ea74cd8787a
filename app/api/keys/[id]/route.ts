// DELETE /api/keys/:id — revoke an API key (admin); every replica refuses it within seconds.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { okResponse } from "@/lib/shared/contracts/error";
import { revokeKey } from "@/lib/features/keys";

export const dynamic = "force-dynamic";

export const DELETE = route(
  { role: "admin", response: okResponse, params: z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, "expected a key id (12 hex digits)") }) },
  async ({ params, user }) => {
    await revokeKey(params.id, user);
    return { ok: true as const };
  },
);
