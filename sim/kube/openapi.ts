// Minimal OpenAPI v3 documents: just enough for kubectl to see that the server validates fields itself
// (a PATCH operation per kind with the fieldValidation query parameter), so `kubectl create -f` works.
import type { ResourceDef } from "./types.ts";

function gvPath(def: ResourceDef): string {
  return def.group ? `apis/${def.group}/${def.version}` : `api/${def.version}`;
}

function itemPath(def: ResourceDef): string {
  return `/${gvPath(def)}/${def.namespaced ? "namespaces/{namespace}/" : ""}${def.plural}/{name}`;
}

const FIELD_VALIDATION = {
  name: "fieldValidation",
  in: "query",
  description: "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.",
  schema: { type: "string", uniqueItems: true },
};

/** The OpenAPI v3 document for a path under /openapi/v3, or undefined when there is none. */
export function openApiDocument(path: string, defs: readonly ResourceDef[]): Record<string, unknown> | undefined {
  const gvs = [...new Set(defs.map(gvPath))];
  if (path === "/openapi/v3") {
    return { paths: Object.fromEntries(gvs.map((gv) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=${gv.replace(/\W/g, "").toUpperCase()}` }])) };
  }
  const gv = path.replace(/^\/openapi\/v3\//, "");
  const served = defs.filter((d) => gvPath(d) === gv && d.verbs.includes("patch"));
  if (!path.startsWith("/openapi/v3/") || served.length === 0) return undefined;
  const paths = Object.fromEntries(
    served.map((def) => [
      itemPath(def),
      { patch: { "x-kubernetes-group-version-kind": { group: def.group, version: def.version, kind: def.kind }, parameters: [FIELD_VALIDATION], responses: { "200": { description: "OK" } } } },
    ]),
  );
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.32.4" }, paths, components: { schemas: {} } };
}
