// Reads the Ollama Deployment and reshapes it into a small serialisable summary.
import "server-only";
import type { V1Deployment } from "@kubernetes/client-node";
import type { Target } from "../config";
import { kube } from "./client";
import { kubeError } from "./errors";

export interface DeploymentSummary {
  name: string;
  namespace: string;
  desired: number;
  ready: number;
  available: number;
  updated: number;
}

/** client-node V1Deployment → DeploymentSummary (counters of 0 are absent on the wire). */
export function summarizeDeployment(d: V1Deployment): DeploymentSummary {
  return {
    name: d.metadata?.name ?? "",
    namespace: d.metadata?.namespace ?? "",
    desired: d.spec?.replicas ?? 1,
    ready: d.status?.readyReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
    updated: d.status?.updatedReplicas ?? 0,
  };
}

/** The target's Deployment, summarised. Throws AppError. */
export async function readDeployment(target: Target): Promise<DeploymentSummary> {
  try {
    const d = await kube(target).apps.readNamespacedDeployment({ name: target.deployment, namespace: target.namespace });
    return summarizeDeployment(d);
  } catch (err) {
    throw kubeError(err, `reading deployment ${target.namespace}/${target.deployment}`);
  }
}
