// Which PVC holds the model cache (CACHE_PVC, or discovered from the Deployment) and how it is provisioned.
import "server-only";
import type { V1Deployment } from "@kubernetes/client-node";
import { kube } from "../cluster/client";
import { clusterError } from "./errors";
import type { Target } from "../config";
import { AppError } from "../errors";
import { coalesced } from "./cache";
import { parseQuantity } from "./quantity";
import type { CacheVolume } from "./types";

const TTL_MS = 10_000;
const MODELS_PATH = /(^|\/)\.ollama(\/models)?\/?$|\/models\/?$/;

/** The Deployment's PVC-backed volume holding the cache: the one named by CACHE_PVC, else the one mounted at the models path, else the only one. */
export function findCacheClaim(d: V1Deployment, explicit: string | undefined): { pvc: string; volume: string | undefined } | undefined {
  const pod = d.spec?.template.spec;
  const claims = (pod?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [{ volume: v.name, pvc: v.persistentVolumeClaim.claimName }] : []));
  if (explicit) return { pvc: explicit, volume: claims.find((c) => c.pvc === explicit)?.volume };
  const mounts = (pod?.containers ?? []).flatMap((c) => c.volumeMounts ?? []);
  const atModels = claims.find((c) => mounts.some((m) => m.name === c.volume && MODELS_PATH.test(m.mountPath)));
  return atModels ?? (claims.length === 1 ? claims[0] : undefined);
}

async function readCacheVolume(target: Target): Promise<CacheVolume> {
  const { apps, core } = kube(target);
  const where = `${target.namespace}/${target.deployment}`;
  const deployment = await apps.readNamespacedDeployment({ name: target.deployment, namespace: target.namespace }).catch((err: unknown) => {
    throw clusterError(err, `reading deployment ${where}`);
  });
  const claim = findCacheClaim(deployment, target.cachePvc);
  if (!claim) {
    throw new AppError("not_found", `Deployment ${where} mounts no PersistentVolumeClaim that looks like the model cache; set CACHE_PVC`, "console");
  }
  const pvc = await core.readNamespacedPersistentVolumeClaim({ name: claim.pvc, namespace: target.namespace }).catch((err: unknown) => {
    throw clusterError(err, `reading PVC ${target.namespace}/${claim.pvc}`);
  });
  const request = pvc.spec?.resources?.requests?.storage;
  return {
    pvc: claim.pvc,
    volume: claim.volume,
    deployment: target.deployment,
    namespace: target.namespace,
    storageClassName: pvc.spec?.storageClassName,
    accessModes: pvc.spec?.accessModes ?? [],
    volumeMode: pvc.spec?.volumeMode,
    request,
    requestBytes: request ? parseQuantity(request) : undefined,
  };
}

/** The cache PVC and the Deployment volume mounting it (cached for a few seconds). Throws AppError. */
export function cacheVolume(target: Target): Promise<CacheVolume> {
  return coalesced(`cache-volume:${target.context ?? ""}:${target.namespace}/${target.deployment}`, TTL_MS, () => readCacheVolume(target));
}

/** Just the cache PVC's name: CACHE_PVC without any API call, else discovered. */
export async function cachePvcName(target: Target): Promise<string> {
  return target.cachePvc ?? (await cacheVolume(target)).pvc;
}
