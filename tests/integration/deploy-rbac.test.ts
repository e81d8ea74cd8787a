// Least privilege, checked both ways: the rendered Role/ClusterRole equal lib/doors/kubernetes/permissions.ts, and every Kubernetes
// call in lib/ and app/ (typed clients, custom objects, watch paths) needs only what that list names — a new call without a rule fails.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../lib/doors/runtime/config/load";
import { JOURNAL_CONFIGMAP, MODELS_CONFIGMAP, PERMISSIONS, SESSIONS_CONFIGMAP, type Permission } from "../../lib/doors/kubernetes/permissions";
import { find, render, type K8sObject } from "./deploy-fixture";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where server code lives: lib/ holds the Kubernetes door, app/ must not go around it. */
const SOURCE_DIRS = ["lib", "app"].map((d) => join(ROOT, d));

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** One (group, resource, verb, names) grant per line, sorted: two rule lists are equal when these are. */
function grants(rules: { apiGroup: string; resource: string; verbs: readonly string[]; resourceNames?: readonly string[] }[]): string[] {
  return rules.flatMap((r) => r.verbs.map((v) => `${r.apiGroup}/${r.resource} ${v}${r.resourceNames ? ` [${[...r.resourceNames].sort().join(",")}]` : ""}`)).sort();
}

const flatten = (rules: Rule[]) =>
  rules.flatMap((r) => r.apiGroups.flatMap((apiGroup) => r.resources.map((resource) => ({ apiGroup, resource, verbs: r.verbs, resourceNames: r.resourceNames }))));

const granted = (scope: Permission["scope"]) => PERMISSIONS.filter((p) => p.grant === "rbac" && p.scope === scope);

/** What one call needs from the API server. */
interface Need {
  apiGroup: string;
  resource: string;
  verb: string;
  scope: Permission["scope"];
  where: string;
}

const CLIENT_GROUPS: Record<string, string> = { core: "", apps: "apps", networking: "networking.k8s.io", discovery: "discovery.k8s.io", authz: "authorization.k8s.io", storage: "storage.k8s.io", coordination: "coordination.k8s.io" };
const METHOD_VERBS: Record<string, string> = { read: "get", get: "get", list: "list", create: "create", replace: "update", patch: "patch", delete: "delete" };
const CONNECT_VERBS: Record<string, string> = { Get: "get", Head: "get", Options: "get", Post: "create", Put: "update", Patch: "patch", Delete: "delete" };

/** Kind → plural resource, as the API spells it (Pod → pods, Ingress → ingresses, NetworkPolicy → networkpolicies). */
function plural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** A typed client-node method (`listNamespacedPod`, `connectGetNodeProxyWithPath`) → what it needs; undefined if unknown. */
function typedNeed(client: string, method: string): Omit<Need, "where"> | undefined {
  const apiGroup = CLIENT_GROUPS[client];
  if (apiGroup === undefined) return undefined;
  const connect = /^connect(Get|Head|Options|Post|Put|Patch|Delete)(Namespaced)?([A-Z]\w*?)(Proxy|Exec|Attach|Portforward)(WithPath)?$/.exec(method);
  if (connect) {
    const [, how = "", namespaced, kind = "", sub = ""] = connect;
    return { apiGroup, resource: `${plural(kind)}/${sub.toLowerCase()}`, verb: CONNECT_VERBS[how] ?? how, scope: namespaced ? "namespaced" : "cluster" };
  }
  const m = /^(read|list|create|replace|patch|delete)(Namespaced)?([A-Z]\w*?)(Status|Scale|Log)?(ForAllNamespaces)?$/.exec(method);
  if (!m) return undefined;
  const [, verb = "", namespaced, kind = "", sub, all] = m;
  const resource = plural(kind) + (sub ? `/${sub.toLowerCase()}` : "");
  return { apiGroup, resource, verb: METHOD_VERBS[verb] ?? verb, scope: namespaced && !all ? "namespaced" : "cluster" };
}

function serverSources(dirs = SOURCE_DIRS): { file: string; text: string }[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return serverSources([path]);
      return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [{ file: relative(ROOT, path), text: readFileSync(path, "utf8") }] : [];
    }),
  );
}

/** `const NAME = "v"` and `const NAME = { k: "v", … }` across the sources, to resolve custom-object arguments and watch paths. */
function constants(sources: { text: string }[]): Map<string, string | Record<string, string>> {
  const out = new Map<string, string | Record<string, string>>();
  for (const { text } of sources) {
    for (const [, name = "", value = ""] of text.matchAll(/const ([A-Z][A-Z0-9_]*) = "([^"]*)"/g)) out.set(name, value);
    for (const [, name = "", body = ""] of text.matchAll(/const ([A-Z][A-Z0-9_]*) = \{([^}]*)\}/g)) {
      out.set(name, Object.fromEntries([...body.matchAll(/(\w+): "([^"]*)"/g)].map(([, k = "", v = ""]) => [k, v])));
    }
  }
  return out;
}

/** Every Kubernetes call in lib/ and app/, with what it needs. Unknown shapes become needs nothing grants, so the test names them. */
function scanNeeds(): Need[] {
  const sources = serverSources();
  const consts = constants(sources);
  const str = (v: string | undefined) => (v === undefined ? undefined : v.startsWith('"') ? v.slice(1, -1) : (consts.get(v) as string | undefined));
  const needs: Need[] = [];
  for (const { file, text } of sources) {
    const at = (index: number) => `${file}:${text.slice(0, index).split("\n").length}`;
    for (const m of text.matchAll(/\b(core|apps|networking|discovery|authz|storage|coordination)\s*\.\s*([a-z]\w*)\s*\(/g)) {
      const need = typedNeed(m[1] ?? "", m[2] ?? "");
      needs.push({ ...(need ?? { apiGroup: "?", resource: `unknown method ${m[1]}.${m[2]}`, verb: "?", scope: "cluster" }), where: at(m.index) });
    }
    for (const m of text.matchAll(/\bcustom\s*\.\s*(\w+)\s*\(\s*\{([^}]*)\}/g)) {
      const [, method = "", args = ""] = m;
      const fields: Record<string, string | undefined> = {};
      for (const [, spread = ""] of args.matchAll(/\.\.\.([A-Z][A-Z0-9_]*)/g)) Object.assign(fields, consts.get(spread));
      for (const [, key = "", value = ""] of args.matchAll(/(group|plural):\s*("[^"]*"|[A-Z][A-Z0-9_]*)/g)) fields[key] = str(value);
      const verb = /^(get|list|create|replace|patch|delete)(Namespaced|Cluster)CustomObject$/.exec(method);
      needs.push({
        apiGroup: fields.group ?? "?",
        resource: fields.plural ?? `unresolved custom.${method}`,
        verb: verb ? (METHOD_VERBS[verb[1] ?? ""] ?? "?") : `unknown method custom.${method}`,
        scope: verb?.[2] === "Namespaced" ? "namespaced" : "cluster",
        where: at(m.index),
      });
    }
    // Watch paths (the shared cache's reflectors): `/api/v1/namespaces/${ns}/pods`, `/apis/${X.group}/${X.version}/…`.
    for (const m of text.matchAll(/path:\s*`(\/apis?\/[^`]*)`/g)) {
      const path = (m[1] ?? "").replace(/\$\{([A-Z][A-Z0-9_]*)\.(\w+)\}/g, (_, c: string, k: string) => (consts.get(c) as Record<string, string> | undefined)?.[k] ?? "?");
      const p = /^\/api(?:\/v1|s\/([^/]+)\/[^/]+)(\/namespaces\/\$\{[^}]+\})?\/([a-z.]+)$/.exec(path);
      needs.push({ apiGroup: p?.[1] ?? "", resource: p?.[3] ?? `unparsed watch path ${path}`, verb: "watch", scope: p?.[2] ? "namespaced" : "cluster", where: at(m.index) });
    }
  }
  return needs;
}

const covers = (p: Permission, n: Need) => p.apiGroup === n.apiGroup && p.resource === n.resource && p.scope === n.scope && (p.verbs as string[]).includes(n.verb);

let objects: K8sObject[];
let needs: Need[];

beforeAll(async () => {
  objects = await render("overlays/homelab");
  needs = scanNeeds();
});

describe("the console's RBAC", () => {
  it("grants in its Role exactly the namespaced permissions in lib/doors/kubernetes/permissions.ts", () => {
    const role = find(objects, "Role", "ollama-ops");
    expect(role.metadata.namespace).toBe(find(objects, "Deployment", "ollama-ops").metadata.namespace);
    expect(grants(flatten(role.rules as Rule[]))).toEqual(grants(granted("namespaced")));
  });

  it("grants cluster-wide only what permissions.ts lists for the cluster: reading VolumeSnapshotClasses and StorageClasses", () => {
    const clusterRoles = objects.filter((o) => o.kind === "ClusterRole");
    expect(clusterRoles.map((r) => r.metadata.name)).toEqual(["ollama-ops-snapshot-classes"]);
    const rules = flatten(clusterRoles[0]?.rules as Rule[]);
    expect(grants(rules)).toEqual(grants(granted("cluster")));
    expect(rules.every((r) => r.verbs.every((v) => ["get", "list", "watch"].includes(v)))).toBe(true);
  });

  it("binds both to the console's ServiceAccount and nothing else", () => {
    for (const [kind, roleKind, name] of [["RoleBinding", "Role", "ollama-ops"], ["ClusterRoleBinding", "ClusterRole", "ollama-ops-snapshot-classes"]] as const) {
      const binding = find(objects, kind, name) as K8sObject & { roleRef: unknown; subjects: unknown };
      expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name });
      expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "ollama-ops", namespace: "ollama" }]);
    }
    expect(objects.filter((o) => o.kind.endsWith("Binding"))).toHaveLength(2);
    const pod = (find(objects, "Deployment", "ollama-ops").spec as { template: { spec: { serviceAccountName: string } } }).template.spec;
    expect(pod.serviceAccountName).toBe("ollama-ops");
  });

  it("never grants nodes/proxy, pods/exec, secrets or wildcards", () => {
    const all = objects.filter((o) => o.kind === "Role" || o.kind === "ClusterRole").flatMap((o) => flatten(o.rules as Rule[]));
    for (const r of all) {
      expect(["nodes/proxy", "pods/exec", "pods/attach", "pods/portforward", "secrets", "*"]).not.toContain(r.resource);
      expect(r.verbs).not.toContain("*");
      expect(r.apiGroup).not.toBe("*");
    }
    const rbac = PERMISSIONS.filter((p) => p.grant === "rbac").map((p) => p.resource);
    expect(rbac).not.toContain("nodes/proxy");
    expect(rbac).not.toContain("secrets");
  });

  it("limits the journal ConfigMap rule to the name the console uses by default", () => {
    expect(loadConfig({}).pulls.journalConfigMap).toBe(JOURNAL_CONFIGMAP);
    expect(loadConfig({}).auth.sessionsConfigMap).toBe(SESSIONS_CONFIGMAP);
    expect(loadConfig({}).models.configMap).toBe(MODELS_CONFIGMAP);
  });
});

describe("the code's Kubernetes calls", () => {
  it("are found by the scan (typed clients, custom objects and watches)", () => {
    const seen = new Set(needs.map((n) => `${n.apiGroup}/${n.resource} ${n.verb}`));
    for (const expected of ["apps/deployments get", "/pods watch", "/pods/log get", "/configmaps update", "snapshot.storage.k8s.io/volumesnapshots create", "traefik.io/ingressroutes watch", "/nodes/proxy get"]) {
      expect(seen, expected).toContain(expected);
    }
  });

  it("each need a permission listed in permissions.ts", () => {
    const uncovered = needs.filter((n) => !PERMISSIONS.some((p) => covers(p, n)));
    expect(uncovered.map((n) => `${n.where}: ${n.verb} ${n.apiGroup}/${n.resource} (${n.scope})`)).toEqual([]);
  });

  it("use every verb the manifests grant, so no rule outlives the code that needed it", () => {
    const unused = PERMISSIONS.filter((p) => p.grant === "rbac").flatMap((p) =>
      p.verbs.filter((verb) => !needs.some((n) => covers({ ...p, verbs: [verb] }, n))).map((verb) => `${verb} ${p.apiGroup}/${p.resource}`),
    );
    expect(unused).toEqual([]);
  });

  it("go only through lib/doors/kubernetes's client and watch doors, where the scan looks", () => {
    const doors = serverSources().filter(({ text }) => /makeApiClient|new Watch\(|new Log\(|applyToFetchOptions|applyToHTTPSOptions/.test(text)).map((s) => s.file).sort();
    expect(doors).toEqual(["lib/doors/kubernetes/client.ts", "lib/doors/kubernetes/logs.ts", "lib/doors/kubernetes/watch.ts"]);
  });
});
