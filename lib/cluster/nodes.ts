// The kubelet's summary API through the API server's node proxy (`get nodes/proxy`; opt-in, see lib/disk/kubelet.ts).
import "server-only";
import type { Target } from "../config";
import { kube } from "./client";
import { kubeError } from "./errors";

/** /api/v1/nodes/<node>/proxy/stats/summary, parsed (raw JSON: the caller picks what it needs). Throws AppError. */
export async function kubeletStatsSummary(target: Target, node: string): Promise<unknown> {
  try {
    // Typed as string, but client-node returns the parsed object for application/json (api-facts B5): hence unknown.
    const summary: unknown = await kube(target).core.connectGetNodeProxyWithPath({ name: node, path: "stats/summary" });
    return summary;
  } catch (err) {
    throw kubeError(err, `reading the kubelet summary of node ${node}`);
  }
}
