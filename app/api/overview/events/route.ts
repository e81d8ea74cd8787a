// GET /api/overview/events — recent Warning events in the namespace, de-duplicated, newest first.
import { route } from "@/lib/api/route";
import { eventsResponse } from "@/lib/contracts/overview";
import { overviewEvents } from "@/lib/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: eventsResponse, shared: true }, ({ target }) => overviewEvents(target));
