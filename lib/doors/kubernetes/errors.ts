// Maps client-node failures (ApiException, socket errors) to AppError with a message an operator can act on. The one
// reading of Kubernetes failures: every door function in lib/doors/kubernetes/ throws what this returns, features never see codes.
import "server-only";
import { AppError, networkReason } from "../runtime/errors";

/** `details.reason` of the 404 that means a whole API group or CRD is not installed (as opposed to one missing object). */
export const API_MISSING = "api_missing";

// NamespaceLifecycle's refusal of a create in a namespace being deleted (as kube-apiserver v1.34 words it: sim/README.md row 76).
const TERMINATING = /unable to create new content in namespace (\S+) because it is being terminated/;
const FORBIDDEN = /cannot (\S+) resource "([^"]+)" in API group "([^"]*)" (?:in the namespace "([^"]+)"|at the cluster scope)/;

/** The permission a Forbidden Status message says is missing, e.g. `create volumesnapshots.snapshot.storage.k8s.io in namespace ollama`. */
export function missingPermission(message: string): string | undefined {
  const m = FORBIDDEN.exec(message);
  if (!m) return undefined;
  const [, verb, resource, group, namespace] = m;
  const qualified = group ? `${resource}.${group}` : `${resource}`;
  return `${verb} ${qualified} ${namespace ? `in namespace ${namespace}` : "at cluster scope"}`;
}

/** Runs one Kubernetes call `what` (e.g. "listing PVCs in namespace ollama"), throwing its failure as kubeError reads it. */
export async function kubeCall<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw kubeError(err, what);
  }
}

/** Whether `e` says the API group or CRD behind a call is not installed (kubeError's reading of a bare 404). */
export function isApiMissing(e: AppError): boolean {
  return e.system === "kubernetes" && e.code === "unavailable" && e.details?.reason === API_MISSING;
}

interface K8sStatus {
  kind?: string;
  reason?: string;
  message?: string;
  code?: number;
}

function parseStatus(body: unknown): K8sStatus | undefined {
  if (typeof body === "object" && body) return body;
  if (typeof body !== "string" || !body.startsWith("{")) return undefined;
  try {
    return JSON.parse(body) as K8sStatus;
  } catch {
    return undefined;
  }
}

/** Converts anything thrown by client-node into an AppError (system "kubernetes"). */
export function kubeError(err: unknown, what = "Kubernetes API request"): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "number") {
    const status = parseStatus((err as { body?: unknown }).body);
    const message = status?.message ?? `${what} failed with HTTP ${code}`;
    switch (code) {
      case 401:
        return new AppError("unauthorized", "Kubernetes API rejected the console's credentials (401 Unauthorized)", "kubernetes", { cause: err });
      case 403: {
        // NamespaceLifecycle, not RBAC: the namespace is being deleted, and no grant lets anything new into it.
        const terminating = TERMINATING.exec(message)?.[1];
        if (terminating) {
          const text = `Namespace ${terminating} is being deleted: Kubernetes takes nothing new into it (${what})`;
          return new AppError("forbidden", text, "kubernetes", { cause: err, details: { reason: "namespace_terminating", namespace: terminating, kubernetes: message } });
        }
        // RBAC denials name the verb and resource: say which grant is missing, and where (a cluster-scoped resource is
        // granted by the console's ClusterRole, deploy/base/rbac.yaml).
        const permission = missingPermission(message);
        const role = permission?.endsWith("at cluster scope") ? "ClusterRole" : "Role";
        const text = permission ? `The console's service account is not allowed to ${permission} (${what}); grant it in the console's ${role}` : message;
        return new AppError("forbidden", text, "kubernetes", { cause: err, details: { reason: "rbac", permission, kubernetes: message } });
      }
      case 404:
        return status?.reason === "NotFound" && status.message !== "the server could not find the requested resource"
          ? new AppError("not_found", message, "kubernetes", { cause: err })
          : new AppError("unavailable", "the Kubernetes API does not serve this resource (API not installed)", "kubernetes", {
              cause: err,
              status: 404,
              details: { reason: API_MISSING },
            });
      case 409:
        return new AppError("conflict", message, "kubernetes", { cause: err });
      case 410:
        return new AppError("expired", message, "kubernetes", { cause: err });
      case 422:
      case 400:
        return new AppError("invalid", message, "kubernetes", { cause: err });
      default:
        return new AppError("upstream", message, "kubernetes", { cause: err, status: 502 });
    }
  }
  const missingFile = (err as { code?: unknown; path?: unknown }).code === "ENOENT" ? (err as { path?: unknown }).path : undefined;
  const reason =
    typeof missingFile === "string"
      ? `no kubeconfig at ${missingFile} (set KUBECONFIG, or run in-cluster with a service account)`
      : (networkReason(err) ?? (err instanceof Error ? err.message : String(err)));
  return new AppError("unreachable", `Kubernetes API unreachable: ${reason}`, "kubernetes", { cause: err });
}
