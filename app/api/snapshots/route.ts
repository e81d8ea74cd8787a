// GET /api/snapshots — snapshots of the model cache with classes, restores and permissions (or ?view=summary: snapshots only); POST — create one (operator).
import { z } from "zod";
import { route } from "@/lib/features/server/route";
import { createdSnapshot, snapshotsResponse } from "@/lib/shared/contracts/snapshots";
import { settle } from "@/lib/features/server/settle";
import { createSnapshot } from "@/lib/features/snapshots/create";
import { createSnapshotBody } from "@/lib/shared/snapshots/input";
import { listSnapshots } from "@/lib/features/snapshots/read";
import { snapshotsView } from "@/lib/features/snapshots/view";

export const dynamic = "force-dynamic";

const query = z.object({ view: z.enum(["full", "summary"]).default("full") });

export const GET = route({ query, response: snapshotsResponse }, async ({ target, user, query }) =>
  query.view === "summary" ? { snapshots: await settle(listSnapshots(target)) } : snapshotsView(target, user),
);

export const POST = route({ role: "operator", body: createSnapshotBody, response: createdSnapshot }, async ({ target, user, body }) => ({
  snapshot: await createSnapshot(target, user, body),
}));
