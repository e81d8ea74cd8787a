import { describe, expect, it } from "vitest";
import { binaryTicks, formatAge, formatBytes, formatDuration, formatPercent } from "./format";

describe("format", () => {
  it("prints sizes in binary units, as Kubernetes quantities read", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(2019393189)).toBe("1.88 GiB");
    expect(formatBytes(42_520_000_000)).toBe("39.6 GiB");
    // A 100Gi PVC reads "100 GiB", a 50Gi one "50 GiB" (no trailing zeros).
    expect(formatBytes(107_374_182_400)).toBe("100 GiB");
    expect(formatBytes(50 * 2 ** 30)).toBe("50 GiB");
    expect(formatBytes(1.5 * 2 ** 30)).toBe("1.5 GiB");
    expect(formatBytes(-11.2 * 2 ** 30)).toBe("-11.2 GiB");
    expect(formatBytes(undefined)).toBe("—");
  });
  it("prints durations compactly", () => {
    expect(formatDuration(45)).toBe("45s");
    expect(formatDuration(200)).toBe("3m 20s");
    expect(formatDuration(7500)).toBe("2h 5m");
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe("3d 4h");
  });
  it("prints ages and percents", () => {
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(formatAge("2026-01-01T11:57:00Z", now)).toBe("3m ago");
    expect(formatAge("garbage", now)).toBe("—");
    expect(formatPercent(0.8123)).toBe("81.2 %");
  });
  it("picks round binary axis ticks that cover the largest value", () => {
    const GiB = 2 ** 30;
    expect(binaryTicks(100 * GiB).map((t) => formatBytes(t))).toEqual(["0 B", "25 GiB", "50 GiB", "75 GiB", "100 GiB"]);
    expect(binaryTicks(59 * GiB).map((t) => formatBytes(t))).toEqual(["0 B", "20 GiB", "40 GiB", "60 GiB"]);
    expect(binaryTicks(0)).toEqual([0]);
  });
});
