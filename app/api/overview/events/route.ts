// GET /api/overview/events — recent Warning events in the namespace, de-duplicated, newest first.
import { route } from "@/lib/features/server/route";
import { eventsResponse } from "@/lib/shared/contracts/overview";
import { overviewEvents } from "@/lib/features/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: eventsResponse, shared: true }, ({ target }) => overviewEvents(target));
