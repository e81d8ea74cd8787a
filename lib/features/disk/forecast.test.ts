import { describe, expect, it } from "vitest";
import { forecastFill, robustSlope, type UsagePoint } from "./forecast";

const GIB = 1024 ** 3;
const NOW = Date.parse("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;

/** One point every `stepMin` minutes over the last `hours`, used = f(hours ago). */
function series(hours: number, stepMin: number, used: (hoursAgo: number, i: number) => number): UsagePoint[] {
  const out: UsagePoint[] = [];
  for (let m = hours * 60, i = 0; m >= 0; m -= stepMin, i++) out.push({ t: new Date(NOW - m * 60_000).toISOString(), usedBytes: used(m / 60, i) });
  return out;
}

/** Deterministic noise in [-1, 1] (a seeded LCG), so the noisy case is the same on every run. */
function noise(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 30) - 1;
}

describe("forecastFill", () => {
  it("linear growth: 1 GiB per hour with 48 GiB free is full in 2 days", () => {
    const f = forecastFill({ points: series(24, 5, (ago) => 52 * GIB - ago * GIB), capacityBytes: 100 * GIB, usedBytes: 52 * GIB, now: NOW });
    expect(f.state).toBe("filling");
    expect(f.bytesPerDay! / GIB).toBeCloseTo(24, 6);
    expect(f.daysToFull).toBeCloseTo(2, 6);
    expect(f.summary).toBe("At the current rate (24 GiB/day, trend over the last 24 h), full in 2 days.");
  });

  it("flat usage is stable", () => {
    const f = forecastFill({ points: series(24, 5, () => 60 * GIB), capacityBytes: 100 * GIB, usedBytes: 60 * GIB, now: NOW });
    expect(f).toMatchObject({ state: "stable", daysToFull: undefined, summary: "Stable over the last 24 h." });
  });

  it("one big step (a 40 GiB pull 12 h ago) is a step, not a rate: stable", () => {
    const f = forecastFill({ points: series(24, 5, (ago) => (ago > 12 ? 20 : 60) * GIB), capacityBytes: 100 * GIB, usedBytes: 60 * GIB, now: NOW });
    expect(f.state).toBe("stable");
    // The ordinary least-squares slope of the same series would say 80 GiB/day, i.e. full in half a day.
  });

  it("a step on top of steady growth keeps the growth rate", () => {
    const f = forecastFill({ points: series(24, 5, (ago) => 30 * GIB - ago * 0.5 * GIB + (ago > 6 ? 0 : 10 * GIB)), capacityBytes: 100 * GIB, usedBytes: 40 * GIB, now: NOW });
    expect(f.bytesPerDay! / GIB).toBeCloseTo(12, 0);
    expect(f.daysToFull).toBeCloseTo(5, 0);
  });

  it("noisy growth (±3 GiB around 2 GiB/h, 30 s samples) recovers the rate within 5 %", () => {
    const rnd = noise(42);
    const f = forecastFill({ points: series(24, 0.5, (ago) => 40 * GIB - ago * 2 * GIB + rnd() * 3 * GIB), capacityBytes: 200 * GIB, usedBytes: 40 * GIB, now: NOW });
    expect(f.state).toBe("filling");
    expect(Math.abs(f.bytesPerDay! / GIB - 48) / 48).toBeLessThan(0.05);
    expect(f.daysToFull).toBeGreaterThan(3.1);
    expect(f.daysToFull).toBeLessThan(3.5);
  });

  it("uses the 7 d window too when the history reaches back, and the faster of the two", () => {
    // Slow growth for a week (1 GiB/day), faster in the last day (5 GiB/day).
    const points = series(24 * 7, 60, (ago) => (ago > 24 ? 50 * GIB - (ago / 24) * GIB : 49 * GIB - (ago / 24) * 5 * GIB + 5 * GIB));
    const f = forecastFill({ points, capacityBytes: 100 * GIB, usedBytes: 54 * GIB, now: NOW });
    expect(f.windows.map((w) => w.label)).toEqual(["24 h", "7 d"]);
    expect(f.bytesPerDay! / GIB).toBeCloseTo(5, 0);
  });

  it("too little history says so instead of guessing", () => {
    const f = forecastFill({ points: series(1, 5, (ago) => 50 * GIB - ago * GIB), capacityBytes: 100 * GIB, usedBytes: 50 * GIB, now: NOW });
    expect(f).toMatchObject({ state: "unknown", daysToFull: undefined });
    expect(f.summary).toMatch(/Not enough usage history/);
  });

  it("shrinking usage is stable", () => {
    const f = forecastFill({ points: series(24, 5, (ago) => 50 * GIB + ago * GIB), capacityBytes: 100 * GIB, usedBytes: 50 * GIB, now: NOW });
    expect(f.state).toBe("stable");
  });
});

describe("robustSlope", () => {
  it("ignores a single wild outlier", () => {
    const pts = Array.from({ length: 50 }, (_, i) => ({ x: i * HOUR, y: i * 10 + (i === 25 ? 1e6 : 0) }));
    expect(robustSlope(pts)! * HOUR).toBeCloseTo(10, 6);
  });
});
