import { describe, expect, it } from "vitest";
import { summarizeDeployment } from "../../doors/kubernetes/deployment";
import type { PodSummary } from "../../doors/kubernetes/pods";
import type { PvcSummary } from "../../doors/kubernetes/pvc";
import { apiHealth, cacheHealth, deploymentHealth } from "./health";

function deployment(spec: object, status: object, generation = 2): ReturnType<typeof summarizeDeployment> {
  return summarizeDeployment({
    metadata: { name: "ollama", namespace: "ollama", generation },
    spec: { replicas: 1, selector: { matchLabels: { app: "ollama" } }, template: { spec: { containers: [{ name: "ollama" }] } }, ...spec },
    status,
  });
}

const available = { type: "Available", status: "True", reason: "MinimumReplicasAvailable" };

describe("deployment health", () => {
  it("is green when all replicas are available and the rollout is complete", () => {
    const d = deployment({}, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, conditions: [available] });
    expect(deploymentHealth(d)).toEqual({ level: "ok", title: "Healthy", reason: "1 of 1 replica available, rollout complete", rollout: "complete" });
  });

  it("is red with the condition's reason when no replica is available (counters of 0 are absent on the wire)", () => {
    const d = deployment({}, {
      observedGeneration: 2,
      replicas: 1,
      updatedReplicas: 1,
      unavailableReplicas: 1,
      conditions: [{ type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." }],
    });
    // Plain words first; the Kubernetes reason stays on the detail line.
    expect(deploymentHealth(d)).toMatchObject({
      level: "bad",
      title: "Unavailable",
      reason: "not enough replicas available (0 of 1 replica available)",
      detail: "MinimumReplicasUnavailable: Deployment does not have minimum availability.",
    });
  });

  it("is amber while a rollout is in progress and red when it is stuck", () => {
    const rolling = deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, conditions: [available] });
    expect(deploymentHealth(rolling)).toMatchObject({ level: "warn", title: "Rolling out", rollout: "progressing", reason: "1 of 2 updated, 2 of 2 replicas available" });
    const notObserved = deployment({}, { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }, 2);
    expect(deploymentHealth(notObserved).rollout).toBe("progressing");
    const stuck = deployment({}, {
      observedGeneration: 2,
      replicas: 2,
      updatedReplicas: 1,
      availableReplicas: 1,
      conditions: [available, { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: 'ReplicaSet "ollama-5f" has timed out progressing.' }],
    });
    expect(deploymentHealth(stuck)).toMatchObject({ level: "bad", title: "Rollout stuck", rollout: "stuck" });
    expect(deploymentHealth(stuck).detail).toContain("has timed out progressing");
  });

  it("is amber when degraded, paused or scaled to zero", () => {
    expect(deploymentHealth(deployment({ replicas: 2 }, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 })).title).toBe("Degraded");
    expect(deploymentHealth(deployment({ paused: true }, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1 }))).toMatchObject({ level: "warn", rollout: "paused" });
    expect(deploymentHealth(deployment({ replicas: 0 }, { observedGeneration: 2 }))).toMatchObject({ level: "warn", title: "Scaled to zero" });
  });
});

describe("API health", () => {
  it("says how fast and which version, amber when slow, red with the reason when down", () => {
    expect(apiHealth({ ok: true, version: "0.12.6", latencyMs: 12 })).toEqual({ level: "ok", title: "Responsive", reason: "version 0.12.6 answered in 12 ms" });
    expect(apiHealth({ ok: true, version: "0.12.6", latencyMs: 2500 }).level).toBe("warn");
    expect(apiHealth({ ok: false, message: "Ollama API unreachable: connection refused" })).toEqual({
      level: "bad",
      title: "Not responding",
      reason: "Ollama API unreachable: connection refused",
    });
  });
});

describe("cache mount health", () => {
  const pvc = (phase: string): PvcSummary => ({ name: "ollama-models", phase, capacityBytes: 100 * 2 ** 30, requestBytes: undefined, storageClass: "local-path", accessModes: [], volumeName: undefined, resize: undefined });
  const pod = (phase: string, state: "running" | "waiting"): PodSummary => ({
    name: "ollama-1",
    namespace: "ollama",
    uid: "u",
    phase,
    reason: undefined,
    message: undefined,
    nodeName: "n1",
    createdAt: undefined,
    deleting: false,
    conditions: [],
    containers: [{ name: "ollama", init: false, image: "", ready: state === "running", restartCount: 0, state, waiting: undefined, runningSince: undefined, terminated: undefined, lastTerminated: undefined }],
    claims: [{ volume: "models", claimName: "ollama-models" }],
  });

  it("is green when the PVC is Bound and a running Ollama container has it", () => {
    expect(cacheHealth("ollama-models", [pvc("Bound")], [pod("Running", "running")])).toEqual({
      level: "ok",
      title: "Mounted",
      reason: "ollama-models (100 GiB) is Bound and mounted by ollama-1",
    });
  });

  it("is red when the PVC is missing or not Bound, amber when nothing runs with it", () => {
    expect(cacheHealth("ollama-models", [], [])).toMatchObject({ level: "bad", title: "PVC missing" });
    expect(cacheHealth("ollama-models", [pvc("Pending")], [])).toMatchObject({ level: "bad", title: "PVC Pending" });
    expect(cacheHealth("ollama-models", [pvc("Bound")], [pod("Pending", "waiting")])).toMatchObject({
      level: "warn",
      title: "Not mounted",
      reason: "ollama-models (100 GiB) is Bound, but no Ollama container is running with it (ollama-1: Pending)",
    });
    expect(cacheHealth(undefined, [], []).title).toBe("No cache volume");
  });
});
