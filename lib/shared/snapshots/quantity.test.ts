import { describe, expect, it } from "vitest";
import { formatQuantity } from "./quantity";
import { defaultRestoreSize, restoreSizeProblem } from "./sizing";

describe("formatQuantity", () => {
  it.each([
    [100 * 2 ** 30, "100Gi"],
    [1.5 * 2 ** 40, "1536Gi"],
    [2 ** 40, "1Ti"],
    [120e9, "117187500Ki"],
    [120e9 + 1, "114441Mi"],
    [512, "512"],
  ])("%d bytes = %s", (bytes, q) => {
    expect(formatQuantity(bytes)).toBe(q);
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

  it("refuses a claim smaller than the snapshot or no size at all, naming both sizes", () => {
    expect(restoreSizeProblem("100Gi", "100Gi")).toBeUndefined();
    expect(restoreSizeProblem("120G", "100Gi")).toBeUndefined();
    expect(restoreSizeProblem("100G", "100Gi")).toBe(
      "100G is smaller than the snapshot's restore size 100Gi; the claim must be between the snapshot's restore size 100Gi and 64Ti",
    );
    expect(restoreSizeProblem("big", "100Gi")).toMatch(/"big" is not a Kubernetes storage quantity/);
    expect(restoreSizeProblem("-5Gi", undefined)).toMatch(/is not a Kubernetes storage quantity/);
    expect(restoreSizeProblem("1m", undefined)).toMatch(/is not a Kubernetes storage quantity/);
  });

  it("refuses absurd sizes that would leave a claim Pending for ever, saying the allowed range", () => {
    expect(restoreSizeProblem("1e400", undefined)).toBe("1e400 is too big: a restored claim must be at most 64Ti");
    expect(restoreSizeProblem("99999999999999Ei", "100Gi")).toBe(
      "99999999999999Ei is too big: a restored claim must be between the snapshot's restore size 100Gi and 64Ti",
    );
    expect(restoreSizeProblem("65Ti", undefined)).toMatch(/too big/);
    expect(restoreSizeProblem("64Ti", "100Gi")).toBeUndefined();
    expect(restoreSizeProblem("1.5e11", "100Gi")).toBeUndefined();
    for (const bad of ["NaN", "Infinity", "0x10Gi", "1 Gi", "1gi", "1Gi1", "", "0", "+5Gi", "1e-3"]) {
      expect(restoreSizeProblem(bad, undefined), bad).toMatch(/not a Kubernetes storage quantity/);
    }
  });
});
