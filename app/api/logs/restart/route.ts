// GET /api/logs/restart — the last lines of the container that died in one restart-history entry (admin only; audited).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { restartLines } from "@/lib/shared/contracts/logs";
import { audit } from "@/lib/features/audit";
import { readRestartLines } from "@/lib/features/logs/read";

export const dynamic = "force-dynamic";

const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const Query = z.object({
  pod: z.string().regex(NAME, "a pod name (lowercase DNS name)"),
  container: z.string().regex(NAME, "a container name"),
  restartCount: z.coerce.number().int().min(0).max(1_000_000),
});

export const GET = route({ role: "admin", query: Query, response: restartLines }, async ({ user, target, query }) => {
  const subject = `${query.pod}/${query.container}`;
  try {
    const read = await readRestartLines(target, query);
    audit(user, { action: "LogViewed", subject, outcome: "success", message: `last lines before restart ${query.restartCount}` });
    return read;
  } catch (err) {
    audit(user, { action: "LogViewed", subject, outcome: "failure", message: err instanceof Error ? err.message : String(err) });
    throw err;
  }
});
