// GET /api/keys — API keys with this replica's usage (admin); POST /api/keys — create one, its secret shown once.
import { route } from "@/lib/api/route";
import { createdKey, keysResponse } from "@/lib/contracts/keys";
import { createKey, listKeys } from "@/lib/keys";
import { createKeySchema } from "@/lib/keys/types";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin", response: keysResponse }, () => listKeys());

export const POST = route({ role: "admin", body: createKeySchema, response: createdKey }, ({ body, user }) => createKey(body, user));
