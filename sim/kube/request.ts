// Turns a request URL into the apiserver's RequestInfo: verb, group, version, namespace, resource, name, subresource.

/** A resource request, as the authorizer and the handlers see it. */
export interface RequestInfo {
  verb: string;
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** A `proxy` subresource's path on the target (`stats/summary`), as the parts after `proxy` joined. */
  proxyPath?: string;
}

const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

function isWatch(query: URLSearchParams): boolean {
  const w = query.get("watch");
  return w === "1" || w === "true";
}

function verbFor(method: string, hasName: boolean, query: URLSearchParams): string {
  switch (method) {
    case "GET":
    case "HEAD":
      return isWatch(query) ? "watch" : hasName ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return hasName ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

/** Parses `/api/v1/...` and `/apis/<g>/<v>/...` resource paths; undefined for every other path. */
export function parseRequest(method: string, pathname: string, query: URLSearchParams): RequestInfo | undefined {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    rest = parts.slice(1);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1] ?? "";
    rest = parts.slice(2);
  } else return undefined;
  const version = rest[0] ?? "";
  let current = rest.slice(1);
  let namespace: string | undefined;
  if (current[0] === "namespaces" && current.length > 1) {
    namespace = current[1];
    if (current.length > 2 && !NAMESPACE_SUBRESOURCES.has(current[2] ?? "")) current = current.slice(2);
  }
  const [resource = "", name, subresource] = current;
  return {
    verb: verbFor(method, name !== undefined, query),
    group,
    version,
    resource,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    ...(subresource === "proxy" ? { proxyPath: current.slice(3).join("/") } : {}),
  };
}
