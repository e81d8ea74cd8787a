// Runtime knobs of the Kubernetes simulator, shared by the HTTP layer and the controllers.
import type { ForbidRule } from "./rbac.ts";

export type SnapshotControllerMode = "normal" | "stalled" | "error";

/** Every setting the world/control layer may change while the simulator runs. */
export interface KubeSimSettings {
  /** The user named in Forbidden messages. */
  user: string;
  forbid: ForbidRule[];
  /** Serve snapshot.storage.k8s.io (off = the CRDs are not installed). */
  snapshotApi: boolean;
  snapshotController: SnapshotControllerMode;
  /** status.error.message in "error" mode. */
  snapshotErrorMessage: string;
  /** Delay before a new VolumeSnapshot gets its status (readyToUse false). */
  snapshotStatusAfterMs: number;
  /** Delay from status to readyToUse true. */
  snapshotReadyAfterMs: number;
  pvcBindAfterMs: number;
  /** The persistent volume controller's resync (kube-controller-manager's --pvclaimbinder-sync-period, 15 s). */
  pvcResyncMs: number;
  /** Delay of each step of a volume expansion (Resizing → FileSystemResizePending → new status.capacity). */
  pvcResizeStepMs: number;
  /** Delay from Scheduled to Running+Ready for a new pod. */
  podStartMs: number;
  /** How long a deleted pod stays Terminating. */
  podTerminateMs: number;
  bookmarkIntervalMs: number;
  /** Server-side end of a watch without timeoutSeconds. */
  watchMaxMs: number;
}

/** Defaults: quick enough for tests, slow enough to see each state. */
export const DEFAULT_SETTINGS: KubeSimSettings = {
  user: "system:serviceaccount:ollama:ollama-ops",
  forbid: [],
  snapshotApi: true,
  snapshotController: "normal",
  snapshotErrorMessage:
    'Failed to check and update snapshot content: failed to take snapshot of the volume pvc-0: "rpc error: code = Internal desc = failed to create snapshot: storage backend unavailable"',
  snapshotStatusAfterMs: 100,
  snapshotReadyAfterMs: 3000,
  pvcBindAfterMs: 500,
  pvcResyncMs: 15_000,
  pvcResizeStepMs: 1000,
  podStartMs: 1500,
  podTerminateMs: 1000,
  bookmarkIntervalMs: 10_000,
  watchMaxMs: 30 * 60_000,
};
