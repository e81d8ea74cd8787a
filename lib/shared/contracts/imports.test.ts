// The contracts are browser-safe and belong to the shared ring: they import zod and each other, nothing else.
import { globSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("lib/shared/contracts", () => {
  it("imports only zod and other contracts", () => {
    const files = globSync("lib/shared/contracts/*.ts").filter((f) => !f.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const specifiers = [...readFileSync(file, "utf8").matchAll(/\bfrom\s+"([^"]+)"|\bimport\s+"([^"]+)"/g)].map((m) => m[1] ?? m[2]);
      for (const s of specifiers) expect(s === "zod" || /^\.\/[a-z-]+$/.test(s ?? ""), `${file} imports ${s}`).toBe(true);
    }
  });
});
