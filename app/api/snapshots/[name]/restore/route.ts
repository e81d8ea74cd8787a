// POST /api/snapshots/:name/restore — create a new PVC from the snapshot (admin); the page then follows it until Bound.
import { route } from "@/lib/features/server/route";
import { startedRestore } from "@/lib/shared/contracts/snapshots";
import { nameParams, restoreSnapshotBody } from "@/lib/shared/snapshots/input";
import { restoreSnapshot } from "@/lib/features/snapshots/restore";

export const dynamic = "force-dynamic";

export const POST = route({ role: "admin", params: nameParams, body: restoreSnapshotBody, response: startedRestore }, async ({ target, user, params, body }) => ({
  restore: await restoreSnapshot(target, user, params.name, body),
}));
