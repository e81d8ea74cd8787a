// What kube-apiserver v1.34 answers when RBAC denies a request: the same table is checked against the real server
// (tests/real/kube-forbidden.test.ts, impersonating the console's ServiceAccount with no grants) and against the
// simulator (tests/integration/kube-sim-fidelity.test.ts, with the matching deny rules), so a wording change on either
// side fails a test. sim/README.md, Kubernetes difference 7.
export const SA_USER = "system:serviceaccount:ollama:ollama-ops";

export interface ForbiddenCase {
  what: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  contentType?: string;
  /** The simulator's deny rule that stands for "no grant" (sim/kube/rbac.ts ForbidRule). */
  rule: { verb: string; resource: string; group: string };
  /** The Status the real server answers: HTTP 403, reason Forbidden. */
  message: string;
  details: Record<string, string>;
}

const who = `User "${SA_USER}"`;

export const FORBIDDEN_CASES: readonly ForbiddenCase[] = [
  {
    what: "a list narrowed to one name by fieldSelector names the object",
    method: "GET",
    path: "/apis/apps/v1/namespaces/ollama/deployments?fieldSelector=metadata.name%3Dollama",
    rule: { verb: "list", resource: "deployments", group: "apps" },
    message: `deployments.apps "ollama" is forbidden: ${who} cannot list resource "deployments" in API group "apps" in the namespace "ollama"`,
    details: { name: "ollama", group: "apps", kind: "deployments" },
  },
  {
    what: "a get of a core object",
    method: "GET",
    path: "/api/v1/namespaces/ollama/configmaps/ollama-ops-pulls",
    rule: { verb: "get", resource: "configmaps", group: "" },
    message: `configmaps "ollama-ops-pulls" is forbidden: ${who} cannot get resource "configmaps" in API group "" in the namespace "ollama"`,
    details: { name: "ollama-ops-pulls", kind: "configmaps" },
  },
  {
    what: "a watch is refused with a 403 on the watch request itself",
    method: "GET",
    path: "/api/v1/namespaces/ollama/pods?watch=1&labelSelector=app.kubernetes.io%2Fname%3Dollama",
    rule: { verb: "watch", resource: "pods", group: "" },
    message: `pods is forbidden: ${who} cannot watch resource "pods" in API group "" in the namespace "ollama"`,
    details: { kind: "pods" },
  },
  {
    what: "a subresource is named resource/subresource",
    method: "GET",
    path: "/api/v1/namespaces/ollama/pods/ollama-0/log",
    rule: { verb: "get", resource: "pods/log", group: "" },
    message: `pods "ollama-0" is forbidden: ${who} cannot get resource "pods/log" in API group "" in the namespace "ollama"`,
    details: { name: "ollama-0", kind: "pods" },
  },
  {
    what: "a create has no name in the message",
    method: "POST",
    path: "/api/v1/namespaces/ollama/configmaps",
    body: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "denied" } },
    rule: { verb: "create", resource: "configmaps", group: "" },
    message: `configmaps is forbidden: ${who} cannot create resource "configmaps" in API group "" in the namespace "ollama"`,
    details: { kind: "configmaps" },
  },
  {
    what: "a patch",
    method: "PATCH",
    path: "/api/v1/namespaces/ollama/persistentvolumeclaims/ollama-models",
    body: { spec: { resources: { requests: { storage: "200Gi" } } } },
    contentType: "application/merge-patch+json",
    rule: { verb: "patch", resource: "persistentvolumeclaims", group: "" },
    message: `persistentvolumeclaims "ollama-models" is forbidden: ${who} cannot patch resource "persistentvolumeclaims" in API group "" in the namespace "ollama"`,
    details: { name: "ollama-models", kind: "persistentvolumeclaims" },
  },
  {
    what: "a cluster-scoped get says 'at the cluster scope'",
    method: "GET",
    path: "/apis/storage.k8s.io/v1/storageclasses/longhorn",
    rule: { verb: "get", resource: "storageclasses", group: "storage.k8s.io" },
    message: `storageclasses.storage.k8s.io "longhorn" is forbidden: ${who} cannot get resource "storageclasses" in API group "storage.k8s.io" at the cluster scope`,
    details: { name: "longhorn", group: "storage.k8s.io", kind: "storageclasses" },
  },
];
