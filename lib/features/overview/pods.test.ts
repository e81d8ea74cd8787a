import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { summarizePod } from "../../doors/kubernetes/pods";
import { imageTag, podRow, podRows } from "./pods";

/** A pod as the watch delivers it: raw JSON, times as strings. */
function pod(overrides: { metadata?: object; spec?: object; status?: object }): V1Pod {
  return {
    metadata: { name: "ollama-7d9c-x2x", namespace: "ollama", uid: "u1", creationTimestamp: "2026-05-04T10:00:00Z", ...overrides.metadata },
    spec: { nodeName: "n1", containers: [{ name: "ollama", image: "ollama/ollama:0.12.6" }], volumes: [{ name: "models", persistentVolumeClaim: { claimName: "ollama-models" } }], ...overrides.spec },
    status: overrides.status,
  } as unknown as V1Pod;
}

describe("pod status", () => {
  it("shows CrashLoopBackOff now and OOMKilled (exit 137, when) as the last termination", () => {
    const row = podRow(
      summarizePod(
        pod({
          status: {
            phase: "Running",
            conditions: [{ type: "PodScheduled", status: "True" }, { type: "Ready", status: "False" }],
            containerStatuses: [
              {
                name: "ollama",
                ready: false,
                restartCount: 3,
                image: "ollama/ollama:0.12.6",
                state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 40s restarting failed container=ollama" } },
                lastState: { terminated: { exitCode: 137, reason: "OOMKilled", startedAt: "2026-05-04T10:05:00Z", finishedAt: "2026-05-04T10:06:30Z" } },
              },
            ],
          },
        }),
      ),
    );
    expect(row).toMatchObject({
      status: "CrashLoopBackOff",
      level: "bad",
      message: "back-off 40s restarting failed container=ollama",
      ready: 0,
      containers: 1,
      restarts: 3,
      lastTermination: { container: "ollama", reason: "OOMKilled", exitCode: 137, finishedAt: "2026-05-04T10:06:30.000Z" },
      node: "n1",
      imageTag: "0.12.6",
    });
  });

  it("shows a Pending pod as Unschedulable with the scheduler's message", () => {
    const message = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available.";
    const row = podRow(
      summarizePod(
        pod({
          spec: { nodeName: undefined },
          status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message }] },
        }),
      ),
    );
    expect(row).toMatchObject({ phase: "Pending", status: "Unschedulable", level: "bad", message, node: undefined, ready: 0, containers: 1 });
  });

  it("calls a running, ready pod Running/ok and a deleting one Terminating", () => {
    const running = pod({
      status: {
        phase: "Running",
        containerStatuses: [{ name: "ollama", ready: true, restartCount: 0, image: "ollama/ollama:0.12.6", state: { running: { startedAt: "2026-05-04T10:00:05Z" } } }],
      },
    });
    expect(podRow(summarizePod(running))).toMatchObject({ status: "Running", level: "ok", ready: 1, lastTermination: undefined });
    const deleting = { ...running, metadata: { ...running.metadata, deletionTimestamp: "2026-05-04T11:00:00Z" } } as unknown as V1Pod;
    expect(podRow(summarizePod(deleting))).toMatchObject({ status: "Terminating", level: "warn" });
  });

  it("shows ContainerCreating while the image pulls and ImagePullBackOff as bad", () => {
    const waiting = (reason: string) =>
      podRow(summarizePod(pod({ status: { phase: "Pending", containerStatuses: [{ name: "ollama", ready: false, restartCount: 0, image: "x", state: { waiting: { reason } } }] } })));
    expect(waiting("ContainerCreating")).toMatchObject({ status: "ContainerCreating", level: "warn" });
    expect(waiting("ImagePullBackOff")).toMatchObject({ status: "ImagePullBackOff", level: "bad" });
  });

  it("puts pods in trouble first", () => {
    const ok = summarizePod(pod({ metadata: { name: "a" }, status: { phase: "Running", containerStatuses: [{ name: "ollama", ready: true, restartCount: 0, image: "x", state: { running: {} } }] } }));
    const bad = summarizePod(pod({ metadata: { name: "b" }, status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable" }] } }));
    expect(podRows([ok, bad]).map((r) => r.name)).toEqual(["b", "a"]);
  });

  it.each([
    ["ollama/ollama:0.12.6", "0.12.6"],
    ["ollama/ollama", "latest"],
    ["registry.local:5000/ollama/ollama", "latest"],
    ["registry.local:5000/ollama/ollama:rocm", "rocm"],
    ["ollama/ollama@sha256:0123456789abcdef0123", "@sha256:01234567"],
  ])("image %s has tag %s", (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});
