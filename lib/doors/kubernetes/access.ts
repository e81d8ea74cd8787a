// What the console's own service account may do: SelfSubjectAccessReview, so the UI can explain a disabled button.
import "server-only";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import { kubeCall } from "./errors";

/** One verb on one resource in the target's namespace ("" = the core group). */
export interface ResourceCheck {
  verb: string;
  group: string;
  resource: string;
}

/** Whether the API server would allow the console `check` in the target's namespace. Throws AppError. */
export async function consoleMay(target: Target, check: ResourceCheck): Promise<boolean> {
  const review = await kubeCall(`reviewing whether the console may ${check.verb} ${check.resource}`, () =>
    kube(target).authz.createSelfSubjectAccessReview({
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { namespace: target.namespace, verb: check.verb, group: check.group, resource: check.resource } },
      },
    }),
  );
  return review.status?.allowed !== false;
}
