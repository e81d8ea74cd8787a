// Legacy (plain application/json) discovery documents: /api, /apis, /api/v1, /apis/<g>[/<v>], /version.
import { apiVersionOf } from "./resources.ts";
import type { ResourceDef, Subresource } from "./types.ts";

interface GroupVersion {
  groupVersion: string;
  version: string;
}

function groupVersions(defs: readonly ResourceDef[]): Map<string, GroupVersion> {
  const groups = new Map<string, GroupVersion>();
  for (const def of defs) if (def.group && !groups.has(def.group)) groups.set(def.group, { groupVersion: apiVersionOf(def), version: def.version });
  return groups;
}

function apiGroup(name: string, gv: GroupVersion): Record<string, unknown> {
  return { name, versions: [gv], preferredVersion: gv };
}

// Subresources served as another group's kind.
const SUBRESOURCE_KINDS: Partial<Record<Subresource, Record<string, string>>> = {
  scale: { group: "autoscaling", version: "v1", kind: "Scale" },
  token: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" },
  binding: { kind: "Binding" },
  eviction: { group: "policy", version: "v1", kind: "Eviction" },
  proxy: { kind: "NodeProxyOptions" },
};

/** The verbs of a subresource: logs are read, tokens, bindings and evictions made, a node proxied every way, a Namespace finalized by a PUT, the rest read and written. */
const SUBRESOURCE_VERBS: Partial<Record<Subresource, string[]>> = { log: ["get"], token: ["create"], binding: ["create"], eviction: ["create"], proxy: ["create", "delete", "get", "patch", "update"], finalize: ["update"] };

function resourceEntries(def: ResourceDef): Record<string, unknown>[] {
  const main = {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: def.verbs,
    ...(def.shortNames ? { shortNames: def.shortNames } : {}),
    ...(def.categories ? { categories: def.categories } : {}),
  };
  const subs = def.subresources.map((sub) => ({
    name: `${def.plural}/${sub}`,
    singularName: "",
    namespaced: def.namespaced,
    ...(SUBRESOURCE_KINDS[sub] ?? { kind: def.kind }),
    verbs: SUBRESOURCE_VERBS[sub] ?? ["get", "patch", "update"],
  }));
  return [main, ...subs];
}

/**
 * The discovery document for a path, or undefined when the path is not a discovery path
 * (or names a group-version that is not served).
 */
export function discoveryDocument(path: string, defs: readonly ResourceDef[], serverAddress: string): Record<string, unknown> | undefined {
  const groups = groupVersions(defs);
  if (path === "/api") {
    return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
  }
  if (path === "/apis") {
    return { kind: "APIGroupList", apiVersion: "v1", groups: [...groups].map(([name, gv]) => apiGroup(name, gv)) };
  }
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "apis" && parts.length === 2) {
    const gv = groups.get(parts[1] ?? "");
    return gv && { kind: "APIGroup", apiVersion: "v1", ...apiGroup(parts[1] ?? "", gv) };
  }
  const groupVersion = parts[0] === "api" && parts.length === 2 ? (parts[1] ?? "") : parts[0] === "apis" && parts.length === 3 ? `${parts[1]}/${parts[2]}` : undefined;
  if (groupVersion === undefined) return undefined;
  const served = defs.filter((d) => apiVersionOf(d) === groupVersion && (parts[0] === "api") === (d.group === ""));
  if (served.length === 0) return undefined;
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources: served.flatMap(resourceEntries) };
}

/** The /version document (a 1.32 server). */
export function versionDocument(): Record<string, unknown> {
  return {
    major: "1",
    minor: "32",
    gitVersion: "v1.32.4",
    gitCommit: "59526cd4867447956156ae3a602fcbac10a2c335",
    gitTreeState: "clean",
    buildDate: "2025-04-22T16:02:27Z",
    goVersion: "go1.23.6",
    compiler: "gc",
    platform: "linux/amd64",
  };
}
