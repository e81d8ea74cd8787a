// What the update check reports per installed model (issue #14), shared by the server and the Models page. Browser-safe.
import type { Verdict } from "../disk/fit";

export type UpdateState = "up_to_date" | "update_available" | "tag_missing" | "check_failed" | "not_checked";

export interface ModelUpdate {
  model: string;
  state: UpdateState;
  /** Bytes of layers the new version has that the volume lacks (what an update downloads). */
  newBytes: number;
  /** Bytes of the new version's layers already on the volume (shared with the installed copy or another model). */
  sharedBytes: number;
  /** Whether the download fits the free space now (each update on its own; "Update all" adds them up). */
  fit: Verdict | null;
  /** Why the check failed or was skipped, in words. */
  reason: string | null;
  checkedAt: string;
  /** The installed copy's manifest digest when checked: a different one now means the result no longer applies. */
  digest: string;
}

export interface UpdateReport {
  /** When the last complete check ended; null = never since the console started. */
  checkedAt: string | null;
  checking: boolean;
  /** 0 = the scheduled check is off (UPDATE_CHECK_INTERVAL=0); "Check now" still works. */
  intervalSeconds: number;
  models: ModelUpdate[];
}

/** One planned update in "Update all": smallest first, each with the free space left after the ones before it. */
export interface PlannedUpdate {
  model: string;
  newBytes: number;
  verdict: Verdict;
  freeAfterBytes: number;
}

export interface UpdatePlan {
  updates: PlannedUpdate[];
  /** The first update that does not fit once the earlier ones are done: "Update all" stops before it. */
  stoppedAt: { model: string; newBytes: number; freeBytes: number; reason: string } | null;
}
