import { describe, expect, it } from "vitest";
import { ProgressTracker, type PullLine } from "./progress";

const WEIGHTS = `sha256:${"a".repeat(64)}`;
const TEMPLATE = `sha256:${"b".repeat(64)}`;
const CONFIG = `sha256:${"c".repeat(64)}`;
const MB = 1e6;

/** A recorded-shape pull: template already on disk, 600 MB of weights at 100 MB/s (a line every 60 ms, some repeated), then config. */
function recording(): { at: number; line: PullLine }[] {
  const lines: { at: number; line: PullLine }[] = [{ at: 0, line: { status: "pulling manifest" } }];
  let at = 20;
  lines.push({ at, line: { status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 600 * MB } });
  for (let completed = 0, tick = 1; completed < 600 * MB; tick++) {
    at += 60;
    if (tick % 5 !== 0) completed = Math.min(600 * MB, completed + 6 * MB); // every fifth tick repeats the last count
    lines.push({ at, line: { status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 600 * MB, completed } });
  }
  lines.push({ at: at + 5, line: { status: "pulling bbbbbbbbbbbb", digest: TEMPLATE, total: 1_429, completed: 1_429 } });
  lines.push({ at: at + 10, line: { status: "pulling cccccccccccc", digest: CONFIG, total: 561 } });
  lines.push({ at: at + 70, line: { status: "pulling cccccccccccc", digest: CONFIG, total: 561, completed: 561 } });
  lines.push({ at: at + 80, line: { status: "verifying sha256 digest" } });
  lines.push({ at: at + 900, line: { status: "writing manifest" } });
  lines.push({ at: at + 910, line: { status: "success" } });
  return lines;
}

describe("ProgressTracker", () => {
  it("aggregates a recorded pull into one progress with phase, speed and ETA", () => {
    const tracker = new ProgressTracker(600 * MB + 1_990);
    const seen = new Set<string>();
    let midway: ReturnType<ProgressTracker["snapshot"]> | undefined;
    for (const { at, line } of recording()) {
      tracker.apply(line, at);
      const s = tracker.snapshot();
      seen.add(s.phase);
      if (!midway && s.completedBytes >= 300 * MB) midway = s;
    }
    expect([...seen]).toEqual(["pulling_manifest", "downloading", "verifying", "writing_manifest"]);
    expect(midway?.totalBytes).toBe(600 * MB + 1_990);
    // 6 MB per 60 ms tick, one tick in five repeating: 80 MB/s.
    expect(midway?.bytesPerSecond).toBeGreaterThan(70 * MB);
    expect(midway?.bytesPerSecond).toBeLessThan(90 * MB);
    expect(midway?.etaSeconds).toBeGreaterThan(3);
    expect(midway?.etaSeconds).toBeLessThan(4.5);
    const end = tracker.snapshot();
    expect(end).toMatchObject({ completedBytes: 600 * MB + 1_990, totalBytes: 600 * MB + 1_990, status: "success" });
    expect(end.bytesPerSecond).toBeUndefined();
  });

  it("reports a change only when the phase or status text changes", () => {
    const tracker = new ProgressTracker();
    expect(tracker.apply({ status: "pulling manifest" }, 0)).toBe(true);
    expect(tracker.apply({ status: "pulling manifest" }, 10)).toBe(false);
    expect(tracker.apply({ status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 10, completed: 1 }, 60)).toBe(true);
    expect(tracker.apply({ status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 10, completed: 2 }, 120)).toBe(false);
    expect(tracker.apply({ status: "verifying sha256 digest" }, 180)).toBe(true);
  });

  it("does not count bytes already on disk (cache hits, resumed partials) as speed", () => {
    const tracker = new ProgressTracker();
    tracker.apply({ status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 1000 * MB, completed: 900 * MB }, 0);
    tracker.apply({ status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 1000 * MB, completed: 910 * MB }, 1000);
    const s = tracker.snapshot();
    expect(s.completedBytes).toBe(910 * MB);
    expect(s.bytesPerSecond).toBeCloseTo(10 * MB, -3);
    expect(s.etaSeconds).toBeCloseTo(9, 1);
  });

  it("keeps the bytes across a retry, forgets the old speed, and follows a partial that restarted from zero", () => {
    const tracker = new ProgressTracker(100 * MB);
    tracker.apply({ status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 100 * MB, completed: 10 * MB }, 0);
    tracker.apply({ status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 100 * MB, completed: 40 * MB }, 1000);
    tracker.restart();
    expect(tracker.snapshot()).toMatchObject({ phase: "pulling_manifest", completedBytes: 40 * MB, bytesPerSecond: undefined });
    tracker.apply({ status: "pulling manifest" }, 5000);
    tracker.apply({ status: "pulling aaaaaaaaaaaa", digest: WEIGHTS, total: 100 * MB, completed: 5 * MB }, 5060);
    expect(tracker.snapshot()).toMatchObject({ phase: "downloading", completedBytes: 5 * MB, totalBytes: 100 * MB });
  });

  it("handles safetensors pulls that report one pseudo-digest", () => {
    const tracker = new ProgressTracker();
    tracker.apply({ status: "pulling model", digest: "sha256:model", total: 50, completed: 10 }, 0);
    tracker.apply({ status: "pulling model", digest: "sha256:model", total: 50, completed: 50 }, 600);
    expect(tracker.snapshot()).toMatchObject({ phase: "downloading", completedBytes: 50, totalBytes: 50 });
  });
});
