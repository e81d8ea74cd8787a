import { describe, expect, it } from "vitest";
import { capacityMismatch, diskLevel, usedRatio } from "./level";

const defaults = { warnPercent: 80, criticalPercent: 90 };

describe("disk thresholds", () => {
  it.each([
    [0, "ok"],
    [0.799, "ok"],
    [0.8, "warn"],
    [0.899, "warn"],
    [0.9, "critical"],
    [1, "critical"],
  ] as const)("%s used is %s with the default 80/90 thresholds", (ratio, level) => {
    expect(diskLevel(ratio, defaults)).toBe(level);
  });

  it("follows configured thresholds", () => {
    expect(diskLevel(0.75, { warnPercent: 70, criticalPercent: 95 })).toBe("warn");
    expect(diskLevel(0.92, { warnPercent: 70, criticalPercent: 95 })).toBe("warn");
    expect(diskLevel(0.95, { warnPercent: 70, criticalPercent: 95 })).toBe("critical");
  });

  it("computes the used ratio like df (reserved blocks are not available) and guards empty volumes", () => {
    // 100 GB volume, 60 GB used, 35 GB available to Ollama (5 GB reserved for root).
    expect(usedRatio(60e9, 35e9, 100e9)).toBeCloseTo(60 / 95);
    expect(usedRatio(0, 0, 100e9)).toBe(0);
    expect(usedRatio(0, 0, 0)).toBe(0);
    expect(usedRatio(120, 0, 100)).toBe(1);
  });
});

describe("capacityMismatch", () => {
  const GiB = 2 ** 30;
  it("accepts filesystem overhead within a few percent", () => {
    expect(capacityMismatch({ source: "agent", measuredBytes: 98 * GiB, pvcBytes: 100 * GiB, pvcName: "ollama-models", path: "/models" })).toBeUndefined();
    expect(capacityMismatch({ source: "agent", measuredBytes: 98 * GiB, pvcBytes: undefined, pvcName: undefined, path: "/models" })).toBeUndefined();
  });
  it("warns with the measured path when the sizes differ", () => {
    expect(capacityMismatch({ source: "agent", measuredBytes: 468 * GiB, pvcBytes: 100 * GiB, pvcName: "ollama-models", path: "/models" })).toBe(
      "statfs of /models reports 468 GiB, but PVC ollama-models has 100 GiB (+368 %): the agent may be measuring the wrong filesystem",
    );
  });
});
