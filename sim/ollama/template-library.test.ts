import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { boundedDistance, detectTemplate, readLibrary, type NamedTemplate } from "./template-library.ts";

/** The whole Levenshtein table, for checking the banded one against. */
function fullDistance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min((prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1), (prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** A seeded string over a small alphabet (an astral code point included), so near and far pairs both come up. */
function randomText(seed: number, length: number): string[] {
  const alphabet = ["a", "b", "c", "{", "}", "🦙"];
  let x = seed;
  return Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return alphabet[x % alphabet.length] ?? "a";
  });
}

const named = (name: string, jinja: string): NamedTemplate => ({ name, jinja, gotmpl: `{{ .Prompt }} ${name}` });

describe("boundedDistance", () => {
  it("is the edit distance when under the limit, else the limit, for any lengths", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const a = randomText(seed, seed % 23);
      const b = seed % 3 === 0 ? randomText(seed + 7, (seed * 7) % 29) : [...a.slice(1), ...randomText(seed, seed % 4)];
      const full = fullDistance(a, b);
      for (const limit of [1, 2, 3, 5, 8, 13, 40]) expect(boundedDistance(a, b, limit), `seed ${seed} limit ${limit}`).toBe(Math.min(full, limit));
    }
  });
});

describe("detectTemplate", () => {
  const base = "{% for m in messages %}".repeat(10);
  const edited = (n: number) => Array.from(base, (c, i) => (i < n ? "🦙" : c)).join("");

  it("takes a template up to 99 code points away, none at 100", () => {
    expect(detectTemplate(edited(99), [named("x", base)])?.name).toBe("x");
    expect(detectTemplate(edited(100), [named("x", base)])).toBeUndefined();
    expect(detectTemplate(base, [])).toBeUndefined();
  });

  it("takes the nearest, and the first of equally near ones", () => {
    const library = [named("far", edited(50)), named("near", edited(10)), named("also-near", edited(10))];
    expect(detectTemplate(base, library)?.name).toBe("near");
  });
});

describe("readLibrary", () => {
  it("reads index order, normalises a Go template's CRLF and takes stop words from <name>.json", () => {
    const dir = mkdtempSync(join(tmpdir(), "template-library-"));
    writeFileSync(join(dir, "index.json"), JSON.stringify([{ name: "a", template: "A" }, { name: "b", template: "B" }, { name: "a", template: "A2" }]));
    writeFileSync(join(dir, "a.gotmpl"), "{{ .Prompt }}\r\n");
    writeFileSync(join(dir, "a.json"), JSON.stringify({ stop: ["<end>"] }));
    writeFileSync(join(dir, "b.gotmpl"), "{{ .System }}");
    expect(readLibrary(dir)).toEqual([
      { name: "a", jinja: "A", gotmpl: "{{ .Prompt }}\n", stop: ["<end>"] },
      { name: "b", jinja: "B", gotmpl: "{{ .System }}" },
      { name: "a", jinja: "A2", gotmpl: "{{ .Prompt }}\n", stop: ["<end>"] },
    ]);
  });
});
