// Snapshot-specific readings of Kubernetes failures: API not installed, which permission is missing.
import { kubeError } from "../cluster/errors";
import { AppError } from "../errors";

export const SNAPSHOT_API_DOCS = "https://github.com/kubernetes-csi/external-snapshotter#usage";
export const SNAPSHOT_API_MISSING =
  "The VolumeSnapshot API is not installed: install the CSI snapshot controller and its CRDs (snapshot.storage.k8s.io/v1)";

const FORBIDDEN = /cannot (\S+) resource "([^"]+)" in API group "([^"]*)" (?:in the namespace "([^"]+)"|at the cluster scope)/;

/** The permission a Forbidden Status message says is missing, e.g. `create volumesnapshots.snapshot.storage.k8s.io in namespace ollama`. */
export function missingPermission(message: string): string | undefined {
  const m = FORBIDDEN.exec(message);
  if (!m) return undefined;
  const [, verb, resource, group, namespace] = m;
  const qualified = group ? `${resource}.${group}` : `${resource}`;
  return `${verb} ${qualified} ${namespace ? `in namespace ${namespace}` : "at cluster scope"}`;
}

/** kubeError, with a Forbidden turned into "the console may not <verb> <resource>" (AppErrors pass through unchanged). */
export function clusterError(err: unknown, what: string): AppError {
  if (err instanceof AppError) return err;
  const e = kubeError(err, what);
  if (e.code !== "forbidden") return e;
  const permission = missingPermission(e.message);
  const message = permission
    ? `The console's service account is not allowed to ${permission} (${what}); grant it in the console's Role`
    : `Kubernetes refused ${what}: ${e.message}`;
  return new AppError("forbidden", message, "kubernetes", { cause: err, details: { reason: "rbac", permission, kubernetes: e.message } });
}

/** clusterError for a call to the snapshot API, where a 404 for the whole group means the CRDs are not installed. */
export function snapshotError(err: unknown, what: string): AppError {
  const e = clusterError(err, what);
  if (e.code === "unavailable" && e.status === 404 && !(err instanceof AppError)) {
    return new AppError("unavailable", SNAPSHOT_API_MISSING, "kubernetes", {
      cause: err,
      details: { reason: "snapshot_api_missing", docs: SNAPSHOT_API_DOCS },
    });
  }
  return e;
}
