// GET /api/settings — effective OLLAMA_* settings: the Deployment's spec next to what the running process logged.
import { route } from "@/lib/api/route";
import { settingsView as answer } from "@/lib/contracts/logs";
import { settingsView } from "@/lib/logs/settings-view";

export const dynamic = "force-dynamic";

export const GET = route({ response: answer }, ({ target }) => settingsView(target));
