import { describe, expect, it } from "vitest";
import { decodeSamples, encodeSamples, thinSamples, type DiskSample } from "./samples";

const at = (iso: string, used = 1): DiskSample => ({ t: new Date(iso).toISOString(), usedBytes: used, capacityBytes: 100 });

describe("the shared disk samples", () => {
  it("round-trip through the ConfigMap's compact form", () => {
    const points = [at("2026-11-28T10:00:00Z", 5), at("2026-11-28T10:00:30Z", 7)];
    expect(decodeSamples(encodeSamples(points))).toEqual(points);
  });

  it("read as empty when missing or hand-edited into something else, never throwing", () => {
    expect(decodeSamples(undefined)).toEqual([]);
    expect(decodeSamples("{not json")).toEqual([]);
    expect(decodeSamples(JSON.stringify({ v: 2, points: [] }))).toEqual([]);
    expect(decodeSamples(JSON.stringify({ v: 1, points: [["x", 1, 2]] }))).toEqual([]);
  });

  it("keep every sample of the last hour, one per 5 minutes before, and nothing older than 24 h", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    const points: DiskSample[] = [];
    // Every 30 s for 25 h.
    for (let t = now - 25 * 3_600_000; t <= now; t += 30_000) points.push(at(new Date(t).toISOString()));
    const kept = thinSamples(points, now);
    const lastHour = kept.filter((p) => now - Date.parse(p.t) <= 3_600_000);
    expect(lastHour).toHaveLength(121);
    expect(kept.every((p) => now - Date.parse(p.t) <= 24 * 3_600_000)).toBe(true);
    expect(kept.length - lastHour.length).toBe(23 * 12);
    // Bounded: ~400 points, a few KB in the ConfigMap.
    expect(encodeSamples(kept).length).toBeLessThan(20_000);
  });
});
