// The Kubernetes API server simulator: HTTP front door, lifecycle (down/up on the same port) and control knobs.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { admitDefaultStorageClass, admitServiceAccount, storeAccounts } from "./admission.ts";
import { startControllers } from "./controllers/index.ts";
import { rootCaConfigMap } from "./controllers/root-ca.ts";
import { applyDefaults } from "./defaults.ts";
import { discoveryDocument, versionDocument } from "./discovery.ts";
import { methodNotAllowed, notFound, pathNotFound } from "./errors.ts";
import { recordEvent, type EventInput } from "./events.ts";
import { handleResource } from "./handlers.ts";
import { sendError, sendJson } from "./http.ts";
import { LEGACY_TOKEN_TRACKING, scenarioManagedFields, SYSTEM_NAMESPACES } from "./scenario-fields.ts";
import { callerOf } from "./identity.ts";
import { parseObjects } from "./load.ts";
import { PodLogs } from "./logs.ts";
import { canonicalQuantities } from "./quantity.ts";
import { mergePatch } from "./patch.ts";
import { forbiddenFor, isAllowed, type ForbidRule } from "./rbac.ts";
import { openApiDocument } from "./openapi.ts";
import { parseRequest } from "./request.ts";
import { defForKind, findResource, RESOURCES } from "./resources.ts";
import { DEFAULT_SETTINGS, type KubeSimSettings, type SnapshotControllerMode } from "./settings.ts";
import { ObjectStore } from "./store.ts";
import { deleteObject, type DeleteOptions } from "./strategy.ts";
import type { ClaimStats } from "./kubelet-summary.ts";
import { TokenIssuer } from "./tokens.ts";
import type { KubeObject, ResourceDef, Subresource } from "./types.ts";
import { WatchHub } from "./watch.ts";

/** Timing knobs that may be changed at any time with configure(). */
export type KubeSimTimings = Pick<KubeSimSettings, "snapshotStatusAfterMs" | "snapshotReadyAfterMs" | "pvcBindAfterMs" | "pvcResyncMs" | "podStartMs" | "podTerminateMs" | "bookmarkIntervalMs" | "watchMaxMs">;

/** How to start the simulator; timings default to DEFAULT_SETTINGS (settings.ts). */
export interface KubeSimOptions extends Partial<KubeSimTimings> {
  host?: string;
  /** 0 or absent = a free port (kept across stop()/start()). */
  port?: number;
  user?: string;
  /** How many changes a watch can resume across before it gets 410 Expired. */
  historySize?: number;
}

/** The running simulator, as the world/control layer drives it. */
export interface KubeSim {
  readonly store: ObjectStore;
  readonly logs: PodLogs;
  readonly settings: Readonly<KubeSimSettings>;
  /** http://host:port (valid after listen()). */
  readonly url: string;
  readonly port: number;
  /** False between stop() and start(). */
  readonly running: boolean;
  readonly requestCount: number;
  readonly openWatches: number;
  /** Starts listening; resolves to the URL. */
  listen(): Promise<string>;
  /** "API server down": closes the listener and destroys every connection (watches included). */
  stop(): Promise<void>;
  /** Listens again on the same port, as a restarted API server: watches from before it get 410 Expired. */
  start(): Promise<void>;
  /** Stops listening and stops the controllers for good. */
  close(): Promise<void>;
  /** Every open watch gets a 410 Expired ERROR event and closes; older resourceVersions become too old. */
  expireWatches(): void;
  setForbidden(rules: ForbidRule[]): void;
  /** Off: discovery omits snapshot.storage.k8s.io and its paths answer 404 (CRDs not installed). */
  setSnapshotApi(enabled: boolean): void;
  setSnapshotController(mode: SnapshotControllerMode, errorMessage?: string): void;
  configure(timings: Partial<KubeSimTimings>): void;
  resetRequestCount(): void;
  /** Replaces every object with those in the YAML; open watches get 410. Returns the documents it does not serve. */
  load(yamlText: string): Record<string, unknown>[];
  /** Creates the object, or replaces the stored one of that kind/namespace/name (status included, no API rules). */
  put(obj: KubeObject): KubeObject;
  /** Merge-patches an object directly in the store (status included). */
  patch(kind: string, namespace: string | undefined, name: string, patch: unknown): KubeObject;
  /** Deletes like the API does (finalizers, graceful pod termination). */
  delete(kind: string, namespace: string | undefined, name: string, options?: DeleteOptions): KubeObject;
  /** Records an Event about an object. */
  recordEvent(involved: KubeObject, input: EventInput): KubeObject | undefined;
  /** Where the kubelet's Summary (the node proxy) reads a claim's filesystem figures; by default, its capacity and nothing used. */
  setClaimStats(stats: ClaimStats): void;
}

/** Creates the simulator (not yet listening) with an empty store. */
export function createKubeSim(options: KubeSimOptions = {}): KubeSim {
  const { host = "127.0.0.1", port: wantedPort = 0, user, historySize, ...timings } = options;
  let port = wantedPort;
  const settings: KubeSimSettings = { ...DEFAULT_SETTINGS, forbid: [], ...timings, ...(user ? { user } : {}) };
  const store = new ObjectStore(historySize);
  store.admit("Pod", (pod) => admitServiceAccount(pod, storeAccounts(store)));
  store.admit("PersistentVolumeClaim", (claim) => admitDefaultStorageClass(claim, store));
  const issuer = new TokenIssuer();
  const logs = new PodLogs();
  const watches = new WatchHub(store, () => settings);
  const controllers = startControllers({ store, settings, logs });
  const sockets = new Set<Socket>();
  let requests = 0;
  let running = false;

  const served = (def: ResourceDef) => settings.snapshotApi || !def.snapshotApi;
  let claimStats: ClaimStats | undefined;
  const deps = { store, watches, logs, issuer, forbid: () => settings.forbid, claimStats: (namespace: string, claim: string) => claimStats?.(namespace, claim) };
  store.onReset(() => watches.expire());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++;
    const url = new URL(req.url ?? "/", "http://sim");
    const info = parseRequest(req.method ?? "GET", url.pathname, url.searchParams);
    if (!info) return serveNonResource(url.pathname, req, res);
    const user = callerOf(req.headers, store, issuer, settings.user, settings.forbid);
    // kube-apiserver's RequestInfo names the object of a list or watch narrowed by `fieldSelector=metadata.name=X`.
    const named = info.name ?? (info.verb === "list" || info.verb === "watch" ? nameFromFieldSelector(url.searchParams.get("fieldSelector")) : undefined);
    const attrs = { verb: info.verb, group: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: named };
    if (!isAllowed(settings.forbid, attrs)) throw forbiddenFor(attrs, user.username);
    const def = findResource(info.group, info.version, info.resource);
    const subresourceOk = info.subresource === undefined || def?.subresources.includes(info.subresource as Subresource);
    if (!def || !served(def) || !subresourceOk) throw pathNotFound();
    if (!def.namespaced && info.namespace !== undefined && def.kind !== "Namespace") throw pathNotFound();
    await handleResource(req, res, info, def, url.searchParams, deps, user);
  }

  function serveNonResource(path: string, req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "GET") throw methodNotAllowed();
    if (path === "/version") return sendJson(res, 200, versionDocument());
    if (["/healthz", "/livez", "/readyz"].includes(path)) {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" }).end("ok");
      return;
    }
    const defs = RESOURCES.filter(served);
    const doc = discoveryDocument(path.replace(/\/$/, ""), defs, `${host}:${port}`) ?? openApiDocument(path, defs);
    if (doc) return sendJson(res, 200, doc);
    if (path.startsWith("/api") || path.startsWith("/openapi")) throw pathNotFound();
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("404 page not found\n");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendError(res, err));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function start(): Promise<void> {
    if (running) return;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    port = (server.address() as AddressInfo).port;
    running = true;
  }

  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    sockets.forEach((s) => s.destroy());
    await closed;
  }

  return {
    store,
    logs,
    settings,
    get url() {
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    get running() {
      return running;
    },
    get requestCount() {
      return requests;
    },
    get openWatches() {
      return watches.size;
    },
    async listen() {
      await start();
      return `http://${host}:${port}`;
    },
    async start() {
      if (running) return;
      // A restarted kube-apiserver's watch cache begins at etcd's current revision (sim/README.md "Differences" 6).
      store.restartWatchCache();
      await start();
    },
    stop,
    async close() {
      controllers.stop();
      await stop();
    },
    expireWatches() {
      store.forgetHistory();
      watches.expire();
    },
    setForbidden(rules) {
      settings.forbid = [...rules];
    },
    setSnapshotApi(enabled) {
      if (settings.snapshotApi === enabled) return;
      settings.snapshotApi = enabled;
      if (!enabled) watches.close((def) => def.snapshotApi === true);
      controllers.resyncSnapshots();
    },
    setSnapshotController(mode, errorMessage) {
      settings.snapshotController = mode;
      if (errorMessage !== undefined) settings.snapshotErrorMessage = errorMessage;
      controllers.resyncSnapshots();
    },
    configure(timings) {
      Object.assign(settings, timings);
    },
    resetRequestCount() {
      requests = 0;
    },
    load(yamlText) {
      const { objects, others } = parseObjects(yamlText);
      logs.clear();
      // As if each had been created through the API (with the managedFields of those writes, scenario-fields.ts): the real
      // cluster's scenario objects are (scripts/cluster.ts), their
      // Pods once the serviceaccount controller had made each namespace's `default` account.
      const withSystem = [...objects, ...systemObjects(objects, port)];
      const loaded = [...withSystem, ...controllerObjects(withSystem)];
      const accounts = (namespace: string, name: string) => loaded.find((o) => o.kind === "ServiceAccount" && o.metadata.namespace === namespace && o.metadata.name === name);
      for (const obj of loaded) {
        const def = defForKind(obj.kind);
        let decoded = obj;
        applyDefaults(def, obj, undefined, () => (decoded = structuredClone(obj)));
        if (obj.kind === "Pod") admitServiceAccount(obj, accounts);
        canonicalQuantities(obj);
        const managedFields = scenarioManagedFields(def, decoded, obj);
        if (managedFields) obj.metadata.managedFields = managedFields;
      }
      store.reset(loaded);
      return others;
    },
    put(obj) {
      return store.get(obj.kind, obj.metadata.namespace, obj.metadata.name) ? store.replace(obj) : store.create(obj);
    },
    patch(kind, namespace, name, body) {
      const current = store.get(kind, namespace, name);
      if (!current) throw notFound(defForKind(kind), name);
      return store.replace(mergePatch(current, body) as KubeObject);
    },
    delete(kind, namespace, name, deleteOptions) {
      return deleteObject(store, defForKind(kind), namespace, name, deleteOptions);
    },
    recordEvent(involved, input) {
      return recordEvent(store, involved, input);
    },
    setClaimStats(stats) {
      claimStats = stats;
    },
  };
}

/**
 * What kube-apiserver makes when it starts, unless the scenario carries it: its four namespaces, the `kubernetes`
 * Service in `default` (the first IP of the service range, port 443 to the server's own) and the ConfigMap saying
 * since when it tracks legacy tokens; and what kube-controller-manager makes there at once, running each controller
 * with its own ServiceAccount (`--use-service-account-credentials`, as the real tier and k3s do); all as old as the
 * scenario's oldest object. (Its endpoints are not published: the real tier's kube-apiserver advertises a loopback
 * address, which it never publishes, so neither tier has them.)
 */
function systemObjects(objects: readonly KubeObject[], port: number): KubeObject[] {
  const carried = new Set(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
  const times = objects.map((o) => o.metadata.creationTimestamp).filter((t): t is string => typeof t === "string").sort();
  const creationTimestamp = times[0];
  const at = creationTimestamp ? { creationTimestamp } : {};
  const made: KubeObject[] = SYSTEM_NAMESPACES.map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name }, ...at }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } }));
  made.push({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" }, ...at },
    spec: { type: "ClusterIP", clusterIP: "10.43.0.1", ipFamilyPolicy: "SingleStack", sessionAffinity: "None", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: port || 6443 }] },
  });
  made.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: LEGACY_TOKEN_TRACKING, namespace: "kube-system", ...at }, data: { since: (creationTimestamp ?? new Date().toISOString()).slice(0, 10) } });
  for (const name of CONTROLLER_ACCOUNTS) made.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: "kube-system", ...at } });
  return made.filter((o) => !carried.has(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
}

/** The ServiceAccounts kube-controller-manager v1.34 makes in kube-system for its controllers (`--controllers=*`). */
const CONTROLLER_ACCOUNTS = [
  "attachdetach-controller", "certificate-controller", "clusterrole-aggregation-controller", "cronjob-controller", "daemon-set-controller",
  "deployment-controller", "disruption-controller", "endpoint-controller", "endpointslice-controller", "endpointslicemirroring-controller",
  "ephemeral-volume-controller", "expand-controller", "generic-garbage-collector", "horizontal-pod-autoscaler", "job-controller",
  "legacy-service-account-token-cleaner", "namespace-controller", "node-controller", "persistent-volume-binder", "pod-garbage-collector",
  "pv-protection-controller", "pvc-protection-controller", "replicaset-controller", "replication-controller", "resource-claim-controller",
  "resourcequota-controller", "root-ca-cert-publisher", "service-account-controller", "service-cidrs-controller", "statefulset-controller",
  "ttl-after-finished-controller", "ttl-controller", "validatingadmissionpolicy-status-controller", "volumeattributesclass-protection-controller",
];

/**
 * What kube-controller-manager makes in each namespace the scenario uses (a Namespace object, or the namespace of any
 * object in it: a scenario may leave its Namespace out), unless the scenario carries it: the `default` ServiceAccount
 * and the `kube-root-ca.crt` ConfigMap, as old as the Namespace.
 */
function controllerObjects(objects: readonly KubeObject[]): KubeObject[] {
  const carried = new Set(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
  const created = new Map<string, string | undefined>();
  for (const o of objects) {
    const ns = o.kind === "Namespace" ? o.metadata.name : o.metadata.namespace;
    if (ns !== undefined && (o.kind === "Namespace" || !created.has(ns))) created.set(ns, o.kind === "Namespace" ? o.metadata.creationTimestamp : created.get(ns));
  }
  return [...created].flatMap(([namespace, creationTimestamp]) => {
    const made = [{ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace } }, rootCaConfigMap(namespace)];
    return made
      .filter((o) => !carried.has(`${o.kind}/${namespace}/${o.metadata.name}`))
      .map((o) => (creationTimestamp ? { ...o, metadata: { ...o.metadata, creationTimestamp } } : o));
  });
}

/** X of a field selector that is exactly `metadata.name=X` (or `==`), as kube-apiserver's request info reads it. */
function nameFromFieldSelector(selector: string | null): string | undefined {
  const m = selector ? /^metadata\.name==?([^,]+)$/.exec(selector) : null;
  return m?.[1];
}
