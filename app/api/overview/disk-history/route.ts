// GET /api/overview/disk-history — cache volume usage over the last day.
import { route } from "@/lib/features/server/route";
import { diskHistory } from "@/lib/shared/contracts/overview";
import { overviewDiskHistory } from "@/lib/features/overview/read";

export const dynamic = "force-dynamic";

export const GET = route({ response: diskHistory, shared: true }, ({ target }) => overviewDiskHistory(target));
