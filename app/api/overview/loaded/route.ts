// GET /api/overview/loaded — models loaded in memory (coalesced /api/ps).
import { route } from "@/lib/api/route";
import { loadedResponse } from "@/lib/contracts/overview";
import { overviewLoaded } from "@/lib/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: loadedResponse, shared: true }, ({ target }) => overviewLoaded(target));
