// A Binding assigns a Pod to a node, as a scheduler does: `POST pods/{name}/binding` or the older `POST bindings`
// (kube-apiserver v1.34's BindingREST.Create and setPodNodeAndMetadata). The Binding names its node in `target`
// (kind Node or empty); its metadata may carry the Pod's uid and resourceVersion as preconditions, and annotations
// that are merged into the Pod's. The Pod must be neither bound, gated nor being deleted. Binding sets spec.nodeName
// without a new generation and marks PodScheduled True (no reason, its transition time kept only if it was True). The
// answer is a Status, Success, 201. Binding's own checks fail as an aggregate error, which real answers as a bare 500.
import { badRequest, bareError, conflict, notFound } from "./errors.ts";
import { isRecord, timestamp } from "./json.ts";
import { defForKind } from "./resources.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject } from "./types.ts";

const PODS = defForKind("Pod");
/** The resource real's conflicts name when the Pod cannot be bound. */
const BINDING_RESOURCE = { ...PODS, plural: "pods/binding" };

type Obj = Record<string, unknown>;

/** Binds the Pod `urlName` names (pods/{name}/binding), or the one the Binding names (bindings); answers the Status. */
export function bindPod(store: ObjectStore, namespace: string, urlName: string | undefined, body: unknown): Record<string, unknown> {
  const binding: Obj = isRecord(body) ? body : {};
  const kind = typeof binding.kind === "string" ? binding.kind : "";
  if (kind && kind !== "Binding") {
    const version = typeof binding.apiVersion === "string" ? binding.apiVersion.slice(binding.apiVersion.indexOf("/") + 1) : "v1";
    throw badRequest(`${kind} in version "${version}" cannot be handled as a Binding: converting (${version}.${kind}) to (core.Binding): unknown conversion`);
  }
  const meta: Obj = isRecord(binding.metadata) ? binding.metadata : {};
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  if (str(meta.namespace) && meta.namespace !== namespace) throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  const name = urlName ?? str(meta.name);
  if (!name) throw badRequest("Name parameter required.");
  if (name !== str(meta.name)) throw badRequest("name in URL does not match name in Binding object");
  const target: Obj = isRecord(binding.target) ? binding.target : {};
  const problems = [
    ...(str(target.kind) && target.kind !== "Node" ? [`target.kind: Unsupported value: ${JSON.stringify(target.kind)}: supported values: "Node", "<empty>"`] : []),
    ...(str(target.name) ? [] : ["target.name: Required value"]),
  ];
  // ErrorList.ToAggregate: its errors in brackets when there are several.
  if (problems.length) throw bareError(problems.length === 1 ? problems[0]! : `[${problems.join(", ")}]`);

  const pod = store.get("Pod", namespace, name);
  if (!pod) throw notFound(PODS, name);
  const storageError = (what: string, wanted: string, has: string) =>
    conflict(PODS, name, `StorageError: invalid object, Code: 4, Key: /registry/pods/${namespace}/${name}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${what} in precondition: ${wanted}, ${what} in object meta: ${has}`);
  if (str(meta.uid) && meta.uid !== pod.metadata.uid) throw storageError("UID", str(meta.uid), pod.metadata.uid ?? "");
  if (str(meta.resourceVersion) && meta.resourceVersion !== pod.metadata.resourceVersion) throw storageError("ResourceVersion", str(meta.resourceVersion), pod.metadata.resourceVersion ?? "");
  const spec: Obj = isRecord(pod.spec) ? pod.spec : {};
  const refuse = (why: string) => conflict(BINDING_RESOURCE, name, why);
  if (pod.metadata.deletionTimestamp) throw refuse(`pod ${name} is being deleted, cannot be assigned to a host`);
  if (str(spec.nodeName)) throw refuse(`pod ${name} is already assigned to node ${JSON.stringify(spec.nodeName)}`);
  if (Array.isArray(spec.schedulingGates) && spec.schedulingGates.length) throw refuse(`pod ${name} has non-empty .spec.schedulingGates`);

  store.replace(bound(pod, str(target.name), isRecord(meta.annotations) ? meta.annotations : {}));
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 };
}

/** The Pod on its node: its annotations merged with the Binding's, PodScheduled True (UpdatePodCondition). */
/** The Pod bound to `node` (what a Binding stores, recording no field manager): its nodeName, annotations, PodScheduled. */
export function bound(pod: KubeObject, node: string, annotations: Obj = {}): KubeObject {
  const next = structuredClone(pod);
  next.spec = { ...(next.spec as Obj), nodeName: node };
  // Go's empty map is omitted (omitempty): a binding with no annotations leaves a pod without any as it was.
  if (Object.keys(annotations).length) next.metadata.annotations = { ...next.metadata.annotations, ...(annotations as Record<string, string>) };
  return withPodCondition(next, { type: "PodScheduled", status: "True" });
}

/**
 * UpdatePodCondition: the Pod with `condition` in place of its condition of that type (or added last), its
 * lastTransitionTime kept only if the status did not change. Nothing of the old condition else is kept.
 */
export function withPodCondition(pod: KubeObject, condition: { type: string; status: string; reason?: string; message?: string }): KubeObject {
  const next = structuredClone(pod);
  const status: Obj = isRecord(next.status) ? next.status : {};
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Obj[]) : [];
  const old = conditions.find((c) => c.type === condition.type);
  const updated = { type: condition.type, status: condition.status, lastProbeTime: null, lastTransitionTime: old?.status === condition.status ? old.lastTransitionTime : timestamp(), ...(condition.reason ? { reason: condition.reason } : {}), ...(condition.message ? { message: condition.message } : {}) };
  next.status = { ...status, conditions: old ? conditions.map((c) => (c === old ? updated : c)) : [...conditions, updated] };
  return next;
}
