// The Kubernetes permissions the console's code needs: the one list deploy/base's Role and ClusterRole must equal (tests compare them).
import "server-only";

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete";

export interface Permission {
  /** "" = the core group. */
  apiGroup: string;
  /** Plural resource name; "nodes/proxy" for a subresource. */
  resource: string;
  verbs: Verb[];
  /** namespaced = in the Ollama namespace only (Role); cluster = cluster-wide (ClusterRole). */
  scope: "namespaced" | "cluster";
  /** Restricts get/update to these objects (a Role cannot restrict create or list by name). */
  resourceNames?: string[];
  /**
   * rbac: granted by deploy/base; default: every authenticated identity has it already (system:basic-user);
   * withheld: called by the code but deliberately not granted — the feature degrades or is opt-in.
   */
  grant: "rbac" | "default" | "withheld";
  /** What the console does with it (the README's Security section says the same). */
  why: string;
}

/** Name of the pull journal ConfigMap in deploy/base (PULL_JOURNAL_CONFIGMAP's default); a different name needs the Role patched. */
export const JOURNAL_CONFIGMAP = "ollama-ops-pulls";
/** Name of the signed-out sessions ConfigMap in deploy/base (SESSIONS_CONFIGMAP's default); a different name needs the Role patched. */
export const SESSIONS_CONFIGMAP = "ollama-ops-sessions";
/** Name of the ConfigMap holding the leader's disk usage samples, which every replica charts (issue 19). */
export const DISK_SAMPLES_CONFIGMAP = "ollama-ops-disk-samples";
/** Name of the ConfigMap sharing the pinned models' failures and Retry requests between replicas (issue 19). */
export const PINS_CONFIGMAP = "ollama-ops-pins";

/** Name of the model cache PVC in the example Ollama (deploy/examples/ollama); a CACHE_PVC with another name needs the Role patched. */
export const CACHE_PVC_NAME = "ollama-models";

/** Name of the ConfigMap sharing sign-in failure counts between replicas (issue 19). */
export const THROTTLE_CONFIGMAP = "ollama-ops-signin-throttle";

/** Name of the leader election Lease (LEADER_LEASE's default); a different name needs the Role patched. */
export const LEADER_LEASE = "ollama-ops-leader";

/** Name of the API key ConfigMap (KEYS_CONFIGMAP's default); a different name needs the Role patched. */
export const KEYS_CONFIGMAP = "ollama-ops-keys";

/** Name of the declared model set's ConfigMap (MODELS_CONFIGMAP's default); a different name needs the Role patched. */
export const MODELS_CONFIGMAP = "ollama-models";

/** Every permission the console's Kubernetes calls need, granted or not. */
export const PERMISSIONS: readonly Permission[] = [
  {
    apiGroup: "apps",
    resource: "deployments",
    verbs: ["get", "list", "watch"],
    scope: "namespaced",
    grant: "rbac",
    why: "the Ollama Deployment's status (shared watch), its pod selector and uid for audit events",
  },
  {
    apiGroup: "",
    resource: "pods",
    verbs: ["list", "watch"],
    scope: "namespaced",
    grant: "rbac",
    why: "pod phase, restarts, OOMKilled and Pending reasons (shared watch)",
  },
  {
    apiGroup: "",
    resource: "pods",
    verbs: ["delete"],
    scope: "namespaced",
    grant: "rbac",
    why: "reclaim (admin): deleting the Ollama pod makes Ollama prune unreferenced blobs and stale partials as it starts; `rollout restart` would write an annotation GitOps reverts. Kubernetes cannot limit delete to one pod (names are random), so the console deletes only a pod of the Ollama Deployment's selector, with a uid precondition",
  },
  {
    apiGroup: "",
    resource: "pods/log",
    verbs: ["get"],
    scope: "namespaced",
    grant: "rbac",
    why: "Ollama's own log (admin-only log view, effective settings, GPU and VRAM per model); read-only, unlike pods/exec",
  },
  {
    apiGroup: "",
    resource: "persistentvolumeclaims",
    verbs: ["list", "watch", "create"],
    scope: "namespaced",
    grant: "rbac",
    why: "the cache PVC's capacity and binding; create = restore a snapshot into a new PVC (admin role)",
  },
  {
    apiGroup: "",
    resource: "persistentvolumeclaims",
    verbs: ["get", "patch"],
    scope: "namespaced",
    resourceNames: [CACHE_PVC_NAME],
    grant: "rbac",
    why: "grow the volume (admin, \"Expand now\"): read the cache PVC's resize conditions and patch spec.resources.requests.storage; this one PVC only",
  },
  {
    apiGroup: "",
    resource: "events",
    verbs: ["list", "watch", "create", "update"],
    scope: "namespaced",
    grant: "rbac",
    why: "warning events and restore progress; create = the audit trail, written as Events on the Deployment; update = repeats aggregated into one Event's count",
  },
  {
    apiGroup: "",
    resource: "services",
    verbs: ["list", "watch"],
    scope: "namespaced",
    grant: "rbac",
    why: "the access path: the Ollama Service and its ports",
  },
  {
    apiGroup: "discovery.k8s.io",
    resource: "endpointslices",
    verbs: ["list", "watch"],
    scope: "namespaced",
    grant: "rbac",
    why: "whether the Service has ready endpoints",
  },
  {
    apiGroup: "networking.k8s.io",
    resource: "ingresses",
    verbs: ["list", "watch"],
    scope: "namespaced",
    grant: "rbac",
    why: "the access path when Ollama is exposed by an Ingress",
  },
  {
    apiGroup: "traefik.io",
    resource: "ingressroutes",
    verbs: ["list", "watch"],
    scope: "namespaced",
    grant: "rbac",
    why: "the access path when Ollama is exposed by a Traefik IngressRoute (host, TLS)",
  },
  {
    apiGroup: "traefik.io",
    resource: "middlewares",
    verbs: ["list"],
    scope: "namespaced",
    grant: "rbac",
    why: "the exposure check: which Middlewares (basicAuth, forwardAuth, ipAllowList, rateLimit) guard the routes to Ollama",
  },
  {
    apiGroup: "",
    resource: "configmaps",
    verbs: ["get", "update"],
    scope: "namespaced",
    resourceNames: [SESSIONS_CONFIGMAP, DISK_SAMPLES_CONFIGMAP, PINS_CONFIGMAP],
    grant: "rbac",
    why: "the signed-out session ids every replica refuses, the disk usage samples the leader takes and every replica charts, and the pinned models' failures and Retry requests; these three ConfigMaps only",
  },
  {
    apiGroup: "",
    resource: "configmaps",
    verbs: ["get", "list", "watch", "update"],
    scope: "namespaced",
    resourceNames: [JOURNAL_CONFIGMAP, KEYS_CONFIGMAP, THROTTLE_CONFIGMAP],
    grant: "rbac",
    why: "the pull journal (unfinished pulls survive a restart; other replicas' intents reach the leader; every replica lists the leader's progress), API key hashes for Traefik forwardAuth (a revocation applies within seconds on every replica) and sign-in failure counts (throttling holds across replicas): watched, these three ConfigMaps only",
  },
  {
    apiGroup: "",
    resource: "configmaps",
    verbs: ["get", "watch"],
    scope: "namespaced",
    resourceNames: [MODELS_CONFIGMAP],
    grant: "rbac",
    why: "the declared model set (models.yaml, from git through a Kustomize configMapGenerator): read and watched for drift and reconcile, never written (this one ConfigMap only)",
  },
  {
    apiGroup: "",
    resource: "configmaps",
    verbs: ["create"],
    scope: "namespaced",
    grant: "rbac",
    why: "creates the pull journal, the sessions, API key, sign-in throttle, disk samples and pins ConfigMaps on first use (Kubernetes cannot restrict create by name)",
  },
  {
    apiGroup: "coordination.k8s.io",
    resource: "leases",
    verbs: ["get", "update"],
    scope: "namespaced",
    resourceNames: [LEADER_LEASE],
    grant: "rbac",
    why: "leader election: only the replica holding this Lease runs background work (pulls, the journal); renewed every 2 s, this Lease only",
  },
  {
    apiGroup: "coordination.k8s.io",
    resource: "leases",
    verbs: ["create"],
    scope: "namespaced",
    grant: "rbac",
    why: "creates the leader Lease on first start (Kubernetes cannot restrict create by name)",
  },
  {
    apiGroup: "snapshot.storage.k8s.io",
    resource: "volumesnapshots",
    verbs: ["get", "list", "create", "delete"],
    scope: "namespaced",
    grant: "rbac",
    why: "snapshots of the cache PVC: list, create (operator), delete (admin)",
  },
  {
    apiGroup: "snapshot.storage.k8s.io",
    resource: "volumesnapshotclasses",
    verbs: ["list"],
    scope: "cluster",
    grant: "rbac",
    why: "which snapshot classes exist and which is the default (classes are cluster-scoped, read-only)",
  },
  {
    apiGroup: "storage.k8s.io",
    resource: "storageclasses",
    verbs: ["get"],
    scope: "cluster",
    grant: "rbac",
    why: "whether the cache PVC's StorageClass allows volume expansion (allowVolumeExpansion); cluster-scoped, read-only",
  },
  {
    apiGroup: "authorization.k8s.io",
    resource: "selfsubjectaccessreviews",
    verbs: ["create"],
    scope: "cluster",
    grant: "default",
    why: "asks the API server what the console itself may do, so snapshot buttons explain a missing permission",
  },
  {
    apiGroup: "snapshot.storage.k8s.io",
    resource: "volumesnapshotcontents",
    verbs: ["list"],
    scope: "cluster",
    grant: "withheld",
    why: "a snapshot's own deletion policy; without it the policy is read from its class",
  },
  {
    apiGroup: "",
    resource: "nodes/proxy",
    verbs: ["get"],
    scope: "cluster",
    grant: "withheld",
    why: "kubelet summary volume stats, only with KUBELET_SUMMARY=true; not read-only (a WebSocket GET can exec into any container on the node)",
  },
];
