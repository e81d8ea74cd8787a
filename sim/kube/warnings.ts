// The warnings kube-apiserver v1.34 sends with a write, as `Warning: 299 - "<text>"` headers (kubectl prints each as
// `Warning: <text>`): the registry strategies' WarningsOnCreate and WarningsOnUpdate for the kinds with a pod spec
// (pod-warnings.ts).
import type { ServerResponse } from "node:http";
import { getPath, recordOf } from "./json.ts";
import { takePrepareWarnings } from "./pod-create.ts";
import { claimSpecWarnings, podSpecWarnings } from "./pod-warnings.ts";
import type { KubeObject, ResourceDef } from "./types.ts";
import { dnsLabelMessages } from "./validation.ts";

const workload = (def: ResourceDef) => def.kind === "Deployment" || def.kind === "ReplicaSet";

/** A template's warnings (GetWarningsForPodTemplate under `spec.template`). */
const templateWarnings = (obj: KubeObject) => podSpecWarnings(recordOf(getPath(obj, "spec.template.spec")), recordOf(getPath(obj, "spec.template.metadata")), "spec.template.");

/**
 * A new object's warnings. A Pod's: those its PrepareForCreate gave (AppArmor annotations), a name that is no DNS label
 * (it becomes the hostname), then its spec's. A workload's: a name that is no DNS label (its Pods are named after it),
 * then its template's.
 */
export function warningsOnCreate(def: ResourceDef, obj: KubeObject): string[] {
  const messages = def.kind === "Pod" || workload(def) ? dnsLabelMessages(obj.metadata.name) : [];
  const what = def.kind === "Pod" ? "the Pod's hostname" : "Pod names and hostnames";
  const name = messages.length ? [`metadata.name: this is used in ${what}, which can result in surprising behavior; a DNS label is recommended: [${messages.join(" ")}]`] : [];
  if (def.kind === "Pod") return [...takePrepareWarnings(obj), ...name, ...podSpecWarnings(recordOf(obj.spec), obj.metadata as unknown as Record<string, unknown>, "")];
  if (def.kind === "PersistentVolumeClaim") return claimWarnings(obj);
  return workload(def) ? [...name, ...templateWarnings(obj)] : [];
}

/** GetWarningsForPersistentVolumeClaim: the beta storage-class annotation, then fractional storage bytes. */
function claimWarnings(obj: KubeObject): string[] {
  const beta = "volume.beta.kubernetes.io/storage-class";
  return [
    ...(obj.metadata.annotations?.[beta] !== undefined ? [`metadata.annotations[${beta}]: deprecated since v1.8; use "storageClassName" attribute instead`] : []),
    ...claimSpecWarnings(recordOf(obj.spec), "spec"),
  ];
}

/** An update's: none for a Pod (its strategy skips them) or a subresource, a claim's always, a workload's only when its generation moved. */
export function warningsOnUpdate(def: ResourceDef, obj: KubeObject, old: KubeObject, subresource: string | undefined): string[] {
  if (subresource !== undefined) return [];
  if (def.kind === "PersistentVolumeClaim") return claimWarnings(obj);
  if (!workload(def) || obj.metadata.generation === old.metadata.generation) return [];
  return templateWarnings(obj);
}

/** Sets the warnings as the headers of the response about to be written (net.NewWarningHeader's quoting). */
export function setWarnings(res: ServerResponse, warnings: string[]): void {
  if (!warnings.length) return;
  const earlier = res.getHeader("Warning");
  const before = Array.isArray(earlier) ? earlier : typeof earlier === "string" ? [earlier] : [];
  res.setHeader("Warning", [...before, ...warnings.map((text) => `299 - "${text.replace(/["\\]/g, (c) => `\\${c}`)}"`)]);
}
