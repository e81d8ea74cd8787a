import { describe, expect, it } from "vitest";
import { mapLimit } from "./pool";

describe("mapLimit", () => {
  it("keeps input order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([30, 5, 20, 1, 10, 2], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return `${i}:${ms}`;
    });
    expect(out).toEqual(["0:30", "1:5", "2:20", "3:1", "4:10", "5:2"]);
    expect(peak).toBe(2);
  });

  it("answers [] for no items and rejects with a failure", async () => {
    expect(await mapLimit([], 4, () => Promise.resolve(1))).toEqual([]);
    await expect(mapLimit([1, 2, 3], 2, (n) => (n === 2 ? Promise.reject(new Error("two")) : Promise.resolve(n)))).rejects.toThrow("two");
  });
});
