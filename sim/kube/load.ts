// Reads multi-document Kubernetes YAML (kubectl get -o yaml shape) into objects the simulator serves.
import { parseAllDocuments } from "yaml";
import { isRecord } from "./json.ts";
import { apiVersionOf, findKind } from "./resources.ts";
import type { KubeObject } from "./types.ts";

/** The served objects of a YAML text, and every other document (e.g. SimulatorState) untouched. */
export interface LoadedYaml {
  objects: KubeObject[];
  others: Record<string, unknown>[];
}

/** Parses YAML documents (a `kind: List` is flattened); throws with the document number on bad YAML. */
export function parseObjects(text: string): LoadedYaml {
  const out: LoadedYaml = { objects: [], others: [] };
  const visit = (doc: unknown) => {
    if (!isRecord(doc)) return;
    if (doc.kind === "List" && Array.isArray(doc.items)) return (doc.items as unknown[]).forEach(visit);
    const def = typeof doc.kind === "string" ? findKind(doc.kind) : undefined;
    if (!def || doc.apiVersion !== apiVersionOf(def) || !isRecord(doc.metadata) || typeof doc.metadata.name !== "string") {
      out.others.push(doc);
      return;
    }
    const { managedFields: _m, resourceVersion: _r, selfLink: _s, ...metadata } = doc.metadata;
    out.objects.push({ ...doc, metadata } as unknown as KubeObject);
  };
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`YAML document ${i + 1}: ${doc.errors[0]?.message ?? "parse error"}`);
    visit(doc.toJS());
  });
  return out;
}
