// GET /api/disk/forecast — when the model cache fills at the current rate ("full in N days" or "stable").
import { route } from "@/lib/api/route";
import { diskForecast as diskForecastResponse } from "@/lib/contracts/disk";
import { diskForecast } from "@/lib/disk/forecast-source";

export const dynamic = "force-dynamic";

export const GET = route({ response: diskForecastResponse }, ({ target }) => diskForecast(target));
