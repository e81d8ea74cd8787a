// Unit tests for the pure inventory builder: names, manifest validation, sharing and partial-file accounting.
import { describe, expect, it } from "vitest";
import { buildInventory, buildReport, displayName, type ManifestFile } from "./report.ts";

const hex = (c: string) => c.repeat(64);
const digest = (c: string) => `sha256:${hex(c)}`;
const layer = (c: string, size: number) => ({ mediaType: "application/vnd.ollama.image.model", digest: digest(c), size });
const manifestFile = (path: string, layers: unknown[], config?: unknown): ManifestFile => ({ path, text: JSON.stringify({ schemaVersion: 2, config, layers }) });

describe("displayName", () => {
  it.each([
    ["registry.ollama.ai/library/llama3.2/3b", "llama3.2:3b"],
    ["Registry.Ollama.AI/Library/qwen/latest", "qwen:latest"],
    ["registry.ollama.ai/user/m/tag", "user/m:tag"],
    ["hf.co/org/m/Q4_K_M", "hf.co/org/m:Q4_K_M"],
    ["localhost:5000/library/m/v1", "localhost:5000/library/m:v1"],
  ])("%s → %s", (path, name) => {
    expect(displayName(path)).toBe(name);
  });

  it("rejects paths that are not host/namespace/model/tag", () => {
    expect(displayName("registry.ollama.ai/llama3.2/3b")).toBeUndefined();
    expect(displayName("a/b//c")).toBeUndefined();
  });
});

describe("buildInventory", () => {
  it("skips corrupt manifests with a short reason each", () => {
    const inv = buildInventory({
      manifests: [
        { path: "registry.ollama.ai/library/a/1", text: "{" },
        manifestFile("registry.ollama.ai/library/b/1", [{ digest: "sha256:nothex", size: 1 }]),
        manifestFile("registry.ollama.ai/library/c/1", [layer("c", -5)]),
        { path: "registry.ollama.ai/library/d/1", text: '{"config":{}}' },
        manifestFile("registry.ollama.ai/e/1", [layer("e", 1)]),
        manifestFile("registry.ollama.ai/library/ok/1", [layer("f", 10)]),
      ],
      blobs: [],
    });
    expect(inv.models.map((m) => m.name)).toEqual(["ok:1"]);
    expect(inv.manifestCount).toBe(6);
    expect(inv.errors.map((e) => e.message)).toEqual([
      "not valid JSON",
      "layer 0 has an invalid digest",
      "layer 0 has an invalid size",
      "no layers array",
      "path is not <host>/<namespace>/<model>/<tag>",
    ]);
  });

  it("counts a blob shared by two tags once, and Ollama-style size when a digest repeats in one manifest", () => {
    const inv = buildInventory({
      manifests: [
        manifestFile("registry.ollama.ai/library/m/latest", [layer("a", 100), layer("b", 7)], layer("c", 3)),
        manifestFile("registry.ollama.ai/library/m/7b", [layer("a", 100), layer("b", 7), layer("b", 7)], layer("d", 4)),
      ],
      blobs: ["a", "b", "c", "d"].map((c) => ({ name: `sha256-${hex(c)}`, size: c === "a" ? 100 : c === "b" ? 7 : c === "c" ? 3 : 4 })),
    });
    const tagged = inv.models.find((m) => m.name === "m:7b");
    expect(tagged).toMatchObject({ bytes: 4 + 100 + 7 + 7, uniqueBytes: 4, sharedBytes: 107, missingBytes: 0 });
    expect(inv.referencedBytes).toBe(114);
    expect(inv.sharedBytes).toBe(107);
    expect(inv.unreferenced.blobs).toEqual([]);
  });

  it("groups partial files by digest, uses allocated bytes, and takes the data file's size as the total", () => {
    const inv = buildInventory({
      manifests: [],
      blobs: [
        { name: `sha256-${hex("1")}-partial`, size: 5000, allocated: 1024 },
        { name: `sha256-${hex("1")}-partial-0`, size: 60, allocated: 4096 },
        { name: `sha256-${hex("2")}-partial-0`, size: 60 },
        { name: `sha256-${hex("3")}`, size: 9 },
        { name: `sha256-${hex("4")}`, size: 90 },
        { name: "sha256-short", size: 1, allocated: 4096 },
      ],
    });
    expect(inv.partial).toEqual({
      bytes: 1024 + 4096 + 60,
      files: 3,
      downloads: [
        { digest: digest("1"), bytes: 5120, totalBytes: 5000 },
        { digest: digest("2"), bytes: 60 },
      ],
    });
    expect(inv.unreferenced).toEqual({ bytes: 99, blobs: [{ digest: digest("4"), bytes: 90 }, { digest: digest("3"), bytes: 9 }] });
    expect(inv.other).toEqual({ bytes: 4096, files: 1 });
    expect(inv.blobCount).toBe(2);
  });
});

describe("buildReport", () => {
  it("wraps the inventory in the versioned envelope", () => {
    const fs = { capacityBytes: 10, usedBytes: 4, availableBytes: 6, inodes: 5, inodesFree: 3, inodesUsed: 2 };
    const report = buildReport({ path: "/models", time: new Date("2026-01-02T03:04:05Z"), fs, listing: { manifests: [], blobs: [] } });
    expect(report).toMatchObject({ apiVersion: "ollama-ops.dev/cache-agent/v1", time: "2026-01-02T03:04:05.000Z", path: "/models", fs });
  });
});
