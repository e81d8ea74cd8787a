// GET /api/logs/stream — Server-Sent Events: the Ollama container's log followed live through the shared follow (admin only; audited).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { eventStream } from "@/lib/shared/contracts/contract";
import { logStreamEvent } from "@/lib/shared/contracts/logs";
import { audit } from "@/lib/features/audit";
import { logHub } from "@/lib/features/logs";
import { logEvents } from "@/lib/features/logs/stream";

export const dynamic = "force-dynamic";

const Query = z.object({ tail: z.coerce.number().int().min(0).max(5_000).default(500) });

export const GET = route({ role: "admin", query: Query, response: eventStream(logStreamEvent) }, ({ user, target, query, req }) => {
  audit(user, { action: "LogViewed", subject: `${target.namespace}/${target.deployment}`, outcome: "success", message: `follow, last ${query.tail} lines` });
  return Promise.resolve(logEvents(logHub(target), query.tail, req.signal));
});
