// GET /api/settings — effective OLLAMA_* settings: the Deployment's spec next to what the running process logged.
import { route } from "@/lib/features/server/route";
import { settingsView as answer } from "@/lib/shared/contracts/logs";
import { settingsView } from "@/lib/features/logs/settings-view";

export const dynamic = "force-dynamic";

export const GET = route({ response: answer }, ({ target }) => settingsView(target));
