import { describe, expect, it } from "vitest";
import { formatAge, formatBytes, formatDuration, formatPercent } from "./format";

describe("format", () => {
  it("prints sizes in decimal units", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(2019393189)).toBe("2.02 GB");
    expect(formatBytes(42_520_000_000)).toBe("42.5 GB");
    expect(formatBytes(107_374_182_400)).toBe("107 GB");
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
});
