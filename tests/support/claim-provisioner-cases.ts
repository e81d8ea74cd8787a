// A new claim of a class whose provisioner is external and that binds at once: kube-controller-manager's persistent
// volume controller names the provisioner in two annotations (its own fields) and records that it waits for it, as
// kube-apiserver v1.34.4 with kube-controller-manager showed first. Called from wire-null-cases.ts, so it runs on the
// real control plane and the simulator. What follows (a real external provisioner, or the simulator's stand-in,
// binding the claim) differs by design between the tiers and is not checked here.
import { expect, vi } from "vitest";
import type { WireTarget } from "./wire-null-cases.ts";

type Obj = Record<string, unknown>;

export async function checkClaimProvisioner(target: WireTarget, ns: string): Promise<void> {
  const provisioner = "provisioner.ollama-ops.test";
  const cls = `${ns}-external`;
  const made = await target.send("POST", "/apis/storage.k8s.io/v1/storageclasses", { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: cls }, provisioner, volumeBindingMode: "Immediate" });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  try {
    const claim = { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "external" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, storageClassName: cls } };
    const created = await target.send("POST", `/api/v1/namespaces/${ns}/persistentvolumeclaims`, claim);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await vi.waitFor(
      async () => {
        const { body } = await target.send("GET", `/api/v1/namespaces/${ns}/persistentvolumeclaims/external`);
        const meta = body.metadata as { annotations?: Record<string, string>; managedFields?: { manager: string; subresource?: string; fieldsV1: Obj }[] };
        expect(meta.annotations).toMatchObject({ "volume.beta.kubernetes.io/storage-provisioner": provisioner, "volume.kubernetes.io/storage-provisioner": provisioner });
        const controller = meta.managedFields?.find((e) => e.manager === "kube-controller-manager" && e.subresource === undefined);
        expect(controller?.fieldsV1).toMatchObject({ "f:metadata": { "f:annotations": { "f:volume.beta.kubernetes.io/storage-provisioner": {}, "f:volume.kubernetes.io/storage-provisioner": {} } } });
      },
      { timeout: 15_000, interval: 100 },
    );
    await vi.waitFor(
      async () => {
        const { body } = await target.send("GET", `/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent("involvedObject.name=external,reason=ExternalProvisioning")}`);
        const event = (body.items as Obj[] | undefined)?.[0];
        expect(event).toMatchObject({
          type: "Normal",
          reason: "ExternalProvisioning",
          message: `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
          source: { component: "persistentvolume-controller" },
          reportingComponent: "persistentvolume-controller",
          involvedObject: { kind: "PersistentVolumeClaim", name: "external", namespace: ns },
        });
        expect((event?.metadata as { managedFields?: { manager: string }[] }).managedFields?.map((e) => e.manager)).toEqual(["kube-controller-manager"]);
      },
      { timeout: 15_000, interval: 100 },
    );
  } finally {
    await target.send("DELETE", `/apis/storage.k8s.io/v1/storageclasses/${cls}`);
  }
}
