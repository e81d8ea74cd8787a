// GET /api/models/desired — the declared model set (ConfigMap MODELS_CONFIGMAP), its drift, the pins' state and the mode.
import { route } from "@/lib/features/server/route";
import { desiredResponse } from "@/lib/shared/contracts/models-desired";
import { settle } from "@/lib/features/server/settle";
import { config } from "@/lib/doors/runtime/config";
import { declaredState } from "@/lib/features/models/declared";
import { pinStatuses } from "@/lib/features/models/pins";
import { currentDrift } from "@/lib/features/models/reconcile";

export const dynamic = "force-dynamic";

export const GET = route({ response: desiredResponse }, async ({ target }) => {
  const declared = await declaredState(target);
  const [drift, pins] = await Promise.all([
    declared.status === "ok" ? settle(currentDrift(target)) : Promise.resolve(undefined),
    settle(pinStatuses(target)),
  ]);
  return {
    declared,
    drift: drift?.ok ? drift.data : null,
    driftProblem: drift && !drift.ok ? drift.error.message : null,
    pins: pins.ok ? pins.data : [],
    reconcile: config().models.reconcile,
  };
});
