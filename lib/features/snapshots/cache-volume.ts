// Which PVC holds the model cache and how it is provisioned, read from the shared cluster cache (no extra API calls).
import "server-only";
import { watched, watchedDeployment } from "../../doors/kubernetes/cache";
import { cacheClaimName } from "../../doors/kubernetes/deployment";
import type { Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { formatQuantity } from "../../shared/snapshots/quantity";
import type { CacheVolume } from "../../shared/snapshots/types";

function noClaim(target: Target): AppError {
  return new AppError(
    "not_found",
    `Deployment ${target.namespace}/${target.deployment} mounts no PersistentVolumeClaim that looks like the model cache; set CACHE_PVC`,
    "console",
  );
}

/** The cache PVC's name: CACHE_PVC without any API call, else discovered from the Deployment's volumes. Throws AppError. */
export async function cachePvcName(target: Target): Promise<string> {
  if (target.cachePvc) return target.cachePvc;
  const name = cacheClaimName((await watchedDeployment(target)).deployment, undefined);
  if (!name) throw noClaim(target);
  return name;
}

/** The cache PVC, its class, access modes and size, and the Deployment volume mounting it. Throws AppError. */
export async function cacheVolume(target: Target): Promise<CacheVolume> {
  const [{ deployment }, pvcs] = await Promise.all([watchedDeployment(target), watched(target, "pvcs")]);
  const name = cacheClaimName(deployment, target.cachePvc);
  if (!name) throw noClaim(target);
  const pvc = pvcs.items.find((p) => p.name === name);
  if (!pvc) throw new AppError("not_found", `PersistentVolumeClaim ${target.namespace}/${name} (the model cache) not found`, "kubernetes");
  return {
    pvc: name,
    volume: deployment.claims.find((c) => c.claimName === name)?.volume,
    deployment: deployment.name,
    namespace: target.namespace,
    storageClassName: pvc.storageClass,
    accessModes: pvc.accessModes,
    request: pvc.requestBytes !== undefined ? formatQuantity(pvc.requestBytes) : undefined,
    requestBytes: pvc.requestBytes,
  };
}
