// kubectl, unchanged, against the Kubernetes simulator: tables, create/wait/delete, watch, and real error texts.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startKubeSim, until, type KubeFixture } from "./kube-sim-fixture.ts";

const USER = "system:serviceaccount:ollama:ollama-ops";

let f: KubeFixture;
afterEach(() => f.close());

async function writeSnapshot(name: string, spec: string): Promise<string> {
  const file = join(f.dir, `${name}.yaml`);
  await writeFile(file, `apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshot\nmetadata:\n  name: ${name}\n  namespace: ollama\nspec:\n${spec}`);
  return file;
}

describe("kubectl against the simulator", () => {
  it("prints server-side tables for pods, PVCs, deployments and services", async () => {
    f = await startKubeSim();
    const { code, stdout, stderr } = await f.kubectl("get", "pods,pvc,deploy,svc", "-n", "ollama");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(stdout).toMatch(/^pod\/ollama-5d8f7c9b4-x2k4q\s+1\/1\s+Running\s+0\s+\d+s$/m);
    expect(stdout).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/m);
    expect(stdout).toMatch(/^persistentvolumeclaim\/ollama-models\s+Bound\s+pvc-5b0e6c1c-\S+\s+100Gi\s+RWO\s+local-path\s+<unset>\s+\d+s$/m);
    expect(stdout).toMatch(/^deployment\.apps\/ollama\s+1\/1\s+1\s+1\s+\d+s$/m);
    expect(stdout).toMatch(/^service\/ollama\s+ClusterIP\s+10\.43\.12\.7\s+<none>\s+11434\/TCP\s+\d+s$/m);
  });

  it("lists snapshots and snapshot classes with the CRDs' printer columns", async () => {
    f = await startKubeSim();
    const { stdout, stderr } = await f.kubectl("get", "volumesnapshots,volumesnapshotclasses", "-A");
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^NAMESPACE\s+NAME\s+READYTOUSE\s+SOURCEPVC\s+SOURCESNAPSHOTCONTENT\s+RESTORESIZE\s+SNAPSHOTCLASS\s+SNAPSHOTCONTENT\s+CREATIONTIME\s+AGE$/m);
    expect(stdout).toMatch(/^ollama\s+volumesnapshot\.snapshot\.storage\.k8s\.io\/ollama-models-before-upgrade\s+true\s+ollama-models\s+100Gi\s+csi-snapclass\s+snapcontent-3f1a9e52-\S+\s+\d+d\s+\d+s$/m);
    expect(stdout).toMatch(/volumesnapshotclass\.snapshot\.storage\.k8s\.io\/csi-snapclass\s+local\.csi\.example\.com\s+Delete\s+\d+s$/m);
  });

  it("creates a snapshot, waits for readyToUse and deletes it together with its content", async () => {
    f = await startKubeSim();
    const file = await writeSnapshot("before-pull", "  source:\n    persistentVolumeClaimName: ollama-models\n");
    expect((await f.kubectl("create", "-f", file)).stdout).toBe("volumesnapshot.snapshot.storage.k8s.io/before-pull created\n");
    const waited = await f.kubectl("wait", "--for=jsonpath={.status.readyToUse}=true", "--timeout=20s", "-f", file);
    expect(waited.stdout).toBe("volumesnapshot.snapshot.storage.k8s.io/before-pull condition met\n");
    const snap = f.sim.store.get("VolumeSnapshot", "ollama", "before-pull");
    expect(snap?.status).toMatchObject({ readyToUse: true, restoreSize: "100Gi", boundVolumeSnapshotContentName: `snapcontent-${snap?.metadata.uid}` });
    expect(snap?.spec).toMatchObject({ volumeSnapshotClassName: "csi-snapclass" });
    expect(f.sim.store.get("VolumeSnapshotContent", undefined, `snapcontent-${snap?.metadata.uid}`)?.status).toMatchObject({ readyToUse: true, restoreSize: 107374182400 });
    expect((await f.kubectl("delete", "-f", file)).stdout).toBe('volumesnapshot.snapshot.storage.k8s.io "before-pull" deleted\n');
    expect(f.sim.store.get("VolumeSnapshot", "ollama", "before-pull")).toBeUndefined();
    expect(f.sim.store.list("VolumeSnapshotContent").map((c) => c.metadata.name)).toEqual(["snapcontent-3f1a9e52-6d0b-4c1e-9b6e-2f4d8a7c5e10"]);
  });

  it("get -w prints a change made through the store", async () => {
    f = await startKubeSim();
    const watcher = f.spawnKubectl("get", "pods", "-n", "ollama", "-w");
    let out = "";
    watcher.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    try {
      await until(() => out.includes("ollama-5d8f7c9b4-x2k4q"));
      f.sim.patch("Pod", "ollama", "ollama-5d8f7c9b4-x2k4q", {
        status: { containerStatuses: [{ name: "ollama", ready: false, restartCount: 1, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: {} }] },
      });
      await until(() => /ollama-5d8f7c9b4-x2k4q\s+0\/1\s+CrashLoopBackOff\s+1\s/.test(out));
    } finally {
      watcher.kill();
    }
  });

  it("prints the real NotFound, AlreadyExists and Invalid messages", async () => {
    f = await startKubeSim();
    expect(await f.kubectl("get", "pod", "missing", "-n", "ollama")).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "missing" not found\n' });
    const both = await writeSnapshot("both", "  source:\n    persistentVolumeClaimName: ollama-models\n    volumeSnapshotContentName: some-content\n");
    expect((await f.kubectl("create", "-f", both)).stderr).toBe(
      'The VolumeSnapshot "both" is invalid: spec.source: Invalid value: "object": exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set\n',
    );
    const again = await writeSnapshot("ollama-models-before-upgrade", "  source:\n    persistentVolumeClaimName: ollama-models\n");
    expect((await f.kubectl("create", "-f", again)).stderr).toBe(
      `Error from server (AlreadyExists): error when creating "${again}": volumesnapshots.snapshot.storage.k8s.io "ollama-models-before-upgrade" already exists\n`,
    );
  });

  it("answers Forbidden for a denied verb and auth can-i agrees", async () => {
    f = await startKubeSim();
    f.sim.setForbidden([{ verb: "list", resource: "pods", group: "" }, { verb: "create", resource: "volumesnapshots", group: "snapshot.storage.k8s.io" }]);
    expect((await f.kubectl("get", "pods", "-n", "ollama")).stderr).toBe(
      `Error from server (Forbidden): pods is forbidden: User "${USER}" cannot list resource "pods" in API group "" in the namespace "ollama"\n`,
    );
    const file = await writeSnapshot("denied", "  source:\n    persistentVolumeClaimName: ollama-models\n");
    expect((await f.kubectl("create", "-f", file)).stderr).toBe(
      `Error from server (Forbidden): error when creating "${file}": volumesnapshots.snapshot.storage.k8s.io is forbidden: User "${USER}" cannot create resource "volumesnapshots" in API group "snapshot.storage.k8s.io" in the namespace "ollama"\n`,
    );
    expect(await f.kubectl("auth", "can-i", "create", "volumesnapshots.snapshot.storage.k8s.io", "-n", "ollama")).toMatchObject({ code: 1, stdout: "no\n" });
    expect(await f.kubectl("auth", "can-i", "get", "pods", "-n", "ollama")).toMatchObject({ code: 0, stdout: "yes\n" });
  });

  it("without the snapshot API kubectl does not know the resource type", async () => {
    f = await startKubeSim();
    f.sim.setSnapshotApi(false);
    expect((await f.kubectl("get", "volumesnapshots", "-n", "ollama")).stderr).toBe('error: the server doesn\'t have a resource type "volumesnapshots"\n');
    expect((await f.kubectl("get", "--raw", "/apis/snapshot.storage.k8s.io/v1")).stderr).toBe("Error from server (NotFound): the server could not find the requested resource\n");
  });

  it("scales the deployment, replaces a deleted pod and serves container logs", async () => {
    f = await startKubeSim();
    expect((await f.kubectl("scale", "deploy/ollama", "-n", "ollama", "--replicas=2")).stdout).toBe("deployment.apps/ollama scaled\n");
    expect((await f.kubectl("rollout", "status", "deploy/ollama", "-n", "ollama", "--timeout=10s")).stdout).toContain('deployment "ollama" successfully rolled out');
    await f.kubectl("delete", "pod", "ollama-5d8f7c9b4-x2k4q", "-n", "ollama");
    await until(() => f.sim.store.list("Pod", "ollama").filter((p) => (p.status as { phase?: string }).phase === "Running").length === 2);
    const names = f.sim.store.list("Pod", "ollama").map((p) => p.metadata.name);
    expect(names).not.toContain("ollama-5d8f7c9b4-x2k4q");
    expect(names.every((n) => /^ollama-5d8f7c9b4-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(n))).toBe(true);
    const pod = names[0] ?? "";
    f.sim.logs.append("ollama", pod, "ollama", 'time=2025-01-01T00:00:00Z level=INFO msg="Listening on [::]:11434"\n');
    expect((await f.kubectl("logs", pod, "-n", "ollama")).stdout).toBe('time=2025-01-01T00:00:00Z level=INFO msg="Listening on [::]:11434"\n');
  });
});
