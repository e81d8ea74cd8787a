// Traefik Middlewares (traefik.io/v1alpha1) in the target's namespace, for the exposure check: raw objects out.
import "server-only";
import type { Target } from "../runtime/config";
import { kube } from "./client";
import { kubeCall } from "./errors";

/** The Middleware objects in the target's namespace. Throws AppError (isApiMissing: the CRD is not installed). */
export async function listTraefikMiddlewares(target: Target): Promise<unknown[]> {
  const list = (await kubeCall(`listing Traefik Middlewares in ${target.namespace}`, () =>
    kube(target).custom.listNamespacedCustomObject({ group: "traefik.io", version: "v1alpha1", namespace: target.namespace, plural: "middlewares" }),
  )) as { items?: unknown[] };
  return list.items ?? [];
}
