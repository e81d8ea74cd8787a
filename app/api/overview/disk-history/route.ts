// GET /api/overview/disk-history — cache volume usage over the last day.
import { route } from "@/lib/api/route";
import { overviewDiskHistory } from "@/lib/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({}, ({ target }) => overviewDiskHistory(target));
