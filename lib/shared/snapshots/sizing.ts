// How big a claim restored from a snapshot must be, and the default the form proposes (browser-safe).
import { parseQuantity } from "../kubernetes/wire";

/** The larger of the snapshot's restore size and the cache PVC's request, as the quantity string it was given in. */
export function defaultRestoreSize(restoreSize: string | undefined, cacheRequest: string | undefined): string | undefined {
  const snap = restoreSize ? parseQuantity(restoreSize) : undefined;
  const cache = cacheRequest ? parseQuantity(cacheRequest) : undefined;
  if (snap === undefined) return cache === undefined ? undefined : cacheRequest;
  if (cache === undefined || snap >= cache) return restoreSize;
  return cacheRequest;
}

/**
 * The largest claim a restore may request: 64 TiB, the biggest single volume of the common block-storage drivers (EBS,
 * Azure Disk 32 TiB, GCE PD 64 TB). Anything above is a typo that would leave a claim Pending for ever.
 */
export const MAX_RESTORE_BYTES = 64 * 2 ** 40;
const MAX_RESTORE_TEXT = "64Ti";

/** A Kubernetes quantity as a storage request can be: a positive number, then a binary or decimal unit or an exponent. */
const STORAGE_QUANTITY = /^(?:\d+(?:\.\d*)?|\.\d+)(?:Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE]\+?\d{1,3})?$/;

/** Why `size` cannot be used for a claim restored from a snapshot of `restoreSize` (unknown in the browser), or undefined when it can. */
export function restoreSizeProblem(size: string, restoreSize: string | undefined): string | undefined {
  const min = restoreSize ? parseQuantity(restoreSize) : undefined;
  const range = min !== undefined ? `between the snapshot's restore size ${restoreSize} and ${MAX_RESTORE_TEXT}` : `at most ${MAX_RESTORE_TEXT}`;
  const bytes = STORAGE_QUANTITY.test(size) ? parseQuantity(size) : undefined;
  if (bytes === undefined || bytes <= 0) {
    return `"${size.slice(0, 40)}" is not a Kubernetes storage quantity; use a number with a unit such as 100Gi or 120G, ${range}`;
  }
  if (!Number.isFinite(bytes) || bytes > MAX_RESTORE_BYTES) return `${size.slice(0, 40)} is too big: a restored claim must be ${range}`;
  if (min !== undefined && bytes < min) return `${size} is smaller than the snapshot's restore size ${restoreSize}; the claim must be ${range}`;
  return undefined;
}
