// kube-apiserver's own admission of PVC expansion (issue 15), in its own pass on its own cluster (package.json
// test:real:kube:run): its static PVs and classes left the real PV controller unable to bind a snapshot restore in
// the suites that followed on a shared cluster.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { realKubectl } from "./support/kubectl.ts";

const { kubectl, json, dir } = realKubectl();

describe("PVC expansion on a real control plane", () => {
  it("admits a PVC expansion only up from status.capacity and only for a class with allowVolumeExpansion, in kube-apiserver's words", async () => {
    const ns = `resize-${Date.now().toString(36)}`;
    expect((await kubectl("create", "namespace", ns)).code).toBe(0);
    const manifest = (cls: string, expand: boolean) => [
      { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: `${ns}-${cls}` }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "Immediate", ...(expand ? { allowVolumeExpansion: true } : {}) },
      { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: `${ns}-${cls}` }, spec: { capacity: { storage: "10Gi" }, accessModes: ["ReadWriteOnce"], storageClassName: `${ns}-${cls}`, hostPath: { path: `/tmp/${ns}-${cls}` }, claimRef: { namespace: ns, name: cls } } },
      { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: cls, namespace: ns }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: `${ns}-${cls}`, volumeName: `${ns}-${cls}`, resources: { requests: { storage: "10Gi" } } } },
    ];
    const file = join(dir(), `${ns}.json`);
    writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: [...manifest("rigid", false), ...manifest("elastic", true)] }));
    const applied = await kubectl("apply", "-f", file);
    expect(applied.code, applied.stderr).toBe(0);
    for (const name of ["rigid", "elastic"]) {
      for (let i = 0; (await json<{ status: { phase?: string } }>("get", "pvc", name, "-n", ns)).status.phase !== "Bound"; i++) {
        if (i > 60) throw new Error(`PVC ${name} not Bound`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const patch = (name: string, size: string) => kubectl("patch", "pvc", name, "-n", ns, "--type=merge", "-p", JSON.stringify({ spec: { resources: { requests: { storage: size } } } }));
    const shrink = await patch("elastic", "5Gi");
    expect(shrink.code).not.toBe(0);
    expect(shrink.stderr).toContain(`PersistentVolumeClaim "elastic" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity`);
    const rigid = await patch("rigid", "20Gi");
    expect(rigid.code).not.toBe(0);
    expect(rigid.stderr).toContain(`persistentvolumeclaims "rigid" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`);
    const grown = await patch("elastic", "20Gi");
    expect(grown.code, grown.stderr).toBe(0);
    expect((await json<{ spec: { resources: { requests: { storage: string } } } }>("get", "pvc", "elastic", "-n", ns)).spec.resources.requests.storage).toBe("20Gi");
    await kubectl("delete", "namespace", ns, "--wait=false");
    await kubectl("delete", "pv,storageclass", `${ns}-rigid`, `${ns}-elastic`, "--wait=false");
  });
});
