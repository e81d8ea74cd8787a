// The Kubernetes calls behind disk rescue (issue 15): read and grow the cache PVC, read its StorageClass, delete the Ollama pod.
import "server-only";
import { PatchStrategy, setHeaderOptions, type V1PersistentVolumeClaim } from "@kubernetes/client-node";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import { kubeError } from "./errors";
import { summarizePvc, type PvcSummary } from "./pvc";
import { iso } from "../../shared/kubernetes/wire";

export interface PvcCondition {
  type: string;
  status: string;
  message: string | undefined;
  lastTransitionTime: string | undefined;
}

/** A claim with what an expansion needs: conditions, the resize state and the resourceVersion to patch against. */
export interface PvcDetail extends PvcSummary {
  resourceVersion: string;
  conditions: PvcCondition[];
}

export interface StorageClassSummary {
  name: string;
  provisioner: string;
  /** allowVolumeExpansion; absent means false (the PersistentVolumeClaimResize admission plugin). */
  allowVolumeExpansion: boolean;
}

function detail(pvc: V1PersistentVolumeClaim): PvcDetail {
  return {
    ...summarizePvc(pvc),
    resourceVersion: pvc.metadata?.resourceVersion ?? "",
    conditions: (pvc.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, message: c.message, lastTransitionTime: iso(c.lastTransitionTime) })),
  };
}

/** GET the claim (namespace-scoped read, the Role's persistentvolumeclaims get). */
export async function readPvc(target: Target, name: string): Promise<PvcDetail> {
  try {
    return detail(await kube(target).core.readNamespacedPersistentVolumeClaim({ name, namespace: target.namespace }));
  } catch (err) {
    throw kubeError(err, `reading PersistentVolumeClaim ${name}`);
  }
}

/** GET a StorageClass (cluster-scoped, read-only). */
export async function readStorageClass(target: Target, name: string): Promise<StorageClassSummary> {
  try {
    const sc = await kube(target).storage.readStorageClass({ name });
    return { name, provisioner: sc.provisioner, allowVolumeExpansion: sc.allowVolumeExpansion === true };
  } catch (err) {
    throw kubeError(err, `reading StorageClass ${name}`);
  }
}

/**
 * Sets spec.resources.requests.storage with a merge patch carrying the resourceVersion read before, so a claim changed
 * in between (by GitOps, or another admin) is a Conflict rather than silently overwritten.
 */
export async function patchPvcStorage(target: Target, name: string, quantity: string, resourceVersion: string): Promise<PvcDetail> {
  try {
    const body = { metadata: { resourceVersion }, spec: { resources: { requests: { storage: quantity } } } };
    const pvc = await kube(target).core.patchNamespacedPersistentVolumeClaim({ name, namespace: target.namespace, body }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    return detail(pvc);
  } catch (err) {
    throw kubeError(err, `expanding PersistentVolumeClaim ${name}`);
  }
}

/** Deletes one pod, only if it is still the same object (uid precondition): its controller replaces it. */
export async function deletePod(target: Target, name: string, uid: string): Promise<void> {
  try {
    await kube(target).core.deleteNamespacedPod({ name, namespace: target.namespace, body: { preconditions: { uid } } });
  } catch (err) {
    throw kubeError(err, `deleting pod ${name}`);
  }
}

export interface RolloutStrategy {
  /** spec.strategy.type: "Recreate" or "RollingUpdate" (the API's default). */
  type: string;
  replicas: number;
}

/** The Ollama Deployment's update strategy and replica count: what a pod deletion costs in downtime. */
export async function readRolloutStrategy(target: Target): Promise<RolloutStrategy> {
  try {
    const d = await kube(target).apps.readNamespacedDeployment({ name: target.deployment, namespace: target.namespace });
    return { type: d.spec?.strategy?.type ?? "RollingUpdate", replicas: d.spec?.replicas ?? 1 };
  } catch (err) {
    throw kubeError(err, `reading deployment ${target.namespace}/${target.deployment}`);
  }
}
