// GET /api/logs — the last N lines of the Ollama container's log, or of its previous instance (admin only; audited).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { logRead } from "@/lib/shared/contracts/logs";
import { audit } from "@/lib/features/audit";
import { MAX_TAIL, readOllamaLog } from "@/lib/features/logs/read";

export const dynamic = "force-dynamic";

const Query = z.object({
  tail: z.coerce.number().int().min(1).max(MAX_TAIL).default(500),
  previous: z.enum(["true", "false"]).default("false"),
});

export const GET = route({ role: "admin", query: Query, response: logRead }, async ({ user, target, query }) => {
  const previous = query.previous === "true";
  const subject = `${target.namespace}/${target.deployment}`;
  try {
    const read = await readOllamaLog(target, { tail: query.tail, previous });
    audit(user, { action: "LogViewed", subject: `${read.pod}/${read.container}`, outcome: "success", message: `${previous ? "previous container, " : ""}last ${query.tail} lines` });
    return read;
  } catch (err) {
    audit(user, { action: "LogViewed", subject, outcome: "failure", message: err instanceof Error ? err.message : String(err) });
    throw err;
  }
});
