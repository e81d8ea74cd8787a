// kubectl's HumanDuration boundaries, which AGE columns depend on.
import { describe, expect, it } from "vitest";
import { humanDuration } from "./duration.ts";

describe("humanDuration", () => {
  it.each([
    [-5_000, "<invalid>"],
    [-500, "0s"],
    [119_000, "119s"],
    [150_000, "2m30s"],
    [600_000, "10m"],
    [3 * 3600_000 + 5 * 60_000, "3h5m"],
    [9 * 3600_000, "9h"],
    [50 * 3600_000, "2d2h"],
    [30 * 86400_000, "30d"],
    [(365 * 3 + 10) * 86400_000, "3y10d"],
    [365 * 9 * 86400_000, "9y"],
  ])("%d ms → %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
