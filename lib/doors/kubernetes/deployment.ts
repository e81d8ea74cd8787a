// Reshapes the Ollama Deployment (typed or raw watch JSON) into a small serialisable summary.
import "server-only";
import type { V1Deployment } from "@kubernetes/client-node";
import { iso, labelSelectorString } from "../../shared/kubernetes/wire";

/** Annotations under this prefix are the service card (documented in the README). */
export const ANNOTATION_PREFIX = "ollama-ops.dev/";

export interface DeploymentCondition {
  type: string;
  status: string;
  reason: string | undefined;
  message: string | undefined;
  lastTransitionTime: string | undefined;
}

export interface DeploymentSummary {
  name: string;
  namespace: string;
  desired: number;
  ready: number;
  available: number;
  updated: number;
  /** status.replicas: every pod the Deployment owns, old and new. */
  replicas: number;
  unavailable: number;
  generation: number;
  observedGeneration: number;
  paused: boolean;
  conditions: DeploymentCondition[];
  /** spec.selector as a label selector string ("app=ollama"). */
  selector: string;
  /** Labels of the pod template (what a Service selects). */
  templateLabels: Record<string, string>;
  /** Only the `ollama-ops.dev/*` annotations. */
  annotations: Record<string, string>;
  /** PVC-backed pod volumes and where each container mounts them. */
  claims: { volume: string; claimName: string; mountPaths: string[] }[];
  images: string[];
}

/** client-node V1Deployment (typed or raw watch JSON) → DeploymentSummary (counters of 0 are absent on the wire). */
export function summarizeDeployment(d: V1Deployment): DeploymentSummary {
  const containers = d.spec?.template.spec?.containers ?? [];
  const mounts = containers.flatMap((c) => c.volumeMounts ?? []);
  return {
    name: d.metadata?.name ?? "",
    namespace: d.metadata?.namespace ?? "",
    desired: d.spec?.replicas ?? 1,
    ready: d.status?.readyReplicas ?? 0,
    available: d.status?.availableReplicas ?? 0,
    updated: d.status?.updatedReplicas ?? 0,
    replicas: d.status?.replicas ?? 0,
    unavailable: d.status?.unavailableReplicas ?? 0,
    generation: d.metadata?.generation ?? 0,
    observedGeneration: d.status?.observedGeneration ?? 0,
    paused: d.spec?.paused ?? false,
    conditions: (d.status?.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastTransitionTime: iso(c.lastTransitionTime),
    })),
    selector: d.spec?.selector ? labelSelectorString(d.spec.selector) : "",
    templateLabels: d.spec?.template.metadata?.labels ?? {},
    annotations: Object.fromEntries(Object.entries(d.metadata?.annotations ?? {}).filter(([k]) => k.startsWith(ANNOTATION_PREFIX))),
    claims: (d.spec?.template.spec?.volumes ?? []).flatMap((v) =>
      v.persistentVolumeClaim
        ? [{ volume: v.name, claimName: v.persistentVolumeClaim.claimName, mountPaths: mounts.filter((m) => m.name === v.name).map((m) => m.mountPath) }]
        : [],
    ),
    images: containers.map((c) => c.image ?? ""),
  };
}

const MODELS_PATH = /(^|\/)\.ollama(\/models)?\/?$|\/models\/?$/;

/** The model cache's claim: CACHE_PVC if set, else the claim mounted at the models path, else the only claim. */
export function cacheClaimName(d: Pick<DeploymentSummary, "claims">, explicit: string | undefined): string | undefined {
  if (explicit) return explicit;
  const atModelsPath = d.claims.find((c) => c.mountPaths.some((p) => MODELS_PATH.test(p)));
  if (atModelsPath) return atModelsPath.claimName;
  return d.claims.length === 1 ? d.claims[0]?.claimName : undefined;
}
