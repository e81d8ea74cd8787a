import { describe, expect, it } from "vitest";
import { noPruneOn, reclaimable } from "./reclaimable";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const ago = (min: number) => new Date(NOW - min * 60_000).toISOString();
const d = (c: string) => `sha256:${c.repeat(64)}`;

describe("reclaimable", () => {
  const inventory = {
    unreferenced: { bytes: 700, blobs: [{ digest: d("1"), bytes: 500 }, { digest: d("2"), bytes: 200 }] },
    partial: {
      bytes: 0,
      files: 0,
      downloads: [
        { digest: d("a"), bytes: 100, modifiedAt: ago(120) },
        { digest: d("b"), bytes: 40, modifiedAt: ago(30) },
        { digest: d("c"), bytes: 60, modifiedAt: ago(300) },
        { digest: d("e"), bytes: 9 },
      ],
    },
  };

  it("counts unreferenced blobs and partials older than 1 h that no pull owns", () => {
    const r = reclaimable(inventory, new Map([[d("c"), "llama3.1:70b"]]), NOW);
    expect(r.unreferenced).toEqual({ bytes: 700, blobs: 2 });
    expect(r.stalePartials).toMatchObject({ bytes: 100, downloads: [{ digest: d("a") }] });
    expect(r.keptPartials.downloads.map((x) => [x.digest, x.keptBecause])).toEqual([
      [d("b"), "modified within the last hour: Ollama keeps it"],
      [d("c"), "belongs to the unfinished pull of llama3.1:70b"],
      [d("e"), "its age is unknown (cache agent without mtimes)"],
    ]);
    expect(r.expectedBytes).toBe(800);
  });
});

describe("noPruneOn", () => {
  it("reads the value as Go's ParseBool does, and a reference as on", () => {
    expect(noPruneOn(undefined)).toBe(false);
    expect(noPruneOn({ value: "0" })).toBe(false);
    expect(noPruneOn({ value: "false" })).toBe(false);
    expect(noPruneOn({ value: "1" })).toBe(true);
    expect(noPruneOn({ value: '"true"' })).toBe(true);
    expect(noPruneOn({ from: "ConfigMap x key y" })).toBe(true);
  });
});
