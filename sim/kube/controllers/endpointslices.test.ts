import { describe, expect, it } from "vitest";
import { ObjectStore } from "../store.ts";
import type { KubeObject } from "../types.ts";
import type { ControllerContext } from "./context.ts";
import { endpointSliceController } from "./endpointslices.ts";

const service: KubeObject = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "ollama", namespace: "ollama" },
  spec: { selector: { app: "ollama" }, ports: [{ name: "http", port: 11434, targetPort: "http", protocol: "TCP" }] },
};
const pod = (name: string, ready: boolean, extra: Partial<KubeObject["metadata"]> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "ollama", labels: { app: "ollama" }, ...extra },
  spec: { nodeName: "n1", containers: [{ name: "ollama", ports: [{ name: "http", containerPort: 11434 }] }] },
  status: { phase: "Running", podIP: "10.42.0.9", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});

function run(objects: KubeObject[]) {
  const store = new ObjectStore();
  store.reset(objects);
  endpointSliceController({ store } as unknown as ControllerContext).onReset?.();
  return store.list("EndpointSlice", "ollama");
}

describe("EndpointSlice controller", () => {
  it("lists a ready pod as a ready endpoint with its resolved port", () => {
    const [slice] = run([service, pod("ollama-1", true)]);
    expect(slice?.metadata.labels).toMatchObject({ "kubernetes.io/service-name": "ollama", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io" });
    expect(slice?.ports).toEqual([{ name: "http", port: 11434, protocol: "TCP" }]);
    expect(slice?.endpoints).toEqual([
      { addresses: ["10.42.0.9"], conditions: { ready: true, serving: true, terminating: false }, nodeName: "n1", targetRef: expect.objectContaining({ kind: "Pod", name: "ollama-1" }) as unknown },
    ]);
  });

  it("marks a pod that is not Ready (CrashLoopBackOff) as not ready, and a terminating one as terminating", () => {
    expect(run([service, pod("ollama-1", false)])[0]?.endpoints).toMatchObject([{ conditions: { ready: false, serving: false, terminating: false } }]);
    const leaving = run([service, pod("ollama-1", true, { deletionTimestamp: "2026-11-26T12:00:00Z" })]);
    expect(leaving[0]?.endpoints).toMatchObject([{ conditions: { ready: false, serving: true, terminating: true } }]);
  });

  it("leaves out pods without an IP (Pending, unschedulable)", () => {
    const pending = pod("ollama-1", false);
    (pending.status as Record<string, unknown>).podIP = undefined;
    expect(run([service, pending])[0]?.endpoints).toEqual([]);
  });
});
