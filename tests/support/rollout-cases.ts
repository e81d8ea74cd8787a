// Deployment rollouts as kube-controller-manager v1.34 runs them: `kubectl rollout restart` makes a second ReplicaSet
// (revision 2) and scales the first to 0; `kubectl set image` then `kubectl rollout undo` brings the first template
// back, whose ReplicaSet is reused as revision 3. What `kubectl get rs -o json`, the Deployment and `kubectl rollout
// history` show once each settles (and the same for a Recreate Deployment's set image) must be the same on the real control plane (tests/real/kube-protobuf.test.ts) and
// the simulator (tests/integration/kube-sim-fidelity.test.ts); only names' hashes, uids and times are masked.
import { expect, vi } from "vitest";

type Kubectl = (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

interface Obj {
  metadata: { name: string; generation?: number; annotations?: Record<string, string>; labels?: Record<string, string> } & Record<string, unknown>;
  spec: { replicas?: number } & Record<string, unknown>;
  status?: Record<string, unknown>;
}

const TIME = /"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g;

/** Every hash a ReplicaSet carries, named by the first revision its ReplicaSet had. */
function hashNames(sets: Obj[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const rs of sets) {
    const a = rs.metadata.annotations ?? {};
    const first = Math.min(...[a["deployment.kubernetes.io/revision"], ...(a["deployment.kubernetes.io/revision-history"] ?? "").split(",")].filter(Boolean).map(Number));
    const hash = rs.metadata.labels?.["pod-template-hash"];
    if (hash) names.set(hash, `<hash of revision ${first}>`);
  }
  return names;
}

/** The ReplicaSets (by revision), the Deployment and the rollout history, masked. */
async function snapshot(kubectl: Kubectl, ns: string, name: string): Promise<unknown> {
  const rsList = JSON.parse((await kubectl("get", "rs", "-n", ns, "-o", "json")).stdout) as { items: Obj[] };
  const sets = rsList.items.filter((rs) => rs.metadata.name.startsWith(`${name}-`));
  const deploy = JSON.parse((await kubectl("get", "deployment", name, "-n", ns, "-o", "json")).stdout) as Obj;
  const history = (await kubectl("rollout", "history", `deployment/${name}`, "-n", ns)).stdout;
  const revision = (rs: Obj) => Number(rs.metadata.annotations?.["deployment.kubernetes.io/revision"]);
  const strip = (o: Obj) => {
    const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ...meta } = o.metadata;
    const owners = (meta.ownerReferences as { uid?: string }[] | undefined)?.map((ref) => ({ ...ref, uid: "<uid>" }));
    return { ...o, metadata: { ...meta, ...(owners ? { ownerReferences: owners } : {}) } };
  };
  let text = JSON.stringify({ replicaSets: [...sets].sort((a, b) => revision(a) - revision(b)).map(strip), deployment: strip(deploy), history });
  for (const [hash, masked] of hashNames(sets)) text = text.replaceAll(hash, masked);
  return JSON.parse(text.replace(TIME, '"<time>"')) as unknown;
}

/** Waits until the Deployment has rolled out: complete, observed, every ReplicaSet at its count. */
async function settled(kubectl: Kubectl, ns: string, name: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const deploy = JSON.parse((await kubectl("get", "deployment", name, "-n", ns, "-o", "json")).stdout) as Obj;
      const want = deploy.spec.replicas ?? 1;
      const progressing = (deploy.status?.conditions as { type: string; reason: string }[] | undefined)?.find((c) => c.type === "Progressing");
      expect({ observed: deploy.status?.observedGeneration, updated: deploy.status?.updatedReplicas, replicas: deploy.status?.replicas, available: deploy.status?.availableReplicas, reason: progressing?.reason }).toEqual({
        observed: deploy.metadata.generation,
        updated: want,
        replicas: want,
        available: want,
        reason: "NewReplicaSetAvailable",
      });
      const sets = (JSON.parse((await kubectl("get", "rs", "-n", ns, "-o", "json")).stdout) as { items: Obj[] }).items.filter((rs) => rs.metadata.name.startsWith(`${name}-`));
      for (const rs of sets) expect([rs.metadata.name, rs.status?.observedGeneration, rs.status?.replicas]).toEqual([rs.metadata.name, rs.metadata.generation, rs.spec.replicas]);
    },
    { timeout: 60_000, interval: 250 },
  );
}

const T = "<time>";
const CONTAINER = { imagePullPolicy: "IfNotPresent", resources: {}, terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File" };
const POD_SPEC = { dnsPolicy: "ClusterFirst", restartPolicy: "Always", schedulerName: "default-scheduler", securityContext: {}, terminationGracePeriodSeconds: 30 };

function template(app: string, image: string, hash?: string, annotations?: Record<string, string>): Record<string, unknown> {
  return {
    metadata: { ...(annotations ? { annotations } : {}), labels: { app, ...(hash ? { "pod-template-hash": hash } : {}) } },
    spec: { ...POD_SPEC, containers: [{ name: "nginx", image, ...CONTAINER }] },
  };
}

function replicaSet(ns: string, app: string, n: number, opts: { revision: string; history?: string; replicas: number; generation: number; image: string; annotations?: Record<string, string>; max?: string }): Record<string, unknown> {
  const hash = `<hash of revision ${n}>`;
  const up = opts.replicas > 0;
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      annotations: { "deployment.kubernetes.io/desired-replicas": "2", "deployment.kubernetes.io/max-replicas": opts.max ?? "3", "deployment.kubernetes.io/revision": opts.revision, ...(opts.history ? { "deployment.kubernetes.io/revision-history": opts.history } : {}) },
      generation: opts.generation,
      labels: { app, "pod-template-hash": hash },
      name: `${app}-${hash}`,
      namespace: ns,
      ownerReferences: [{ apiVersion: "apps/v1", blockOwnerDeletion: true, controller: true, kind: "Deployment", name: app, uid: "<uid>" }],
    },
    spec: { replicas: opts.replicas, selector: { matchLabels: { app, "pod-template-hash": hash } }, template: template(app, opts.image, hash, opts.annotations) },
    status: up ? { availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: opts.generation, readyReplicas: 2, replicas: 2 } : { observedGeneration: opts.generation, replicas: 0 },
  };
}

function deployment(ns: string, app: string, opts: { revision: string; generation: number; image: string; newest: number; annotations?: Record<string, string>; recreate?: boolean }): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { annotations: { "deployment.kubernetes.io/revision": opts.revision }, generation: opts.generation, labels: { app }, name: app, namespace: ns },
    spec: {
      progressDeadlineSeconds: 600,
      replicas: 2,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app } },
      strategy: opts.recreate ? { type: "Recreate" } : { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
      template: template(app, opts.image, undefined, opts.annotations),
    },
    status: {
      availableReplicas: 2,
      conditions: [
        { lastTransitionTime: T, lastUpdateTime: T, message: "Deployment has minimum availability.", reason: "MinimumReplicasAvailable", status: "True", type: "Available" },
        { lastTransitionTime: T, lastUpdateTime: T, message: `ReplicaSet "${app}-<hash of revision ${opts.newest}>" has successfully progressed.`, reason: "NewReplicaSetAvailable", status: "True", type: "Progressing" },
      ],
      observedGeneration: opts.generation,
      readyReplicas: 2,
      replicas: 2,
      updatedReplicas: 2,
    },
  };
}

const history = (app: string, revisions: number[]) => `deployment.apps/${app} \nREVISION  CHANGE-CAUSE\n${revisions.map((r) => `${r}         <none>`).join("\n")}\n\n`;

/** Runs both rollouts in a new namespace (deleted afterwards); the expectations are the same on both targets. */
export async function checkRollouts(kubectl: Kubectl, podsAllowed: (namespace: string) => Promise<void>): Promise<void> {
  const ns = `rollout-${Date.now().toString(36)}`;
  const run = async (...args: string[]) => {
    const res = await kubectl(...args, "-n", ns);
    expect(res.code, `${args.join(" ")}: ${res.stderr}`).toBe(0);
  };
  expect((await kubectl("create", "namespace", ns)).code).toBe(0);
  try {
    await podsAllowed(ns);
    await run("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2");
    await run("create", "deployment", "api", "--image=nginx:1.27", "--replicas=2");
    await Promise.all([settled(kubectl, ns, "web"), settled(kubectl, ns, "api")]);

    await run("rollout", "restart", "deployment/web");
    await run("set", "image", "deployment/api", "nginx=nginx:1.28");
    await Promise.all([settled(kubectl, ns, "web"), settled(kubectl, ns, "api")]);
    const restarted = { "kubectl.kubernetes.io/restartedAt": T };
    expect(await snapshot(kubectl, ns, "web")).toEqual({
      replicaSets: [
        replicaSet(ns, "web", 1, { revision: "1", replicas: 0, generation: 3, image: "nginx:1.27" }),
        replicaSet(ns, "web", 2, { revision: "2", replicas: 2, generation: 2, image: "nginx:1.27", annotations: restarted }),
      ],
      deployment: deployment(ns, "web", { revision: "2", generation: 2, image: "nginx:1.27", newest: 2, annotations: restarted }),
      history: history("web", [1, 2]),
    });

    await run("rollout", "undo", "deployment/api");
    await settled(kubectl, ns, "api");
    expect(await snapshot(kubectl, ns, "api")).toEqual({
      replicaSets: [
        replicaSet(ns, "api", 2, { revision: "2", replicas: 0, generation: 4, image: "nginx:1.28" }),
        replicaSet(ns, "api", 1, { revision: "3", history: "1", replicas: 2, generation: 5, image: "nginx:1.27" }),
      ],
      deployment: deployment(ns, "api", { revision: "3", generation: 3, image: "nginx:1.27", newest: 1 }),
      history: history("api", [2, 3]),
    });

    // Recreate: the old ReplicaSet goes to 0 before the new one is scaled up, so max-replicas is the count itself.
    await run("create", "deployment", "rec", "--image=nginx:1.27", "--replicas=2");
    await run("patch", "deployment", "rec", "--type=merge", '-p={"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}');
    await settled(kubectl, ns, "rec");
    await run("set", "image", "deployment/rec", "nginx=nginx:1.28");
    await settled(kubectl, ns, "rec");
    expect(await snapshot(kubectl, ns, "rec")).toEqual({
      replicaSets: [
        replicaSet(ns, "rec", 1, { revision: "1", replicas: 0, generation: 2, image: "nginx:1.27", max: "2" }),
        replicaSet(ns, "rec", 2, { revision: "2", replicas: 2, generation: 1, image: "nginx:1.28", max: "2" }),
      ],
      deployment: deployment(ns, "rec", { revision: "2", generation: 3, image: "nginx:1.28", newest: 2, recreate: true }),
      history: history("rec", [1, 2]),
    });

    // Paused: a template change makes no ReplicaSet and the Deployment says so; resumed, it rolls out as revision 2.
    await run("create", "deployment", "held", "--image=nginx:1.27", "--replicas=1");
    await settled(kubectl, ns, "held");
    await run("rollout", "pause", "deployment/held");
    await run("set", "image", "deployment/held", "nginx=nginx:1.28");
    const pausedView = async () => {
      const d = JSON.parse((await kubectl("get", "deployment", "held", "-n", ns, "-o", "json")).stdout) as Obj;
      const sets = (await kubectl("get", "rs", "-n", ns, "-o", "name")).stdout.split("\n").filter((n) => n.includes("/held-"));
      const conditions = (d.status?.conditions as Record<string, unknown>[]).map(({ type, status, reason, message }) => ({ type, status, reason, message }));
      const { conditions: _c, ...counters } = d.status ?? {};
      return { sets: sets.length, revision: d.metadata.annotations?.["deployment.kubernetes.io/revision"], counters, conditions };
    };
    await vi.waitFor(async () => {
      expect(await pausedView()).toEqual({
        sets: 1,
        revision: "1",
        counters: { availableReplicas: 1, observedGeneration: 3, readyReplicas: 1, replicas: 1 },
        conditions: [
          { type: "Available", status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." },
          { type: "Progressing", status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" },
        ],
      });
    }, { timeout: 15_000, interval: 250 });
    await run("rollout", "resume", "deployment/held");
    await settled(kubectl, ns, "held");
    expect((await pausedView()).revision).toBe("2");
  } finally {
    await kubectl("delete", "namespace", ns, "--wait=false");
  }
}
