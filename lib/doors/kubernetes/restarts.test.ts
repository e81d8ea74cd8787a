import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { summarizePod } from "./pods";
import { RestartHistory } from "./restarts";

function oomPod(name: string, uid: string, restartCount: number, finishedAt: string | undefined): V1Pod {
  return {
    metadata: { name, uid },
    spec: { containers: [{ name: "ollama", image: "ollama/ollama:0.12.6" }] },
    status: {
      phase: "Running",
      containerStatuses: [
        {
          name: "ollama",
          ready: false,
          restartCount,
          image: "ollama/ollama:0.12.6",
          state: { waiting: { reason: "CrashLoopBackOff" } },
          lastState: finishedAt ? { terminated: { exitCode: 137, reason: "OOMKilled", finishedAt } } : {},
        },
      ],
    },
  } as unknown as V1Pod;
}

describe("restart history", () => {
  it("keeps an OOMKilled termination after the pod is replaced by one that forgot it", () => {
    const h = new RestartHistory();
    h.observe(summarizePod(oomPod("ollama-a", "u1", 1, "2026-05-04T10:00:00Z")));
    h.observe(summarizePod(oomPod("ollama-a", "u1", 1, "2026-05-04T10:00:00Z")));
    h.observe(summarizePod(oomPod("ollama-a", "u1", 2, "2026-05-04T10:01:00Z")));
    h.observe(summarizePod(oomPod("ollama-b", "u2", 0, undefined)));
    expect(h.list()).toEqual([
      expect.objectContaining({ pod: "ollama-a", container: "ollama", reason: "OOMKilled", exitCode: 137, finishedAt: "2026-05-04T10:01:00.000Z", restartCount: 2 }),
      expect.objectContaining({ pod: "ollama-a", reason: "OOMKilled", finishedAt: "2026-05-04T10:00:00.000Z", restartCount: 1 }),
    ]);
  });

  it("is bounded, dropping the oldest", () => {
    const h = new RestartHistory(3);
    for (let i = 0; i < 6; i++) h.observe(summarizePod(oomPod("p", "u", i, `2026-05-04T10:0${i}:00Z`)));
    expect(h.list().map((r) => r.restartCount)).toEqual([5, 4, 3]);
  });

  it("adopts recorded terminations once, whether the watch or an Event saw them first, and tells listeners only of new sightings", () => {
    const h = new RestartHistory();
    const seen: number[] = [];
    h.onNew((r) => seen.push(r.restartCount));
    const recorded = { pod: "ollama-a", container: "ollama", reason: "OOMKilled", exitCode: 137, signal: undefined, message: undefined, startedAt: undefined, finishedAt: "2026-05-04T10:00:00.000Z", restartCount: 1 };
    h.adopt([recorded, { ...recorded, pod: "ollama-old", finishedAt: "2026-05-04T09:00:00.000Z" }]);
    // The same termination through the watch (another uid does not matter: Events carry pod names).
    h.observe(summarizePod(oomPod("ollama-a", "u9", 1, "2026-05-04T10:00:00Z")));
    h.observe(summarizePod(oomPod("ollama-a", "u9", 2, "2026-05-04T10:05:00Z")));
    expect(h.list().map((r) => `${r.pod}#${r.restartCount}`)).toEqual(["ollama-a#2", "ollama-a#1", "ollama-old#1"]);
    expect(seen).toEqual([2]);
  });
});
