// Which audit records share one Kubernetes Event: the same outcome, action and subject by the same user, as the kubelet
// folds repeats of one reason on one object into one Event with a count.
import "server-only";

import type { AuditRecord } from "../../shared/audit/types";

/** Records waiting to be written as one Event: how many, and the newest of them. */
export interface AuditBatch {
  key: string;
  count: number;
  /** Oldest first, at most BATCH_RECORDS. */
  records: AuditRecord[];
}

/**
 * The aggregation key. Nobody signed in (failed sign-ins) = one key per action and outcome: the subject is then a name a
 * stranger typed, and keying on it would let a spray of made-up names create one Event each.
 */
export function aggregationKey(r: Pick<AuditRecord, "user" | "action" | "subject" | "outcome">): string {
  if (!r.user) return JSON.stringify(["anonymous", r.outcome, r.action]);
  return JSON.stringify([r.user.id, r.outcome, r.action, r.subject]);
}
