// Opt-in (KUBELET_SUMMARY=true) volume stats from the kubelet summary API through the API server's node proxy.
// Off by default: `get nodes/proxy` is not read-only (a WebSocket GET through it can exec into any container on the node).
import "server-only";
import type { Target } from "../../doors/runtime/config";
import { kubeletStatsSummary } from "../../doors/kubernetes/nodes";
import { AppError } from "../../doors/runtime/errors";
import type { VolumeStats } from "../../doors/prometheus";

interface Summary {
  pods?: { volume?: { name?: string; time?: string; capacityBytes?: number; usedBytes?: number; availableBytes?: number; pvcRef?: { name?: string; namespace?: string } }[] }[];
}

/** The PVC's FsStats from /api/v1/nodes/<node>/proxy/stats/summary. Throws AppError. */
export async function kubeletVolumeStats(target: Target, node: string, pvc: string): Promise<VolumeStats> {
  const summary = (await kubeletStatsSummary(target, node)) as Summary;
  const volume = (summary.pods ?? [])
    .flatMap((p) => p.volume ?? [])
    .find((v) => v.pvcRef?.name === pvc && v.pvcRef.namespace === target.namespace);
  if (!volume || volume.capacityBytes === undefined || volume.usedBytes === undefined) {
    throw new AppError("not_found", `the kubelet on ${node} reports no stats for PVC ${target.namespace}/${pvc}`, "kubernetes");
  }
  return {
    capacityBytes: volume.capacityBytes,
    usedBytes: volume.usedBytes,
    availableBytes: volume.availableBytes ?? Math.max(0, volume.capacityBytes - volume.usedBytes),
    time: volume.time ?? new Date().toISOString(),
  };
}
