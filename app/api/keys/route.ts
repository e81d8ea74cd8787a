// GET /api/keys — API keys with this replica's usage (admin); POST /api/keys — create one, its secret shown once.
import { route } from "@/lib/features/server/route";
import { createdKey, keysResponse } from "@/lib/shared/contracts/keys";
import { createKey, listKeys } from "@/lib/features/keys";
import { createKeySchema } from "@/lib/shared/keys/types";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin", response: keysResponse }, () => listKeys());

export const POST = route({ role: "admin", body: createKeySchema, response: createdKey }, ({ body, user }) => createKey(body, user));
