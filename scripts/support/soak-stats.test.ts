import { describe, expect, it } from "vitest";
import { growth, MIB, percentile, perMinute, quantityBytes, warmUpSeconds, type RssSample } from "./soak-stats.ts";

/** Samples every 5 s for `minutes`: `base` + `perMinute` × t + a GC sawtooth of ±`saw`. */
function series(minutes: number, base: number, perMinuteBytes: number, saw: number): RssSample[] {
  return Array.from({ length: (minutes * 60) / 5 }, (_, i) => {
    const t = (i + 1) * 5;
    return { t, bytes: base + (perMinuteBytes * t) / 60 + (i % 6 < 3 ? saw : -saw) };
  });
}

describe("quantityBytes", () => {
  it("reads the binary and decimal suffixes Kubernetes accepts", () => {
    expect(quantityBytes("512Mi")).toBe(512 * MIB);
    expect(quantityBytes("1Gi")).toBe(2 ** 30);
    expect(quantityBytes("500M")).toBe(500e6);
    expect(quantityBytes("1073741824")).toBe(2 ** 30);
    expect(quantityBytes("1.5Gi")).toBe(1.5 * 2 ** 30);
  });
  it("refuses what is no memory quantity", () => {
    expect(quantityBytes("")).toBeUndefined();
    expect(quantityBytes("512 MB")).toBeUndefined();
    expect(quantityBytes("lots")).toBeUndefined();
  });
});

describe("the soak's RSS verdicts", () => {
  it("warms up for a third of the run, between 1 and 5 minutes", () => {
    expect(warmUpSeconds(120)).toBe(60);
    expect(warmUpSeconds(300)).toBe(100);
    expect(warmUpSeconds(1800)).toBe(300);
  });

  it("groups samples into minutes with their mean and peak", () => {
    const rows = perMinute([
      { t: 5, bytes: 100 },
      { t: 55, bytes: 300 },
      { t: 65, bytes: 50 },
    ]);
    expect(rows).toEqual([
      { minute: 1, mean: 200, max: 300 },
      { minute: 2, mean: 50, max: 50 },
    ]);
  });

  it("calls a flat series with a GC sawtooth settled", () => {
    const g = growth(series(30, 250 * MIB, 0, 10 * MIB), warmUpSeconds(1800));
    expect(g.growing).toBe(false);
    expect(Math.abs(g.slopePerMinute)).toBeLessThan(0.1 * MIB);
    expect(g.noise).toBeGreaterThan(9 * MIB);
  });

  it("calls the issue's +1.7 MiB/min growing over 30 minutes, above the same sawtooth", () => {
    const g = growth(series(30, 250 * MIB, 1.7 * MIB, 10 * MIB), warmUpSeconds(1800));
    expect(g.growing).toBe(true);
    expect(g.slopePerMinute / MIB).toBeCloseTo(1.7, 1);
  });

  it("does not call a rise smaller than the floor growth, even on a quiet series", () => {
    expect(growth(series(30, 250 * MIB, 0.2 * MIB, 0), 300).growing).toBe(false);
    expect(growth(series(30, 250 * MIB, 0.5 * MIB, 0), 300).growing).toBe(true);
  });

  it("ignores the warm-up's climb", () => {
    const climbing = series(30, 250 * MIB, 0, 5 * MIB).map((s) => (s.t < 300 ? { ...s, bytes: s.bytes - (300 - s.t) * MIB } : s));
    expect(growth(climbing, 300).growing).toBe(false);
    expect(growth(climbing, 0).growing).toBe(true);
  });

  it("takes percentiles by nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(51);
    expect(percentile(sorted, 99)).toBe(100);
    expect(percentile([], 50)).toBeNaN();
  });
});
