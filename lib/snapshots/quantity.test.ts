import { describe, expect, it } from "vitest";
import { parseQuantity } from "./quantity";
import { defaultRestoreSize, restoreSizeProblem } from "./sizing";

describe("parseQuantity", () => {
  it.each([
    ["100Gi", 100 * 2 ** 30],
    ["1.5Ti", 1.5 * 2 ** 40],
    ["120G", 120e9],
    ["500M", 500e6],
    ["5368709120", 5368709120],
    ["1e3", 1000],
    ["0.5Ki", 512],
    [" 2Mi ", 2 * 2 ** 20],
  ])("%s = %d bytes", (q, bytes) => {
    expect(parseQuantity(q)).toBe(bytes);
  });

  it.each(["", "Gi", "100GB", "-1Gi", "ten", "100 Gi", "1m"])("rejects %j", (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });
});

describe("restore size", () => {
  it("defaults to the larger of the snapshot's restore size and the cache PVC's request", () => {
    expect(defaultRestoreSize("100Gi", "80Gi")).toBe("100Gi");
    expect(defaultRestoreSize("100Gi", "200Gi")).toBe("200Gi");
    // 100Gi (107.4 GB) is larger than 100G.
    expect(defaultRestoreSize("100G", "100Gi")).toBe("100Gi");
    expect(defaultRestoreSize(undefined, "50Gi")).toBe("50Gi");
    expect(defaultRestoreSize("10Gi", undefined)).toBe("10Gi");
    expect(defaultRestoreSize(undefined, undefined)).toBeUndefined();
  });

  it("refuses a claim smaller than the snapshot, naming both sizes", () => {
    expect(restoreSizeProblem("100Gi", "100Gi")).toBeUndefined();
    expect(restoreSizeProblem("120G", "100Gi")).toBeUndefined();
    expect(restoreSizeProblem("100G", "100Gi")).toBe("100G is smaller than the snapshot's restore size 100Gi; the claim must be at least that big");
    expect(restoreSizeProblem("big", "100Gi")).toMatch(/"big" is not a storage size/);
  });
});
