import { describe, expect, it } from "vitest";
import { createSnapshotBody, restoreSnapshotBody } from "./input";
import { defaultRestoreName, defaultSnapshotName, nameProblem } from "./names";

describe("nameProblem", () => {
  it.each(["ollama-models-20261126-1200", "a", "snap.v1", "0day", "x".repeat(253)])("accepts %s", (name) => {
    expect(nameProblem(name)).toBeUndefined();
  });

  it.each([
    ["", "a name is required"],
    ["Snap", "must be lowercase"],
    ["snap_1", "may contain only lowercase letters, digits, '-' and '.'"],
    ["snap 1", "may contain only lowercase letters, digits, '-' and '.'"],
    ["-snap", "must start with a letter or digit"],
    ["snap-", "must end with a letter or digit"],
    ["snap.-x", "each '.'-separated part must start and end with a letter or digit"],
    ["a..b", "each '.'-separated part must start and end with a letter or digit"],
    ["x".repeat(254), "must be at most 253 characters (this one has 254)"],
  ])("rejects %j: %s", (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
  });
});

describe("default names", () => {
  it("stamps the snapshot with the UTC date and minute", () => {
    expect(defaultSnapshotName("ollama-models", new Date("2026-03-04T05:06:59Z"))).toBe("ollama-models-20260304-0506");
    // 23:30 in UTC-05:00 is the next day in UTC.
    expect(defaultSnapshotName("cache", new Date("2026-12-31T23:30:00-05:00"))).toBe("cache-20270101-0430");
  });

  it("shortens a long PVC name so the snapshot name stays within 63 characters and valid", () => {
    // The PVC part is cut at 49 characters, right after a dash, which must not stay.
    const name = defaultSnapshotName(`${"p".repeat(48)}-${"q".repeat(20)}`, new Date("2026-01-02T03:04:00Z"));
    expect(name).toBe(`${"p".repeat(48)}-20260102-0304`);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(nameProblem(name)).toBeUndefined();
  });

  it("names a restored claim after the PVC and the snapshot, trimmed to 63 characters without a trailing dash", () => {
    expect(defaultRestoreName("ollama-models", "weekly")).toBe("ollama-models-restore-weekly");
    const long = defaultRestoreName("ollama-models", "ollama-models-20261126-1200-before-upgrade-x");
    expect(long).toBe("ollama-models-restore-ollama-models-20261126-1200-before-upgrad");
    expect(long.length).toBe(63);
    expect(defaultRestoreName("ollama-models", `${"s".repeat(40)}-tail`)).toBe(`ollama-models-restore-${"s".repeat(40)}`);
  });
});

describe("form bodies", () => {
  it("treats blank names as 'use the default' and trims the rest", () => {
    expect(createSnapshotBody.parse({ name: "  ", className: "" })).toEqual({});
    expect(createSnapshotBody.parse({ name: " before-upgrade " })).toEqual({ name: "before-upgrade" });
  });

  it("names the rule a bad name breaks", () => {
    const r = createSnapshotBody.safeParse({ name: "Before_Upgrade" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('"Before_Upgrade" is not a valid name: must be lowercase');
  });

  it("accepts storage quantities for a restore and rejects anything else", () => {
    expect(restoreSnapshotBody.parse({ size: "120Gi", name: "" })).toEqual({ size: "120Gi" });
    const r = restoreSnapshotBody.safeParse({ size: "lots" });
    expect(r.error?.issues[0]?.message).toBe('"lots" is not a Kubernetes storage quantity; use a number with a unit such as 100Gi or 120G, at most 64Ti');
    expect(restoreSnapshotBody.safeParse({ size: "0" }).success).toBe(false);
  });
});
