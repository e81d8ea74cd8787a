// The warnings kube-apiserver v1.34 sends with a write, as `Warning: 299 - "<text>"` headers (kubectl prints each as
// `Warning: <text>`): the registry strategies' WarningsOnCreate and WarningsOnUpdate for the kinds with a pod spec.
import type { ServerResponse } from "node:http";
import type { KubeObject, ResourceDef } from "./types.ts";
import { dnsLabelMessages } from "./validation.ts";
import { volumeWarnings } from "./volume-plugins.ts";

const workload = (def: ResourceDef) => def.kind === "Deployment" || def.kind === "ReplicaSet";

/** A new object's warnings: a workload's name that is no DNS label (its Pods are named after it), then its volumes'. */
export function warningsOnCreate(def: ResourceDef, obj: KubeObject): string[] {
  const messages = workload(def) ? dnsLabelMessages(obj.metadata.name) : [];
  const name = messages.length ? [`metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${messages.join(" ")}]`] : [];
  return [...name, ...volumeWarnings(def, obj)];
}

/** An update's: none for a Pod (its strategy skips them) or a subresource, a workload's only when its generation moved. */
export function warningsOnUpdate(def: ResourceDef, obj: KubeObject, old: KubeObject, subresource: string | undefined): string[] {
  if (subresource !== undefined || !workload(def) || obj.metadata.generation === old.metadata.generation) return [];
  return volumeWarnings(def, obj);
}

/** Sets the warnings as the headers of the response about to be written (net.NewWarningHeader's quoting). */
export function setWarnings(res: ServerResponse, warnings: string[]): void {
  if (warnings.length) res.setHeader("Warning", warnings.map((text) => `299 - "${text.replace(/["\\]/g, (c) => `\\${c}`)}"`));
}
