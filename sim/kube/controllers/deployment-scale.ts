// Proportional scaling (the deployment controller's scale, GetReplicaSetProportion): a Deployment scaled while several
// of its ReplicaSets have pods shares the change among them by their size against the max-replicas they were made for.
import { getNumber } from "../json.ts";
import type { KubeObject } from "../types.ts";

const MAX = "deployment.kubernetes.io/max-replicas";

const replicasOf = (rs: KubeObject): number => getNumber(rs, "spec.replicas") ?? 0;
const byCreation = (a: KubeObject, b: KubeObject): number => (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? "") || a.metadata.name.localeCompare(b.metadata.name);

/** Go's math.Round: halves away from zero. */
const round = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

/** getReplicaSetFraction: how many replicas `rs` gains (or loses) for the Deployment's new maximum. */
function fraction(rs: KubeObject, want: number, surge: number, statusReplicas: number): number {
  if (want === 0) return -replicasOf(rs);
  let before = Number(rs.metadata.annotations?.[MAX]);
  // Without the annotation, the Deployment's current size stands in (someone removed it).
  if (!Number.isInteger(before) || before <= 0) before = statusReplicas;
  if (before === 0) return 0;
  return round((replicasOf(rs) * (want + surge)) / before) - replicasOf(rs);
}

/**
 * The new size of each active ReplicaSet (spec.replicas above 0) when a RollingUpdate Deployment of `want` replicas
 * (maxSurge `surge`, status.replicas `statusReplicas`) is scaled: in proportion, the rounding left over going to the
 * first (the largest; the newest of equals when growing, the oldest when shrinking).
 */
export function proportionalSizes(active: KubeObject[], want: number, surge: number, statusReplicas: number): Map<KubeObject, number> {
  const allowed = want > 0 ? want + surge : 0;
  const toAdd = allowed - active.reduce((n, rs) => n + replicasOf(rs), 0);
  const order = [...active];
  if (toAdd > 0) order.sort((a, b) => replicasOf(b) - replicasOf(a) || byCreation(b, a));
  if (toAdd < 0) order.sort((a, b) => replicasOf(b) - replicasOf(a) || byCreation(a, b));
  const sizes = new Map<KubeObject, number>();
  let added = 0;
  for (const rs of order) {
    let change = 0;
    if (toAdd !== 0 && replicasOf(rs) !== 0 && toAdd !== added) {
      const allowedNow = toAdd - added;
      const share = fraction(rs, want, surge, statusReplicas);
      change = toAdd > 0 ? Math.min(share, allowedNow) : Math.max(share, allowedNow);
    }
    sizes.set(rs, replicasOf(rs) + change);
    added += change;
  }
  const first = order[0];
  if (first && toAdd !== 0) sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + toAdd - added));
  return sizes;
}
