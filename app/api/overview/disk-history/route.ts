// GET /api/overview/disk-history — cache volume usage over the last day.
import { route } from "@/lib/api/route";
import { diskHistory } from "@/lib/contracts/overview";
import { overviewDiskHistory } from "@/lib/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: diskHistory, shared: true }, ({ target }) => overviewDiskHistory(target));
