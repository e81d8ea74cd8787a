// `POST pods/{name}/eviction`: a policy/v1 Eviction deletes a Pod the way `kubectl drain` wants, as kube-apiserver
// v1.34's EvictionREST.Create does when no PodDisruptionBudget guards the Pod (the simulator serves none). The Eviction's
// name must be the URL's; its deleteOptions may not ask to ignore store read errors (422); their uid and
// resourceVersion preconditions are checked against the Pod (409 on "Pod", in the eviction's own words). The Pod is
// marked `DisruptionTarget True EvictionByEvictionAPI`, then deleted with those options (its grace period, or 0 when
// it was never scheduled), and the answer is a Success Status, 201.
import { ApiError, badRequest, notFound } from "./errors.ts";
import { withPodCondition } from "./binding.ts";
import { isRecord } from "./json.ts";
import { defForKind } from "./resources.ts";
import type { ObjectStore } from "./store.ts";
import { deleteObject, type DeleteOptions } from "./strategy.ts";

const PODS = defForKind("Pod");

type Obj = Record<string, unknown>;

/** Evicts the Pod `name` in `namespace`; answers the Status. */
export function evictPod(store: ObjectStore, namespace: string, name: string, body: unknown): Record<string, unknown> {
  const eviction: Obj = isRecord(body) ? body : {};
  const meta: Obj = isRecord(eviction.metadata) ? eviction.metadata : {};
  if (meta.name !== name) throw badRequest("name in URL does not match name in Eviction object");
  const options: Obj = isRecord(eviction.deleteOptions) ? eviction.deleteOptions : {};
  if (options.ignoreStoreReadErrorWithClusterBreakingPotential === true) {
    const field = "deleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential";
    const message = "Invalid value: true: can not be set for pod eviction, try after removing the option";
    throw new ApiError(422, "Invalid", `Eviction.policy "${name}" is invalid: ${field}: ${message}`, { name, group: "policy", kind: "Eviction", causes: [{ reason: "FieldValueInvalid", message, field }] });
  }
  const pod = store.get("Pod", namespace, name);
  if (!pod) throw notFound(PODS, name);
  const pre: Obj = isRecord(options.preconditions) ? options.preconditions : {};
  const clash = (detail: string) => new ApiError(409, "Conflict", `Operation cannot be fulfilled on Pod "${name}": ${detail}`, { name, kind: "Pod" });
  if (typeof pre.uid === "string" && pre.uid && pre.uid !== pod.metadata.uid) {
    throw clash(`the UID in the precondition (${pre.uid}) does not match the UID in record (${pod.metadata.uid}). The object might have been deleted and then recreated`);
  }
  if (typeof pre.resourceVersion === "string" && pre.resourceVersion && pre.resourceVersion !== pod.metadata.resourceVersion) {
    throw clash(`the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${pod.metadata.resourceVersion}). The object might have been modified`);
  }
  store.replace(withPodCondition(pod, { type: "DisruptionTarget", status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" }));
  const grace = typeof options.gracePeriodSeconds === "number" ? { gracePeriodSeconds: options.gracePeriodSeconds } : {};
  deleteObject(store, PODS, namespace, name, grace satisfies DeleteOptions);
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 };
}
