// Everything the Snapshots page shows, each part settled on its own so one failure never blanks the page.
import "server-only";
import { settle, type Settled } from "../server/settle";
import type { SessionUser } from "../../shared/auth/roles";
import type { Target } from "../../doors/runtime/config";
import { snapshotAccess } from "./access";
import { cacheVolume } from "./cache-volume";
import { listClasses, listSnapshots } from "./read";
import { activePulls } from "./inventory";
import { listRestores } from "./restore";
import type { CacheVolume, RestoreSummary, SnapshotAccess, SnapshotClassSummary, SnapshotSummary } from "../../shared/snapshots/types";

export interface SnapshotsView {
  snapshots: Settled<{ pvc: string; items: SnapshotSummary[] }>;
  classes: Settled<SnapshotClassSummary[]>;
  cache: Settled<CacheVolume>;
  restores: Settled<RestoreSummary[]>;
  access: SnapshotAccess;
  /** Models being pulled now: the create dialog warns that a snapshot may catch a half-written blob. */
  activePulls: string[];
}

/** The full page view for `user`. Never throws: each part carries its own error. */
export async function snapshotsView(target: Target, user: Pick<SessionUser, "role">): Promise<SnapshotsView> {
  const [snapshots, classes, cache, restores, access] = await Promise.all([
    settle(listSnapshots(target)),
    settle(listClasses(target)),
    settle(cacheVolume(target)),
    settle(listRestores(target)),
    snapshotAccess(target, user),
  ]);
  return { snapshots, classes, cache, restores, access, activePulls: activePulls(target) };
}
