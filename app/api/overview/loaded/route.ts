// GET /api/overview/loaded — models loaded in memory (coalesced /api/ps).
import { route } from "@/lib/features/server/route";
import { loadedResponse } from "@/lib/shared/contracts/overview";
import { overviewLoaded } from "@/lib/features/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: loadedResponse, shared: true }, ({ target }) => overviewLoaded(target));
