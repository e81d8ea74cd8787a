// How a claim gets (or does not get) its volume, and how the scheduler waits for it, as kube-apiserver v1.34.4 with
// kube-controller-manager and kube-scheduler showed first: the persistent volume controller names an external
// provisioner in two annotations (its own fields) and says it waits for it; a claim naming no class gets the default
// one (admission, nobody's field); a WaitForFirstConsumer claim waits for a
// Pod, whose node the scheduler then writes on it; a claim no provisioner can serve says why; a Pod whose claim is not
// there, or unbound in a class that binds at once, is Unschedulable. Called from wire-null-cases.ts, so it runs on the
// real control plane and the simulator. What follows a provisioner's annotations (a real external provisioner, or the
// simulator's stand-in, binding the claim) differs by design between the tiers and is not checked here.
import { expect, vi } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;
interface Meta {
  annotations?: Record<string, string>;
  managedFields?: { manager: string; subresource?: string; fieldsV1: Obj }[];
}

const WAIT = { timeout: 15_000, interval: 100 };

export async function checkClaimBinding(target: WireTarget, ns: string): Promise<void> {
  const provisioner = "provisioner.ollama-ops.test";
  const classes = { external: `${ns}-external`, waiting: `${ns}-waiting`, static: `${ns}-static` };
  const claims = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await target.send(method, path, body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };
  const claim = (name: string, storageClassName: string) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName } });
  const pod = (name: string, claimName: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "busybox" }], volumes: [{ name: "v", persistentVolumeClaim: { claimName } }] } });
  const metaOf = async (name: string) => (await ok("GET", `${claims}/${name}`)).metadata as Meta;
  const event = async (name: string, reason: string) => {
    const { body } = await target.send("GET", `/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name},reason=${reason}`)}`);
    return (body.items as Obj[] | undefined)?.[0];
  };
  const controllerEvent = async (name: string, expected: { type: string; reason: string; message: string }) =>
    vi.waitFor(async () => expect(await event(name, expected.reason)).toMatchObject({ ...expected, source: { component: "persistentvolume-controller" }, reportingComponent: "persistentvolume-controller" }), WAIT);
  const waitingFor = (name: string) => `Waiting for a volume to be created either by the external provisioner '${name}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
  const provisionerNamed = async (name: string, expected: string) =>
    vi.waitFor(async () => {
      const meta = await metaOf(name);
      expect(meta.annotations).toMatchObject({ "volume.beta.kubernetes.io/storage-provisioner": expected, "volume.kubernetes.io/storage-provisioner": expected });
      const controller = meta.managedFields?.find((e) => e.manager === "kube-controller-manager" && e.subresource === undefined);
      expect(controller?.fieldsV1).toMatchObject({ "f:metadata": { "f:annotations": { "f:volume.beta.kubernetes.io/storage-provisioner": {}, "f:volume.kubernetes.io/storage-provisioner": {} } } });
    }, WAIT);

  const sc = (name: string, extra: Obj) => ({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, ...extra });
  await ok("POST", "/apis/storage.k8s.io/v1/storageclasses", sc(classes.external, { provisioner, volumeBindingMode: "Immediate" }));
  await ok("POST", "/apis/storage.k8s.io/v1/storageclasses", sc(classes.waiting, { provisioner, volumeBindingMode: "WaitForFirstConsumer" }));
  await ok("POST", "/apis/storage.k8s.io/v1/storageclasses", sc(classes.static, { provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "Immediate" }));
  try {
    // An external provisioner's claim that binds at once: named, and waited for.
    await ok("POST", claims, claim("external", classes.external));
    await provisionerNamed("external", provisioner);
    await controllerEvent("external", { type: "Normal", reason: "ExternalProvisioning", message: waitingFor(provisioner) });
    const recorded = await event("external", "ExternalProvisioning");
    expect((recorded?.metadata as Meta).managedFields?.map((e) => e.manager)).toEqual(["kube-controller-manager"]);

    // DefaultStorageClass admission: a claim that names no class gets the default one (the newest marked), nobody's field.
    const marked = ((await ok("GET", "/apis/storage.k8s.io/v1/storageclasses")).items as { metadata: { name: string; creationTimestamp: string; annotations?: Record<string, string> } }[])
      .filter((c) => c.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true")
      .sort((a, b) => Date.parse(b.metadata.creationTimestamp) - Date.parse(a.metadata.creationTimestamp) || (a.metadata.name < b.metadata.name ? -1 : 1));
    expect(marked.length, "the cluster has a default StorageClass").toBeGreaterThan(0);
    const { storageClassName: _unnamed, ...unnamed } = claim("defaulted", "").spec;
    const defaulted = await ok("POST", claims, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "defaulted" }, spec: unnamed });
    expect((defaulted.spec as Obj).storageClassName).toBe(marked[0]?.metadata.name);
    for (const entry of (defaulted.metadata as Meta).managedFields ?? []) expect(entry.fieldsV1, entry.manager).not.toHaveProperty(["f:spec", "f:storageClassName"]);

    // Claims nothing can provision say why, and stay Pending.
    await ok("POST", claims, claim("unclassed", ""));
    await controllerEvent("unclassed", { type: "Normal", reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set" });
    await ok("POST", claims, claim("ghost", `${ns}-ghost`));
    await controllerEvent("ghost", { type: "Warning", reason: "ProvisioningFailed", message: `storageclass.storage.k8s.io "${ns}-ghost" not found` });
    await ok("POST", claims, claim("static", classes.static));
    await controllerEvent("static", { type: "Warning", reason: "ProvisioningFailed", message: "no volume plugin matched name: kubernetes.io/no-provisioner" });
    for (const name of ["unclassed", "ghost", "static"]) expect((await ok("GET", `${claims}/${name}`)).status, name).toEqual({ phase: "Pending" });

    // The scheduler: a missing claim, or an unbound one of a class that binds at once, fails every node.
    const nodes = ((await ok("GET", "/api/v1/nodes")).items as unknown[]).length;
    const unschedulable = async (name: string, message: string) =>
      vi.waitFor(async () => {
        const status = (await ok("GET", `/api/v1/namespaces/${ns}/pods/${name}`)).status as { conditions?: Obj[] };
        expect(status.conditions?.find((c) => c.type === "PodScheduled")).toMatchObject({ status: "False", reason: "Unschedulable", message });
        expect(await event(name, "FailedScheduling")).toMatchObject({ type: "Warning", message });
      }, WAIT);
    await ok("POST", `/api/v1/namespaces/${ns}/pods`, pod("claimless", "nowhere"));
    await unschedulable("claimless", `0/${nodes} nodes are available: persistentvolumeclaim "nowhere" not found. not found`);
    await ok("POST", `/api/v1/namespaces/${ns}/pods`, pod("unbound", "static"));
    await unschedulable("unbound", `0/${nodes} nodes are available: pod has unbound immediate PersistentVolumeClaims. not found`);

    // WaitForFirstConsumer: nothing until a Pod using the claim is scheduled, then the node it chose, then the provisioner.
    await ok("POST", claims, claim("later", classes.waiting));
    await controllerEvent("later", { type: "Normal", reason: "WaitForFirstConsumer", message: "waiting for first consumer to be created before binding" });
    expect((await metaOf("later")).annotations).toBeUndefined();
    await ok("POST", `/api/v1/namespaces/${ns}/pods`, pod("consumer", "later"));
    await vi.waitFor(async () => {
      const meta = await metaOf("later");
      expect(meta.annotations?.["volume.kubernetes.io/selected-node"]).toMatch(/\S/);
      const scheduler = meta.managedFields?.find((e) => e.manager === "kube-scheduler");
      expect(scheduler).toMatchObject({ fieldsV1: { "f:metadata": { "f:annotations": { ".": {}, "f:volume.kubernetes.io/selected-node": {} } } } });
      expect(scheduler?.subresource).toBeUndefined();
    }, WAIT);
    await provisionerNamed("later", provisioner);

    await checkRetroactiveDefault(target, ns, { ok, metaOf, controllerEvent, provisionerNamed, claim, sc, marked: marked.map((c) => c.metadata), waitingFor: waitingFor(provisioner), provisioner });
  } finally {
    for (const name of ["claimless", "unbound", "consumer"]) await target.send("DELETE", `/api/v1/namespaces/${ns}/pods/${name}?gracePeriodSeconds=0`);
    for (const name of [...Object.values(classes), `${ns}-late`]) await target.send("DELETE", `/apis/storage.k8s.io/v1/storageclasses/${name}`);
  }
}

const DEFAULT_MARKS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

/**
 * Retroactive default StorageClass assignment (the persistent volume controller's, GA since v1.28): a claim made while
 * no class was the default names none; once one is marked, the controller's next sync of the still unbound claim (its
 * 15-s resync) writes that class into it, in kube-controller-manager's field, and it is then provisioned as its new
 * class says. A claim that asked for no class with "" keeps it. The cluster's own defaults are unmarked meanwhile and
 * marked again afterwards.
 */
async function checkRetroactiveDefault(
  target: WireTarget,
  ns: string,
  h: {
    ok: (method: string, path: string, body?: unknown) => Promise<Obj>;
    metaOf: (name: string) => Promise<Meta>;
    controllerEvent: (name: string, expected: { type: string; reason: string; message: string }) => Promise<void>;
    provisionerNamed: (name: string, expected: string) => Promise<void>;
    claim: (name: string, storageClassName: string) => Obj;
    sc: (name: string, extra: Obj) => Obj;
    marked: { name: string; annotations?: Record<string, string> }[];
    waitingFor: string;
    provisioner: string;
  },
): Promise<void> {
  const claims = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
  const mark = (name: string, annotations: Record<string, string | null>) =>
    h.ok("PATCH", `/apis/storage.k8s.io/v1/storageclasses/${name}`, { metadata: { annotations } });
  const unmarked = Object.fromEntries(DEFAULT_MARKS.map((a) => [a, null]));
  for (const c of h.marked) await mark(c.name, unmarked);
  try {
    const { storageClassName: _none, ...spec } = (h.claim("late", "") as { spec: Obj }).spec;
    const classless = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "late" }, spec };
    // Admission reads the classes through kube-apiserver's informer: a dry run tells when it has seen them unmarked.
    await vi.waitFor(async () => expect(((await h.ok("POST", `${claims}?dryRun=All`, classless)).spec as Obj).storageClassName).toBeUndefined(), WAIT);
    const created = await h.ok("POST", claims, classless);
    expect((created.spec as Obj).storageClassName, "no default class to admit").toBeUndefined();
    await h.controllerEvent("late", { type: "Normal", reason: "FailedBinding", message: "no persistent volumes available for this claim and no storage class is set" });

    const late = `${ns}-late`;
    await h.ok("POST", "/apis/storage.k8s.io/v1/storageclasses", h.sc(late, { metadata: { name: late, annotations: { [DEFAULT_MARKS[0]!]: "true" } }, provisioner: h.provisioner, volumeBindingMode: "Immediate" }));
    await vi.waitFor(
      async () => {
        const got = await h.ok("GET", `${claims}/late`);
        expect((got.spec as Obj).storageClassName).toBe(late);
        const controller = (got.metadata as Meta).managedFields?.find((e) => e.manager === "kube-controller-manager" && e.subresource === undefined);
        expect(controller?.fieldsV1).toMatchObject({ "f:spec": { "f:storageClassName": {} } });
      },
      { timeout: 40_000, interval: 250 },
    );
    await h.provisionerNamed("late", h.provisioner);
    await h.controllerEvent("late", { type: "Normal", reason: "ExternalProvisioning", message: h.waitingFor });
    // Asked for no class with "": not given one.
    expect((await h.ok("GET", `${claims}/unclassed`)).spec).toMatchObject({ storageClassName: "" });
  } finally {
    for (const c of h.marked) await mark(c.name, Object.fromEntries(DEFAULT_MARKS.map((a) => [a, c.annotations?.[a] ?? null])));
  }
}
