import { describe, expect, it } from "vitest";
import { forecastFill } from "../../features/disk/forecast";
import { diskDetail, diskSignal } from "./disk-signal";

const GIB = 1024 ** 3;
const NOW = Date.parse("2026-11-27T12:00:00Z");
const base = { level: "ok" as const, usedRatio: 0.5, availableBytes: 50 * GIB, capacityBytes: 100 * GIB, thresholds: { warnPercent: 80, criticalPercent: 90 }, capacityWarning: undefined };
const growth = (gibPerHour: number) =>
  forecastFill({
    points: Array.from({ length: 49 }, (_, i) => ({ t: new Date(NOW - (48 - i) * 30 * 60_000).toISOString(), usedBytes: 50 * GIB - ((48 - i) / 2) * gibPerHour * GIB })),
    capacityBytes: 100 * GIB,
    usedBytes: 50 * GIB,
    now: NOW,
  });

describe("diskSignal with a forecast", () => {
  it("turns amber when the forecast says full in under 7 days", () => {
    const s = diskSignal({ ...base, forecast: { ...growth(1), source: "sampled" } });
    expect(s).toMatchObject({ level: "warn", title: "Filling up" });
    expect(s.reason).toContain("full in 2 days");
  });
  it("stays green when it fills more slowly", () => {
    expect(diskSignal({ ...base, forecast: { ...growth(0.2), source: "sampled" } }).level).toBe("ok");
    expect(diskSignal({ ...base, forecast: null }).level).toBe("ok");
  });
});

describe("diskDetail", () => {
  it("names a resize under way", () => {
    expect(diskDetail({ resize: { condition: "FileSystemResizePending", message: "", targetBytes: 150 * GIB } })).toBe("Growing to 150 GiB: FileSystemResizePending");
    expect(diskDetail({ resize: null })).toBeUndefined();
  });
});
