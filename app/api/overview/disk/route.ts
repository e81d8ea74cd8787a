// GET /api/overview/disk — cache volume usage, thresholds and what uses the space.
import { route } from "@/lib/features/server/route";
import { diskResponse } from "@/lib/shared/contracts/overview";
import { overviewDisk } from "@/lib/features/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: diskResponse, shared: true }, ({ target }) => overviewDisk(target));
