// GET /api/overview/disk — cache volume usage, thresholds and what uses the space.
import { route } from "@/lib/api/route";
import { overviewDisk } from "@/lib/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({}, ({ target }) => overviewDisk(target));
