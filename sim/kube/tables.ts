// Server-side printing: meta.k8s.io/v1 Table responses (what kubectl asks for with as=Table).
import { PRINTERS, type Column, nameColumn, ageColumn } from "./printers.ts";
import type { KubeObject, ResourceDef } from "./types.ts";

/** True when the Accept header asks for a meta.k8s.io/v1 Table. */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((part) => {
    const params = new Set(part.split(";").map((p) => p.trim().replace(/\s/g, "")));
    return params.has("as=Table") && params.has("g=meta.k8s.io") && params.has("v=v1");
  });
}

/** The Content-Type of a Table response. */
export const TABLE_CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

function columnsFor(def: ResourceDef): Column[] {
  return PRINTERS[def.kind] ?? [nameColumn, ageColumn];
}

/** includeObject: None drops the row object, Object embeds it whole, Metadata (default) embeds its metadata. */
function rowObject(obj: KubeObject, includeObject: string | null): unknown {
  if (includeObject === "None") return undefined;
  if (includeObject === "Object") return obj;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

/** A Table of `objects` with the columns of their resource. */
export function toTable(def: ResourceDef, objects: KubeObject[], resourceVersion: string | undefined, includeObject: string | null): Record<string, unknown> {
  const columns = columnsFor(def);
  const now = Date.now();
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions: columns.map(({ name, type, format, description, priority }) => ({ name, type, format: format ?? "", description, priority: priority ?? 0 })),
    rows: objects.map((obj) => {
      const object = rowObject(obj, includeObject);
      return { cells: columns.map((c) => c.cell(obj, now) ?? null), ...(object ? { object } : {}) };
    }),
  };
}
