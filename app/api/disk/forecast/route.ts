// GET /api/disk/forecast — when the model cache fills at the current rate ("full in N days" or "stable").
import { route } from "@/lib/features/server/route";
import { diskForecast as diskForecastResponse } from "@/lib/shared/contracts/disk";
import { diskForecast } from "@/lib/features/disk/forecast-source";

export const dynamic = "force-dynamic";

export const GET = route({ response: diskForecastResponse }, ({ target }) => diskForecast(target));
