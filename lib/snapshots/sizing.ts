// How big a claim restored from a snapshot must be, and the default the form proposes (browser-safe).
import { parseQuantity } from "../cluster/wire";

/** The larger of the snapshot's restore size and the cache PVC's request, as the quantity string it was given in. */
export function defaultRestoreSize(restoreSize: string | undefined, cacheRequest: string | undefined): string | undefined {
  const snap = restoreSize ? parseQuantity(restoreSize) : undefined;
  const cache = cacheRequest ? parseQuantity(cacheRequest) : undefined;
  if (snap === undefined) return cache === undefined ? undefined : cacheRequest;
  if (cache === undefined || snap >= cache) return restoreSize;
  return cacheRequest;
}

/** Why `size` cannot be used for a claim restored from a snapshot of `restoreSize`, or undefined when it can. */
export function restoreSizeProblem(size: string, restoreSize: string | undefined): string | undefined {
  const bytes = parseQuantity(size);
  if (bytes === undefined || bytes <= 0) return `"${size}" is not a storage size; use a quantity such as 100Gi or 120G`;
  const min = restoreSize ? parseQuantity(restoreSize) : undefined;
  if (min !== undefined && bytes < min) return `${size} is smaller than the snapshot's restore size ${restoreSize}; the claim must be at least that big`;
  return undefined;
}
