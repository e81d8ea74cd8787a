// GET /api/logs/restarts — the Ollama container's restart history with where each dead container's last lines can be read,
// and the prompt-logging warning (admin only).
import { route } from "@/lib/features/server/route";
import { logRestartsResponse } from "@/lib/shared/contracts/logs";
import { settle } from "@/lib/features/server/settle";
import { logDebugWarning, logRestarts } from "@/lib/features/logs/read";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin", response: logRestartsResponse }, async ({ target }) => {
  const [restarts, debug] = await Promise.all([settle(logRestarts(target)), settle(logDebugWarning(target))]);
  return { restarts, debug };
});
