// A real Kubernetes control plane on loopback for the test suite and `npm run cluster`: etcd → kube-apiserver (RBAC,
// service-account issuer and keys generated at start, the default admission plugins) → kube-controller-manager (every
// controller) → kube-scheduler → KWOK (fake nodes, pod lifecycle), then the CRDs and a scenario's objects.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { ensureBinaries, KWOK_MODULE, RealStackError, snapshotCrdDir, TRAEFIK_MODULE, moduleDir } from "./binaries.ts";
import { kubeCall, kubeRequest, type KubeConn, type KubeObject } from "./kubeapi.ts";
import { freePort, portFree, startProcess, stopProcess, waitFor, type Proc } from "./processes.ts";
import { applyScenario, checkScenario, readySnapshots, setContainerStates } from "./scenario.ts";
import { startSnapshotter, type Snapshotter } from "./snapshotter.ts";

export interface ClusterOptions {
  scenario?: string;
  /** Where to write the kubeconfig (written only once the cluster is ready). */
  kubeconfig?: string;
  /** kube-apiserver's secure port (0 or absent: a free one). */
  port?: number;
  log?: (line: string) => void;
}

export interface RealCluster {
  kubeconfig: string;
  conn: KubeConn;
  dir: string;
  /** Seconds from the call to `ready`, binaries already built. */
  startSeconds: number;
  /** Stops kube-apiserver (connections refused) until startApiserver(). */
  stopApiserver(): Promise<void>;
  startApiserver(): Promise<void>;
  /**
   * Resolves once the controllers act on new objects again (a canary Deployment's Pod runs). After a kube-apiserver
   * restart their informers reconnect on their own backoff, up to about 30 s: a suite that needs the controllers waits on
   * this first rather than on /readyz (which a restart test does not, to stay fast).
   */
  settleControllers(): Promise<void>;
  /** Compacts etcd at its current revision: older resourceVersions are gone (watches from them get 410). Returns the revision. */
  compactEtcd(): Promise<number>;
  /** The test-support snapshotter's behaviour (normal, stalled, error) and delay. */
  snapshotter: Pick<Snapshotter, "set">;
  /** The kubelet's report of an OOM kill: the Deployment's first pod's container `container` terminated OOMKilled, now in CrashLoopBackOff. */
  oomKill(namespace: string, labelSelector: string, container: string): Promise<string>;
  close(): Promise<void>;
}

export const ADMIN_USER = "ollama-ops-admin";

/** Starts the stack; on any failure stops whatever it started, removes its files and throws. */
export async function startCluster(options: ClusterOptions = {}): Promise<RealCluster> {
  const log = options.log ?? (() => {});
  // Everything that can be checked before a process starts is checked first.
  const scenario = checkScenario(options.scenario ?? "homelab");
  if (options.port && !(await portFree(options.port))) throw new RealStackError(`port ${options.port} on 127.0.0.1 is already in use (--port)`);
  const built = await ensureBinaries(log);
  const kwokStages = kwokPodStages(moduleDir(KWOK_MODULE));
  const crdDirs = { snapshot: snapshotCrdDir(), traefik: join(moduleDir(TRAEFIK_MODULE), "docs/content/reference/dynamic-configuration") };
  const started = performance.now();
  const bin = (name: string) => join(built.dir, name);

  const dir = mkdtempSync(join(tmpdir(), "ollama-ops-real-"));
  const logs = join(dir, "logs");
  mkdirSync(logs);
  const procs: Proc[] = [];
  let snapshotter: Snapshotter | undefined;
  const stopAll = async () => {
    await snapshotter?.stop();
    for (const p of [...procs].reverse()) await stopProcess(p);
  };

  try {
    // etcd
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), options.port || (await freePort())];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = startProcess("etcd", bin("etcd"), [
      "--name=default",
      `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
      "--unsafe-no-fsync", // a throwaway test store: no fsync on a shared CI disk
      "--log-level=warn",
    ], logs);
    procs.push(etcd);
    await waitFor("etcd", async () => (await fetch(`${etcdUrl}/health`)).ok, 20_000, etcd);
    log(`real: etcd ready on ${etcdUrl}`);

    // kube-apiserver: a token for the admin identity, a service-account key pair, self-signed serving certs.
    const token = randomBytes(24).toString("base64url");
    writeFileSync(join(dir, "tokens.csv"), `${token},${ADMIN_USER},${ADMIN_USER},"system:masters"\n`, { mode: 0o600 });
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(dir, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    writeFileSync(join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
    const certDir = join(dir, "certs");
    const apiArgs = [
      `--etcd-servers=${etcdUrl}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiPort}`,
      `--cert-dir=${certDir}`,
      `--token-auth-file=${join(dir, "tokens.csv")}`,
      "--authorization-mode=RBAC",
      "--anonymous-auth=false",
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${join(dir, "sa.pub")}`,
      `--service-account-signing-key-file=${join(dir, "sa.key")}`,
      "--service-cluster-ip-range=10.43.0.0/16",
      "--allow-privileged=true",
      "--profiling=false",
      "--v=0",
    ];
    let apiserver = startProcess("kube-apiserver", bin("kube-apiserver"), apiArgs, logs);
    procs.push(apiserver);
    const server = `https://127.0.0.1:${apiPort}`;
    const conn: KubeConn = { server, ca: "", token };
    const readyz = async () => {
      if (!conn.ca) {
        const crt = join(certDir, "apiserver.crt");
        if (!existsSync(crt)) return false;
        conn.ca = readFileSync(crt, "utf8");
      }
      return (await kubeRequest(conn, "GET", "/readyz")).status === 200;
    };
    await waitFor("kube-apiserver /readyz", readyz, 90_000, apiserver);
    log(`real: kube-apiserver ready on ${server}`);

    const kubeconfigText = stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "real", cluster: { server, "certificate-authority-data": Buffer.from(conn.ca).toString("base64") } }],
      users: [{ name: ADMIN_USER, user: { token } }],
      contexts: [{ name: "real", context: { cluster: "real", user: ADMIN_USER, namespace: "ollama" } }],
      "current-context": "real",
    });
    const internalKubeconfig = join(dir, "admin.kubeconfig");
    writeFileSync(internalKubeconfig, kubeconfigText, { mode: 0o600 });

    // CRDs first (they take a moment to be served), then the controllers.
    // A scenario without the snapshot API (api.snapshotApi: false) gets a cluster where the group is not served at all.
    const snapshotApi = scenario.state.api.snapshotApi !== false;
    await installCrds(conn, crdDirs, snapshotApi);

    const kcm = startProcess("kube-controller-manager", bin("kube-controller-manager"), [
      `--kubeconfig=${internalKubeconfig}`,
      `--authentication-kubeconfig=${internalKubeconfig}`,
      `--authorization-kubeconfig=${internalKubeconfig}`,
      "--controllers=*",
      "--leader-elect=false",
      "--secure-port=0",
      `--service-account-private-key-file=${join(dir, "sa.key")}`,
      `--root-ca-file=${join(certDir, "apiserver.crt")}`,
      "--use-service-account-credentials=true",
      "--concurrent-deployment-syncs=2",
      "--v=0",
    ], logs);
    procs.push(kcm);
    const scheduler = startProcess("kube-scheduler", bin("kube-scheduler"), [
      `--kubeconfig=${internalKubeconfig}`,
      `--authentication-kubeconfig=${internalKubeconfig}`,
      `--authorization-kubeconfig=${internalKubeconfig}`,
      "--leader-elect=false",
      "--secure-port=0",
      "--v=0",
    ], logs);
    procs.push(scheduler);
    writeFileSync(join(dir, "kwok.yaml"), kwokStages);
    const kwok = startProcess("kwok", bin("kwok"), [
      `--kubeconfig=${internalKubeconfig}`,
      `--config=${join(dir, "kwok.yaml")}`,
      "--manage-all-nodes=false",
      "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
      "--cidr=10.42.0.0/16",
      "--node-ip=10.0.0.21",
      "--node-lease-duration-seconds=40",
    ], logs, { ...process.env, HOME: dir });
    procs.push(kwok);

    const snaps = startSnapshotter(conn, scenario.state.snapshots);
    snapshotter = snaps;
    for (const [key, { restoreSize }] of readySnapshots(scenario)) snaps.preset(key, restoreSize);
    await applyScenario(conn, scenario, log, procs);

    // The kubeconfig appears only now, whole (written aside, then renamed).
    const kubeconfig = options.kubeconfig ?? join(dir, "kubeconfig");
    mkdirSync(dirname(kubeconfig), { recursive: true });
    writeFileSync(`${kubeconfig}.tmp-${process.pid}`, kubeconfigText, { mode: 0o600 });
    renameSync(`${kubeconfig}.tmp-${process.pid}`, kubeconfig);
    const startSeconds = Math.round((performance.now() - started) / 100) / 10;

    let closed = false;
    return {
      kubeconfig,
      conn,
      dir,
      startSeconds,
      async stopApiserver() {
        await stopProcess(apiserver);
      },
      async startApiserver() {
        if (apiserver.child.exitCode === null && apiserver.child.signalCode === null) return;
        apiserver = startProcess("kube-apiserver", bin("kube-apiserver"), apiArgs, logs);
        procs.push(apiserver);
        await waitFor("kube-apiserver /readyz", readyz, 90_000, apiserver);
      },
      settleControllers: () => controllersActing(conn),
      async compactEtcd() {
        const range = (await (await fetch(`${etcdUrl}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: "AA==" }) })).json()) as { header: { revision: string } };
        const revision = Number(range.header.revision);
        const res = await fetch(`${etcdUrl}/v3/kv/compaction`, { method: "POST", body: JSON.stringify({ revision: String(revision), physical: true }) });
        if (!res.ok) throw new Error(`etcd compaction failed: ${res.status} ${await res.text()}`);
        return revision;
      },
      snapshotter: snaps,
      async oomKill(namespace, labelSelector, container) {
        const pods = (await kubeCall<{ items: { metadata: { name: string }; status: { containerStatuses?: { name: string; restartCount?: number; state?: { running?: { startedAt?: string } } }[] } }[] }>(conn, "GET", `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(labelSelector)}`)).body.items;
        const pod = pods[0];
        if (!pod) throw new Error(`no pod matches ${labelSelector} in ${namespace}`);
        const now = new Date().toISOString();
        const statuses = (pod.status.containerStatuses ?? []).map((c) =>
          c.name === container
            ? {
                name: c.name,
                ready: false,
                started: false,
                restartCount: (c.restartCount ?? 0) + 1,
                state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 10s restarting failed container=${c.name} pod=${pod.metadata.name}` } },
                lastState: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: c.state?.running?.startedAt ?? now, finishedAt: now } },
              }
            : c,
        );
        await setContainerStates(conn, namespace, pod.metadata.name, statuses);
        return pod.metadata.name;
      },
      async close() {
        if (closed) return;
        closed = true;
        await stopAll();
        if (options.kubeconfig) rmSync(kubeconfig, { force: true });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

const CANARY_NS = "realstack-canary";

/**
 * Waits until the control plane acts on new objects again after a kube-apiserver restart: a canary Deployment whose Pod
 * runs has passed the deployment and ReplicaSet controllers, the scheduler and KWOK. Their informers reconnect on their
 * own backoff (up to about 30 s after an outage), so /readyz alone let the next suite create a Deployment that no
 * controller saw for half a minute (the kube-protobuf suite failed so in CI). A few seconds when nothing restarted.
 */
async function controllersActing(conn: KubeConn): Promise<void> {
  await kubeCall(conn, "POST", "/api/v1/namespaces", { metadata: { name: CANARY_NS } }, undefined, [409]);
  const name = `canary-${Date.now().toString(36)}`;
  const labels = { app: name };
  const pod = { metadata: { labels }, spec: { containers: [{ name: "canary", image: "canary" }], tolerations: [{ operator: "Exists" }] } };
  await kubeCall(conn, "POST", `/apis/apps/v1/namespaces/${CANARY_NS}/deployments`, { metadata: { name }, spec: { replicas: 1, selector: { matchLabels: labels }, template: pod } });
  const running = async () => {
    const { body } = await kubeCall<{ items: { status?: { phase?: string } }[] }>(conn, "GET", `/api/v1/namespaces/${CANARY_NS}/pods?labelSelector=app%3D${name}`);
    return body.items.some((p) => p.status?.phase === "Running");
  };
  try {
    await waitFor("the controllers to act again after the kube-apiserver restart (a canary Deployment's Pod running)", running, 120_000);
  } finally {
    // Also when the wait fails: a canary left behind would keep a pod for every later settle.
    await kubeCall(conn, "DELETE", `/apis/apps/v1/namespaces/${CANARY_NS}/deployments/${name}`, { propagationPolicy: "Background" }, undefined, [404]);
  }
}

// A kubelet reports its pods Ready again after the node lifecycle controller marked them not ready (a kube-apiserver
// restart makes node leases look stale); KWOK's default stages never revisit a running pod, so this stage does. Pods
// whose containers are not ready (CrashLoopBackOff written through pods/status) keep Ready=False.
const POD_READY_AGAIN = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-ready-again
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.podIP'
      operator: 'Exists'
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'In'
      values: ['False']
    - key: '.status.conditions.[] | select( .type == "ContainersReady" ) | .status'
      operator: 'In'
      values: ['True']
  delay:
    durationMilliseconds: 1000
  next:
    statusTemplate: |
      conditions:
      - lastTransitionTime: {{ Now | Quote }}
        status: "True"
        type: Ready
`;

/** KWOK's own default pod stages (read from its module) plus pod-ready-again: giving KWOK any pod stage replaces its defaults. */
function kwokPodStages(kwokDir: string): string {
  const fast = join(kwokDir, "kustomize/stage/pod/fast");
  return [...["pod-ready.yaml", "pod-complete.yaml", "pod-delete.yaml"].map((f) => readFileSync(join(fast, f), "utf8").trim()), POD_READY_AGAIN.trim()].join("\n---\n") + "\n";
}

/** The VolumeSnapshot CRDs from the external-snapshotter client module, IngressRoute and Middleware from Traefik's module. */
async function installCrds(conn: KubeConn, dirs: { snapshot: string; traefik: string }, snapshotApi: boolean): Promise<void> {
  const files = [
    ...(snapshotApi ? readdirSync(dirs.snapshot) : []).filter((f) => f.startsWith("snapshot.storage.k8s.io_")).map((f) => join(dirs.snapshot, f)),
    join(dirs.traefik, "traefik.io_ingressroutes.yaml"),
    join(dirs.traefik, "traefik.io_middlewares.yaml"),
  ];
  const names: string[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
      const crd = doc.toJS() as KubeObject | null;
      if (!crd || crd.kind !== "CustomResourceDefinition") continue;
      await kubeCall(conn, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, undefined, [409]);
      names.push(crd.metadata.name);
    }
  }
  await waitFor(
    "the CRDs to be established",
    async () => {
      for (const name of names) {
        const res = await kubeRequest<{ status?: { conditions?: { type: string; status: string }[] } }>(conn, "GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
        if (!res.body.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) return false;
      }
      return true;
    },
    30_000,
  );
}
