// GET /api/models/updates — the last update check per installed model and the "Update all" plan; POST — check now.
import { route } from "@/lib/features/server/route";
import { updatesResponse } from "@/lib/shared/contracts/models-desired";
import { settle } from "@/lib/features/server/settle";
import { checkUpdates, currentUpdateReport, updateAllPlan } from "@/lib/features/models/updates";

export const dynamic = "force-dynamic";

export const GET = route({ response: updatesResponse }, async ({ target }) => {
  const report = await currentUpdateReport(target);
  const plan = report.checkedAt ? await settle(updateAllPlan(target)) : undefined;
  return { report, plan: plan?.ok ? plan.data : null, planProblem: plan && !plan.ok ? plan.error.message : null };
});

export const POST = route({ role: "operator", response: updatesResponse }, async ({ target }) => {
  const report = await checkUpdates(target);
  const plan = await settle(updateAllPlan(target));
  return { report, plan: plan.ok ? plan.data : null, planProblem: plan.ok ? null : plan.error.message };
});
