// The kubelet's summary API through the API server's node proxy (`get nodes/proxy`; opt-in, see lib/features/disk/kubelet.ts).
import "server-only";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import { kubeCall } from "./errors";

/** /api/v1/nodes/<node>/proxy/stats/summary, parsed (raw JSON: the caller picks what it needs). Throws AppError. */
export async function kubeletStatsSummary(target: Target, node: string): Promise<unknown> {
  // Typed as string, but client-node returns the parsed object for application/json (api-facts B5): hence unknown.
  const summary: unknown = await kubeCall(`reading the kubelet summary of node ${node}`, () => kube(target).core.connectGetNodeProxyWithPath({ name: node, path: "stats/summary" }));
  return summary;
}
