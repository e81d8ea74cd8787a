// The deploy manifests applied to a real API server (real schema validation, real admission, real RBAC), the console
// run with the ServiceAccount token they create, and least privilege proven both ways: `kubectl auth can-i --list`
// equals lib/doors/kubernetes/permissions.ts, every console feature works with exactly that Role and ClusterRole, and removing
// any one rule breaks a feature. Everything is derived from deploy/ and permissions.ts, nothing is listed here.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse, stringify } from "yaml";
import { aggregationKey } from "../../lib/features/audit/aggregate";
import type { AuditRecord } from "../../lib/shared/audit/types";
import { writeAuditEvent } from "../../lib/doors/kubernetes/audit-events";
import { stopWatches, watchesSettled } from "../../lib/doors/kubernetes/cache";
import { readPodLog } from "../../lib/doors/kubernetes/logs";
import { readConfigMap } from "../../lib/doors/kubernetes/configmap-watch";
import { updateConfigMap } from "../../lib/doors/kubernetes/configmap";
import { CACHE_PVC_NAME, DISK_SAMPLES_CONFIGMAP, JOURNAL_CONFIGMAP, PINS_CONFIGMAP, KEYS_CONFIGMAP, LEADER_LEASE, MODELS_CONFIGMAP, PERMISSIONS, SESSIONS_CONFIGMAP, THROTTLE_CONFIGMAP } from "../../lib/doors/kubernetes/permissions";
import { deletePod, patchPvcStorage, readPvc } from "../../lib/doors/kubernetes/storage";
import { kubeWatch } from "../../lib/doors/kubernetes/watch";
import { ConfigMapRevocationStore } from "../../lib/features/auth/revocation-store";
import { LeaderElector, kubeLeaseClient } from "../../lib/doors/kubernetes/leader";
import { ConfigMapThrottleStore } from "../../lib/features/auth/throttle-store";
import type { Target } from "../../lib/doors/runtime/config";
import { expansionPlan } from "../../lib/features/disk/expand";
import { decodeSamples, startDiskSamples } from "../../lib/features/disk/samples";
import { listRestartEvents, writeRestartEvent } from "../../lib/doors/kubernetes/restart-events";
import { quantityOf } from "../../lib/shared/disk/grow";
import { isAppError } from "../../lib/doors/runtime/errors";
import { readMiddlewares } from "../../lib/features/exposure";
import { KeyStore } from "../../lib/features/keys/store";
import { overviewAccess, overviewEvents, overviewHealth, overviewPods } from "../../lib/features/overview/read";
import { ConfigMapJournal } from "../../lib/features/pulls/journal";
import { snapshotAccess } from "../../lib/features/snapshots/access";
import { createSnapshot } from "../../lib/features/snapshots/create";
import { deleteSnapshot } from "../../lib/features/snapshots/delete";
import { getSnapshot, listClasses, listSnapshots } from "../../lib/features/snapshots/read";
import { restoreSnapshot } from "../../lib/features/snapshots/restore";
import { createWorld, type World } from "../../sim/world.ts";
import { kubeCall, kubeRequest } from "../../tools/realstack/kubeapi.ts";
import { DEPLOY, find, render, type K8sObject } from "../integration/deploy-fixture";
import { realConnection } from "./support/conn.ts";

const NS = "ollama";
/** The example Ollama goes to its own namespace: its Namespace enforces the restricted Pod Security Standard. */
const EXAMPLE_NS = "ollama-example";
const admin = { id: "ada", name: "ada", role: "admin" as const };

let dir: string;
let adminKubeconfig: string;
let world: World;
let console_: { server: string; ca: string; token: string };
let contexts = 0;
const targets: Target[] = [];

function run(cmd: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env: { ...process.env, HOME: dir, KUBECONFIG: "" }, timeout: 90_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
/** The cluster admin's connection, for straight API calls (the kubeconfig read once). */
let admin_: ReturnType<typeof realConnection> | undefined;
const adminConn = () => (admin_ ??= realConnection());
const kubectl = (...args: string[]) => run("kubectl", ["--kubeconfig", adminKubeconfig, "--cache-dir", join(dir, "cache"), ...args]);

/** A kubeconfig context authenticated as the console's ServiceAccount (a TokenRequest token), never used before. */
function consoleTarget(): Target {
  const name = `sa-${contexts++}`;
  const file = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    file,
    stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "real", cluster: { server: console_.server, "certificate-authority-data": Buffer.from(console_.ca).toString("base64") } }],
      users: [{ name: "ollama-ops", user: { token: console_.token } }],
      contexts: [{ name, context: { cluster: "real", user: "ollama-ops", namespace: NS } }],
      "current-context": name,
    }),
  );
  process.env.KUBECONFIG = file; // read when the context's clients are first built
  const target: Target = { context: name, namespace: NS, deployment: "ollama", ollamaUrl: world.ollama.url, cachePvc: undefined, agentUrl: world.agentUrl };
  targets.push(target);
  return target;
}

/** One key store per console context, kept across both rounds of a check so its watch can fail in between. */
const keyStores = new Map<string, KeyStore>();
function keyStore(t: Target): KeyStore {
  const key = t.context ?? "";
  let store = keyStores.get(key);
  if (!store) keyStores.set(key, (store = new KeyStore(t, KEYS_CONFIGMAP)));
  return store;
}

/** Each console feature that talks to Kubernetes, as the console calls it; a broken one throws. */
const FEATURES: Record<string, (t: Target) => Promise<unknown>> = {
  "Exposure check: the Traefik Middlewares guarding routes": async (t) => {
    const { error } = await readMiddlewares(t);
    if (error) throw new Error(error);
  },
  "API keys: hashes in their ConfigMap, watched for revocations": async (t) => {
    const store = keyStore(t);
    await store.update((keys) => keys); // read, then create or replace
    await store.list();
    const snap = await store.snapshot();
    if (!snap.ok) throw new Error(snap.reason);
    // Open within 5 s when the watch is allowed; a refused one never opens (its relists in between do not count).
    for (let waited = 0; !store.watching() && waited < 5_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    if (!store.watching()) throw new Error("the key ConfigMap's watch is not current");
  },
  "Declared model set: its one ConfigMap, read then watched by name": async (t) => {
    await readConfigMap(t, MODELS_CONFIGMAP); // forbidden without get; absent is fine
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)));
      kubeWatch(t)(`/api/v1/namespaces/${t.namespace}/configmaps`, { fieldSelector: `metadata.name=${MODELS_CONFIGMAP}` }, () => undefined, (err) => (err ? fail(err) : resolve()))
        .then((handle) => setTimeout(() => (resolve(), handle.abort()), 1_500), fail);
    });
  },
  "Logs: the Ollama container's log": async (t) => {
    const { pods } = await overviewPods(t);
    const pod = pods[0]?.name;
    if (!pod) throw new Error("no Ollama pod");
    // KWOK's fake kubelets serve no logs: only the API server's own answer (403 or not) is this rule's to prove.
    await readPodLog(t, { pod, container: "ollama", tailLines: 1 }).catch((err: unknown) => {
      if (isAppError(err) && err.code === "forbidden") throw err;
    });
  },
  "Overview: Deployment health and cache volume": async (t) => {
    const h = await overviewHealth(t);
    if (!h.deployment.ok) throw new Error(h.deployment.error.message);
    if (!h.cache.ok) throw new Error(h.cache.error.message);
    if (!h.deployment.data.freshness.synced) throw new Error(h.deployment.data.freshness.error ?? "deployment watch not synced");
    if (!h.cache.data.freshness.synced) throw new Error(h.cache.data.freshness.error ?? "PVC watch not synced");
  },
  "Overview: pods": async (t) => {
    const p = await overviewPods(t);
    if (!p.freshness.synced || p.pods.length === 0) throw new Error(p.freshness.error ?? "no pods");
  },
  "Overview: events": async (t) => {
    const e = await overviewEvents(t);
    if (!e.freshness.synced) throw new Error(e.freshness.error ?? "events not synced");
  },
  "Overview: access path": async (t) => {
    const a = await overviewAccess(t);
    if (!a.freshness.synced) throw new Error(a.freshness.error ?? "access not synced");
    if (a.level !== "ok" || !a.ingressRoutesInstalled) throw new Error(`${a.title} (${a.endpoints.ready.length} ready endpoints)`);
  },
  "Snapshots: list and classes": async (t) => {
    await listSnapshots(t);
    await listClasses(t);
  },
  "Snapshots: read one": (t) => getSnapshot(t, "ollama-models-20261125-0300"),
  "Snapshots: create and delete": async (t) => {
    const s = await createSnapshot(t, admin, { name: `probe-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` });
    await deleteSnapshot(t, admin, s.name);
  },
  "Snapshots: restore into a PVC": (t) => restoreSnapshot(t, admin, "ollama-models-20261125-0300", { name: `probe-restore-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` }),
  "Snapshots: permission check": async (t) => {
    const a = await snapshotAccess(t, admin);
    if (!a.create.allowed) throw new Error(a.create.reason ?? "create not allowed");
  },
  "Disk rescue: the cache PVC's resize state and its StorageClass": async (t) => {
    const plan = await expansionPlan(t);
    if (!plan.storageClass) throw new Error(plan.storageClassNote ?? "StorageClass not read");
  },
  "Disk rescue: Expand now (a same-size patch of the cache PVC)": async (t) => {
    const pvc = await readPvc(t, CACHE_PVC_NAME);
    // A patch to the size it already has changes nothing but needs the same grant; a stale resourceVersion is fine here.
    await patchPvcStorage(t, pvc.name, quantityOf(pvc.requestBytes ?? 0), pvc.resourceVersion).catch((err: unknown) => {
      if (!(isAppError(err) && err.code === "conflict")) throw err;
    });
  },
  "Disk rescue: restart Ollama by deleting its pod": async (t) => {
    const { pods } = await overviewPods(t);
    const pod = pods[0]?.name;
    if (!pod) throw new Error("no Ollama pod");
    // A uid precondition that never matches: authorised, then refused with 409, so the pod stays.
    await deletePod(t, pod, "00000000-0000-0000-0000-000000000000").catch((err: unknown) => {
      if (!(isAppError(err) && err.code === "conflict")) throw err;
    });
  },
  "Pulls: journal": async (t) => {
    const journal = new ConfigMapJournal(t, JOURNAL_CONFIGMAP);
    await journal.save({ id: `probe-${Date.now()}`, model: "llama3.2:3b" } as Parameters<ConfigMapJournal["save"]>[0]);
    await journal.load();
  },
  "Pulls: every replica follows the journal (issue 19)": async (t) => {
    const journal = new ConfigMapJournal(t, JOURNAL_CONFIGMAP);
    await journal.save({ id: `probe-${Date.now()}`, model: "llama3.2:3b" } as Parameters<ConfigMapJournal["save"]>[0]);
    let stop = () => undefined as void;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the journal's watch saw nothing")), 8_000);
        stop = journal.watch(() => (clearTimeout(timer), resolve()));
      });
    } finally {
      stop();
    }
  },
  "Sign-out: the signed-out sessions every replica refuses": async (t) => {
    const store = new ConfigMapRevocationStore(t, SESSIONS_CONFIGMAP);
    const sid = `probe${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`.padEnd(16, "0");
    await store.add(new Map([[sid, Date.now() + 60_000]]), Date.now()); // read, then create or replace
    if (!(await store.load()).has(sid)) throw new Error("the signed-out session is not in its ConfigMap");
  },
  "Leader election: the Lease (issue 19)": async (t) => {
    const elector = new LeaderElector({ client: kubeLeaseClient(t, LEADER_LEASE), identity: `probe-${Date.now()}`, onStartedLeading: () => undefined });
    void elector.start();
    try {
      const deadline = Date.now() + 8_000;
      while (!elector.status().isLeader && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!elector.status().isLeader) throw new Error(elector.status().problem ?? "never became leader");
    } finally {
      // stop() releases the Lease: an update by name, so a second probe round acquires it at once.
      await elector.stop();
    }
    const lease = await kubectl("get", "lease", LEADER_LEASE, "-n", NS, "-o", "jsonpath={.spec.holderIdentity}");
    if (lease.stdout !== "") throw new Error(`the Lease was not released (holder ${lease.stdout})`);
  },
  "Sign-in throttle: counts shared through their ConfigMap (issue 19)": async (t) => {
    const store = new ConfigMapThrottleStore(t, THROTTLE_CONFIGMAP);
    try {
      const key = `account:probe-${Date.now().toString(36)}`;
      await store.fail(key, Date.now());
      await store.flush();
      const other = new ConfigMapThrottleStore(t, THROTTLE_CONFIGMAP);
      try {
        if ((await other.get(key))?.failures !== 1) throw new Error("another replica does not see the failure");
      } finally {
        other.stop();
      }
    } finally {
      store.stop();
    }
  },
  "Disk usage over time: the leader's samples, shared through their ConfigMap (issue 19)": async (t) => {
    const leader = new AbortController();
    startDiskSamples(leader.signal, t);
    try {
      for (let i = 0; i < 75; i++) {
        const cm = await readConfigMap(t, DISK_SAMPLES_CONFIGMAP);
        if (cm.state === "present" && decodeSamples(cm.data["samples.json"]).length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error("no sample reached the shared ConfigMap");
    } finally {
      leader.abort();
    }
  },
  "Pinned models: the leader's failures and Retry requests shared through their ConfigMap (issue 19)": async (t) => {
    const stamp = new Date().toISOString();
    await updateConfigMap(t, PINS_CONFIGMAP, (current) => ({ ...(current?.data ?? {}), "retry.json": JSON.stringify([{ model: "probe:latest", at: stamp, by: "probe" }]) }));
    const cm = await readConfigMap(t, PINS_CONFIGMAP);
    if (cm.state !== "present" || !cm.data["retry.json"]?.includes(stamp)) throw new Error("the Retry request is not in the shared ConfigMap");
  },
  "Restart history: terminations recorded as Events on the Deployment (issue 19)": async (t) => {
    const pod = `probe-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const record = { pod, container: "ollama", reason: "OOMKilled", exitCode: 137, signal: undefined, message: undefined, startedAt: undefined, finishedAt: new Date().toISOString(), restartCount: 1 };
    await writeRestartEvent(t, record);
    if (!(await listRestartEvents(t)).some((r) => r.pod === pod)) throw new Error("the recorded termination is not listed");
  },
  "Audit trail (an Event on the Deployment, matched by its uid)": async (t) => {
    const subject = `probe-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const record = { id: subject, time: new Date().toISOString(), user: { id: "ada", name: "ada", role: "admin" }, action: "ModelDeleted", subject, outcome: "success" } as AuditRecord;
    await writeAuditEvent(t, { key: aggregationKey(record), count: 1, records: [record] });
    // A repeat of the same record folds into that Event's count (an update), as the kubelet aggregates repeats.
    await writeAuditEvent(t, { key: aggregationKey(record), count: 1, records: [{ ...record, id: `${subject}-again` }] });
    // `kubectl describe deployment` lists the record only when the event names the Deployment's uid.
    const uid = (await kubectl("get", "deployment", "ollama", "-n", NS, "-o", "jsonpath={.metadata.uid}")).stdout;
    const events = (await kubectl("get", "events", "-n", NS, "--field-selector", `involvedObject.uid=${uid}`, "-o", "jsonpath={.items[*].message}")).stdout;
    if (!events.includes(subject)) throw new Error("the audit event does not carry the Deployment's uid");
  },
};

/** Runs every feature with a fresh console context; the names of those that failed, with why. */
async function brokenFeatures(): Promise<Record<string, string>> {
  // The pull journal starts absent, as on a first pull (so creating it is exercised too); likewise the Lease and the
  // throttle counts (issue 19), so their create grants are exercised. Straight API calls as the admin (404 is fine).
  const admin = adminConn();
  await Promise.all(
    [`/api/v1/namespaces/${NS}/configmaps/${JOURNAL_CONFIGMAP}`, `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/${LEADER_LEASE}`, `/api/v1/namespaces/${NS}/configmaps/${THROTTLE_CONFIGMAP}`].map((path) =>
      kubeCall(admin, "DELETE", path, undefined, undefined, [404]),
    ),
  );
  const t = consoleTarget();
  const broken: Record<string, string> = {};
  // Twice: the first round answers from the first list; a watch that then fails shows in the second, run once every
  // watch the first round started has connected or failed (a fixed 1.5-s pause missed a refused watch under CI load).
  for (const round of [0, 1]) {
    if (round === 1) {
      for (let waited = 0; !watchesSettled(t) && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(
      Object.entries(FEATURES).map(async ([name, feature]) => {
        if (broken[name]) return;
        try {
          await Promise.race([feature(t), new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), 10_000))]);
        } catch (err) {
          broken[name] = (err as Error).message;
        }
      }),
    );
  }
  stopWatches(t);
  return broken;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "real-manifests-"));
  const real = inject("realCluster");
  adminKubeconfig = real.kubeconfig;
  world = await createWorld("homelab");
  const kc = parse(await readFile(adminKubeconfig, "utf8")) as { clusters: { cluster: { server: string; "certificate-authority-data": string } }[] };
  const cluster = kc.clusters[0]?.cluster;
  if (!cluster) throw new Error("admin kubeconfig without a cluster");
  Object.assign(process.env, { OLLAMA_URL: world.ollama.url, CACHE_AGENT_URL: world.agentUrl, LOG_LEVEL: "error" });

  // The console overlay exactly as the README applies it; the example Ollama (with the cache-agent component) through a
  // throwaway overlay that only moves it to its own namespace.
  const applied = await kubectl("apply", "--server-side", "-k", join(DEPLOY, "overlays/homelab"));
  if (applied.code !== 0) throw new Error(`kubectl apply -k deploy/overlays/homelab: ${applied.stderr}`);
  const overlay = join(dir, "example");
  await run("mkdir", ["-p", overlay]);
  writeFileSync(
    join(overlay, "kustomization.yaml"),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${EXAMPLE_NS}\nresources:\n  - ${relative(overlay, join(DEPLOY, "examples/ollama/overlays/homelab"))}\n`,
  );
  const example = await kubectl("apply", "--server-side", "-k", overlay);
  if (example.code !== 0) throw new Error(`kubectl apply -k deploy/examples/ollama/overlays/homelab: ${example.stderr}`);

  const token = await kubectl("create", "token", "ollama-ops", "-n", NS, "--duration=1h");
  if (token.code !== 0) throw new Error(`TokenRequest failed: ${token.stderr}`);
  console_ = { server: cluster.server, ca: Buffer.from(cluster["certificate-authority-data"], "base64").toString("utf8"), token: token.stdout.trim() };
}, 180_000);

afterAll(async () => {
  for (const t of targets) stopWatches(t);
  for (const store of keyStores.values()) store.stop();
  await world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** A grant line, `group/resource verb` or `group/resource verb [name]`: one per resource name, since `kubectl auth can-i
 * --list` groups names by how the server merged the rules, not by how they were written. */
const grantLines = (group: string, res: string, verbs: string[], names: string[] | undefined) =>
  verbs.flatMap((v) => (names?.length ? names.map((n) => `${group}/${res} ${v} [${n}]`) : [`${group}/${res} ${v}`]));

const grantsOf = (rules: Rule[]) => rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => grantLines(g, res, r.verbs, r.resourceNames))));

/** `kubectl auth can-i --list` as a ServiceAccount → the same grant lines (resource rows only). */
async function canIList(sa: string, ns: string): Promise<string[]> {
  const out = await kubectl("auth", "can-i", "--list", `--as=system:serviceaccount:${ns}:${sa}`, "-n", ns);
  if (out.code !== 0) throw new Error(out.stderr);
  const lines: string[] = [];
  for (const row of out.stdout.trim().split("\n").slice(1)) {
    const [resource = "", , names = "[]", verbs = "[]"] = row.trim().split(/\s{2,}/);
    if (!resource || resource.startsWith("[")) continue; // non-resource URLs
    const dot = resource.indexOf(".");
    const [res, group] = dot === -1 ? [resource, ""] : [resource.slice(0, dot), resource.slice(dot + 1)];
    lines.push(...grantLines(group, res, verbs.slice(1, -1).split(" ").filter(Boolean), names.slice(1, -1).split(" ").filter(Boolean)));
  }
  return lines.sort();
}

describe("the deploy manifests on a real API server", () => {
  it("are accepted by real schema validation and admission, and the example's pods pass the restricted Pod Security Standard", async () => {
    // The ReplicaSet controller creates the example's pod only if Pod Security admission lets it.
    let pods = "";
    for (let i = 0; i < 100 && !pods.trim(); i++) {
      pods = (await kubectl("get", "pods", "-n", EXAMPLE_NS, "-l", "app.kubernetes.io/name=ollama", "-o", "name")).stdout;
      if (!pods.trim()) await new Promise((r) => setTimeout(r, 200));
    }
    const rs = await kubectl("get", "replicasets", "-n", EXAMPLE_NS, "-o", "jsonpath={.items[*].status.conditions[*].message}");
    expect(rs.stdout, "ReplicaSet failure condition").not.toMatch(/forbidden|violates PodSecurity/);
    expect(pods).toMatch(/^pod\/ollama-/);
    const consolePods = await kubectl("get", "deployment", "ollama-ops", "-n", NS, "-o", "jsonpath={.metadata.name}");
    expect(consolePods.stdout).toBe("ollama-ops");
  });

  it("grant the console's ServiceAccount exactly lib/doors/kubernetes/permissions.ts (kubectl auth can-i --list)", async () => {
    // What every ServiceAccount may do anyway (system:basic-user, discovery): a ServiceAccount with no binding at all.
    await kubectl("create", "serviceaccount", "baseline-nobody", "-n", NS);
    const baseline = new Set(await canIList("baseline-nobody", NS));
    const granted = (await canIList("ollama-ops", NS)).filter((g) => !baseline.has(g));
    const expected = grantsOf(PERMISSIONS.filter((p) => p.grant === "rbac").map((p) => ({ apiGroups: [p.apiGroup], resources: [p.resource], verbs: p.verbs, resourceNames: p.resourceNames }))).sort();
    expect(granted).toEqual(expected);
    for (const p of PERMISSIONS.filter((x) => x.grant === "default")) {
      for (const v of p.verbs) expect(baseline.has(`${p.apiGroup}/${p.resource} ${v}`), `${p.apiGroup}/${p.resource} ${v} is granted to everyone`).toBe(true);
    }
    for (const p of PERMISSIONS.filter((x) => x.grant === "withheld")) {
      for (const v of p.verbs) {
        const res = await kubectl("auth", "can-i", v, `${p.resource}${p.apiGroup ? `.${p.apiGroup}` : ""}`, `--as=system:serviceaccount:${NS}:ollama-ops`, ...(p.scope === "namespaced" ? ["-n", NS] : []));
        expect(res.stdout.trim(), `${p.resource} ${v} must stay withheld`).toBe("no");
      }
    }
  });

  it("every console feature works with exactly that Role and ClusterRole (the ServiceAccount's own token)", async () => {
    expect(await brokenFeatures()).toEqual({});
  });

  /**
   * Polls the authorizer (a SubjectAccessReview for the console's ServiceAccount, what `kubectl auth can-i --as` asks)
   * until it answers `want` for `rule` (≤ 10 s).
   */
  const authorizerSays = async (rule: Rule, namespaced: boolean, want: "yes" | "no") => {
    const [group, resource = "", verb] = [rule.apiGroups[0] ?? "", rule.resources[0] ?? "", rule.verbs[0] ?? ""];
    const [plural, subresource] = resource.split("/");
    const review = {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: `system:serviceaccount:${NS}:ollama-ops`,
        groups: ["system:serviceaccounts", `system:serviceaccounts:${NS}`, "system:authenticated"],
        resourceAttributes: { verb, group, resource: plural, ...(subresource ? { subresource } : {}), ...(rule.resourceNames?.[0] ? { name: rule.resourceNames[0] } : {}), ...(namespaced ? { namespace: NS } : {}) },
      },
    };
    for (let i = 0; i < 50; i++) {
      const res = await kubeRequest<{ status?: { allowed?: boolean } }>(adminConn(), "POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", review);
      if ((res.body.status?.allowed === true ? "yes" : "no") === want && res.status === 201) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`the authorizer never answered ${want} for ${verb} ${resource}`);
  };

  it("removing any one rule breaks a console feature, with a real 403", async () => {
    const objects: K8sObject[] = await render("overlays/homelab");
    const role = find(objects, "Role", "ollama-ops") as K8sObject & { rules: Rule[] };
    const clusterRoles = objects.filter((o) => o.kind === "ClusterRole") as (K8sObject & { rules: Rule[] })[];
    const report: string[] = [];
    const unused: string[] = [];
    for (const holder of [role, ...clusterRoles]) {
      const single = holder.rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => ({ apiGroups: [g], resources: [res], verbs: [v], ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}) })))));
      for (let i = 0; i < single.length; i++) {
        const without = single.filter((_, j) => j !== i);
        const [label] = grantsOf([single[i] as Rule]);
        const url = holder.kind === "Role" ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles/${holder.metadata.name}` : `/apis/rbac.authorization.k8s.io/v1/clusterroles/${holder.metadata.name}`;
        const setRules = (rules: unknown) => kubeCall(adminConn(), "PATCH", url, { rules }, "application/merge-patch+json");
        await setRules(without);
        try {
          // Wait until the RBAC authorizer's informer has the change (a fixed pause lost this race under load, and a
          // rule whose removal was not yet in effect looked unneeded).
          await authorizerSays(single[i] as Rule, holder.kind === "Role", "no");
          const broken = await brokenFeatures();
          const names = Object.keys(broken);
          if (names.length === 0) unused.push(label ?? "");
          else report.push(`${label} → ${names.map((n) => `${n} (${(broken[n] ?? "").slice(0, 120)})`).join("; ")}`);
        } finally {
          await setRules(holder.rules);
          await authorizerSays(single[i] as Rule, holder.kind === "Role", "yes");
        }
      }
    }
    console.log(`least privilege, rule removed → feature broken:\n  ${report.join("\n  ")}`);
    expect(unused, "rules no console feature needs").toEqual([]);
  }, 600_000);
});
