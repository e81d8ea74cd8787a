// GET /api/keys — API keys with this replica's usage (admin); POST /api/keys — create one, its secret shown once.
import { route } from "@/lib/api/route";
import { createKey, listKeys } from "@/lib/keys";
import { createKeySchema } from "@/lib/keys/types";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, () => listKeys());

export const POST = route({ role: "admin", body: createKeySchema }, ({ body, user }) => createKey(body, user));
