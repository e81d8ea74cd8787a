import { describe, expect, it } from "vitest";
import { ADVISORIES, checkVersion, compareVersions, parseVersion, type Advisory } from "./advisory";

describe("compareVersions", () => {
  it("orders numerically, pre-releases before their release", () => {
    expect(compareVersions("0.17.0", "0.17.1")).toBeLessThan(0);
    expect(compareVersions("0.9.9", "0.17.1")).toBeLessThan(0);
    expect(compareVersions("0.17.1-rc1", "0.17.1")).toBeLessThan(0);
    expect(compareVersions("0.17.1-rc2", "0.17.1-rc10")).toBeLessThan(0);
    expect(compareVersions("v0.17.1", "0.17.1")).toBe(0);
    expect(compareVersions("1.0.0", "0.99.99")).toBeGreaterThan(0);
  });
  it("rejects what is not a version", () => {
    expect(parseVersion("latest")).toBeUndefined();
    expect(() => compareVersions("x", "0.1.0")).toThrow(/not a version: x/);
  });
});

describe("the advisory data file", () => {
  it("has verified, complete entries", () => {
    expect(ADVISORIES.map((a) => a.id)).toContain("CVE-2026-7482");
    for (const a of ADVISORIES) {
      expect(a.source).toMatch(/^https:\/\//);
      expect(parseVersion(a.fixed), a.id).toBeDefined();
      expect(a.affected.fixed).toBe(a.fixed);
    }
  });
});

describe("checkVersion across version boundaries", () => {
  it.each([
    ["0.1.33", ["CVE-2026-7482", "CVE-2024-45436", "CVE-2024-37032"], "0.17.1"],
    ["0.1.34", ["CVE-2026-7482", "CVE-2024-45436"], "0.17.1"],
    ["0.1.46", ["CVE-2026-7482", "CVE-2024-45436"], "0.17.1"],
    ["0.1.47", ["CVE-2026-7482"], "0.17.1"],
    ["0.17.0", ["CVE-2026-7482"], "0.17.1"],
    ["0.17.1-rc0", ["CVE-2026-7482"], "0.17.1"],
    ["0.17.1", [], undefined],
    ["0.18.0", [], undefined],
  ])("%s", (version, ids, upgradeTo) => {
    const check = checkVersion(version);
    expect(check.comparable).toBe(true);
    expect(check.affecting.map((a) => a.id).sort()).toEqual([...ids].sort());
    expect(check.upgradeTo).toBe(upgradeTo);
  });

  it("honours an introduced version", () => {
    const a: Advisory = { id: "X", summary: "", affected: { introduced: "0.5.0", fixed: "0.6.0" }, fixed: "0.6.0", source: "https://example.com" };
    expect(checkVersion("0.4.9", [a]).affecting).toEqual([]);
    expect(checkVersion("0.5.0", [a]).affecting).toEqual([a]);
    expect(checkVersion("0.6.0", [a]).affecting).toEqual([]);
  });

  it("says nothing about a dev build or an unparseable version", () => {
    expect(checkVersion("0.0.0")).toMatchObject({ comparable: false, affecting: [] });
    expect(checkVersion("dev")).toMatchObject({ comparable: false, affecting: [] });
  });
});
