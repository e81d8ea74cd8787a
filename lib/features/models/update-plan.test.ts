import { describe, expect, it } from "vitest";
import { planUpdateAll } from "./update-plan";
import type { ModelUpdate } from "./update-types";

const GIB = 2 ** 30;
const u = (model: string, newBytes: number, state: ModelUpdate["state"] = "update_available"): ModelUpdate => ({
  model, state, newBytes, sharedBytes: 0, fit: null, reason: null, checkedAt: "", digest: "",
});

describe("planUpdateAll", () => {
  it("goes smallest first and stops before the first update that no longer fits, naming it", () => {
    const plan = planUpdateAll([u("big", 8 * GIB), u("small", 1 * GIB), u("mid", 3 * GIB), u("ok", 9 * GIB, "up_to_date")], { availableBytes: 10 * GIB, capacityBytes: 100 * GIB }, { bytes: 2 * GIB });
    expect(plan.updates.map((p) => [p.model, p.verdict])).toEqual([["small", "fits"], ["mid", "fits"]]);
    expect(plan.stoppedAt).toMatchObject({ model: "big", newBytes: 8 * GIB, freeBytes: 6 * GIB });
    expect(plan.stoppedAt?.reason).toMatch(/big needs 8(\.0)? GiB but only 6(\.0)? GiB would be free/);
  });
  it("an update eating into the headroom is tight, not refused", () => {
    const plan = planUpdateAll([u("a", 9 * GIB)], { availableBytes: 10 * GIB, capacityBytes: 100 * GIB }, { bytes: 2 * GIB });
    expect(plan.updates[0]?.verdict).toBe("tight");
    expect(plan.stoppedAt).toBeNull();
  });
});
