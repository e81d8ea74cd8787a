import { describe, expect, it } from "vitest";
import { checkFit, footprints, headroomBytes, type FitInput } from "./fit";

const GB = 1e9;
const GIB = 2 ** 30;
const d = (n: number) => `sha256:${String(n).padStart(64, "0")}`;

/** llama3.1:70b-like manifest: one big model layer, shared template/license, own config. */
const wanted = [
  { digest: d(1), size: 40 * GB },
  { digest: d(2), size: 1_500 },
  { digest: d(3), size: 12_000 },
  { digest: d(4), size: 500 },
];

function input(over: Partial<FitInput>): FitInput {
  return {
    blobs: wanted,
    present: new Set(),
    partial: new Map(),
    capacityBytes: 100 * GB,
    availableBytes: 80 * GB,
    headroom: undefined,
    installed: [],
    model: "llama3.1:70b",
    ...over,
  };
}

describe("headroomBytes", () => {
  it("defaults to the larger of 10 % of capacity and 5 GiB", () => {
    expect(headroomBytes(100 * GB, undefined)).toBe(10 * GB);
    expect(headroomBytes(20 * GB, undefined)).toBe(5 * GIB);
  });
  it("takes fixed bytes or a percentage of capacity", () => {
    expect(headroomBytes(100 * GB, { bytes: 8 * GIB })).toBe(8 * GIB);
    expect(headroomBytes(200 * GB, { percent: 5 })).toBe(10 * GB);
  });
});

describe("checkFit", () => {
  it("fits when the download leaves the headroom free", () => {
    const r = checkFit(input({}));
    expect(r).toMatchObject({ verdict: "fits", totalBytes: 40 * GB + 14_000, downloadBytes: 40 * GB + 14_000, headroomBytes: 10 * GB, shortfallBytes: 0, suggestions: [] });
    expect(r.freeAfterBytes).toBe(40 * GB - 14_000);
  });

  it("is tight when the download fits but eats into the headroom", () => {
    const r = checkFit(input({ availableBytes: 45 * GB }));
    expect(r.verdict).toBe("tight");
    expect(r.shortfallBytes).toBe(10 * GB - (5 * GB - 14_000));
  });

  it("does not fit when the download exceeds the free space", () => {
    expect(checkFit(input({ availableBytes: 39 * GB })).verdict).toBe("does_not_fit");
  });

  it("does not download layers already present (shared with installed models)", () => {
    const r = checkFit(input({ present: new Set([d(2), d(3)]), availableBytes: 50 * GB + 500 }));
    expect(r).toMatchObject({ presentBytes: 13_500, downloadBytes: 40 * GB + 500, verdict: "fits" });
  });

  it("subtracts what interrupted downloads already wrote, never more than the blob", () => {
    const r = checkFit(input({ partial: new Map([[d(1), 30 * GB], [d(4), 10 * GB]]), availableBytes: 15 * GB }));
    expect(r).toMatchObject({ partialBytes: 30 * GB + 500, downloadBytes: 10 * GB + 13_500, verdict: "tight" });
  });

  it("counts a digest listed twice once", () => {
    expect(checkFit(input({ blobs: [...wanted, wanted[0]!] })).totalBytes).toBe(40 * GB + 14_000);
  });

  it("suggests the deletions that free the most, largest first, until the shortfall is covered", () => {
    const installed = footprints([
      { name: "small:1b", blobs: [{ digest: d(10), size: 1 * GB }, { digest: d(2), size: 1_500 }] },
      { name: "big:32b", blobs: [{ digest: d(11), size: 20 * GB }, { digest: d(2), size: 1_500 }] },
      { name: "mid:8b", blobs: [{ digest: d(12), size: 8 * GB }] },
      { name: "other:7b", blobs: [{ digest: d(13), size: 5 * GB }] },
    ]);
    const r = checkFit(input({ availableBytes: 30 * GB, installed, present: new Set([d(2)]) }));
    expect(r.verdict).toBe("does_not_fit");
    // need 40 GB + 12.5 KB + 10 GB headroom − 30 GB free ≈ 20 GB: big:32b alone frees 20 GB (its shared template frees nothing).
    expect(r.shortfallBytes).toBe(20 * GB + 12_500);
    expect(r.suggestions).toEqual([
      { name: "big:32b", freesBytes: 20 * GB },
      { name: "mid:8b", freesBytes: 8 * GB },
    ]);
    expect(r.suggestionsCover).toBe(true);
  });

  it("never suggests the model being pulled, nor counts blobs the pull would reuse", () => {
    const installed = footprints([
      { name: "llama3.1:70b", blobs: [{ digest: d(20), size: 39 * GB }] },
      { name: "reuser:1b", blobs: [{ digest: d(1), size: 40 * GB }, { digest: d(21), size: 2 * GB }] },
    ]);
    const r = checkFit(input({ availableBytes: 1 * GB, installed, present: new Set([d(1)]) }));
    expect(r.suggestions).toEqual([{ name: "reuser:1b", freesBytes: 2 * GB }]);
    expect(r.suggestionsCover).toBe(false);
  });
});

describe("footprints", () => {
  it("attributes only blobs no other model references", () => {
    const [a, b] = footprints([
      { name: "a", blobs: [{ digest: d(1), size: 10 }, { digest: d(2), size: 5 }, { digest: d(1), size: 10 }] },
      { name: "b", blobs: [{ digest: d(2), size: 5 }, { digest: d(3), size: 7 }] },
    ]);
    expect(a).toEqual({ name: "a", uniqueBlobs: [{ digest: d(1), size: 10 }], uniqueBytes: 10 });
    expect(b).toEqual({ name: "b", uniqueBlobs: [{ digest: d(3), size: 7 }], uniqueBytes: 7 });
  });
});
