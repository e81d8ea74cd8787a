// GET /api/pulls — running and recent pull jobs (re-attach after a reload); POST /api/pulls — start or join a pull after the pre-flight.
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { pullsResponse, startedPull } from "@/lib/shared/contracts/pulls";
import { config } from "@/lib/doors/runtime/config";
import { pulls, startPull } from "@/lib/features/pulls";

export const dynamic = "force-dynamic";

export const GET = route({ response: pullsResponse }, ({ target }) => {
  const manager = pulls(target);
  const cfg = config().pulls;
  return Promise.resolve({
    jobs: manager.list(),
    journalProblem: manager.journalProblem() ?? null,
    registries: cfg.registries,
    concurrency: cfg.concurrency,
  });
});

const body = z.strictObject({
  model: z.string({ message: "expected a model name" }).trim().max(1000, "model name too long"),
  /** The operator confirmed pulling although the pre-flight says it does not fit or could not check. */
  override: z.boolean().optional().default(false),
});

export const POST = route({ role: "operator", body, response: startedPull }, ({ target, user, body }) => startPull(target, user, body));
