// Scans a real temporary Ollama models folder and checks the report, the statfs numbers and that nothing is written.
import { mkdtemp, rm, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelsFixture, snapshotTree, type ModelsFixture } from "./fixture.ts";
import type { AgentReport } from "./report.ts";
import { scanModels } from "./scan.ts";

let fx: ModelsFixture;
let report: AgentReport;
let before: Record<string, string>;

beforeAll(async () => {
  fx = await createModelsFixture();
  await fx.lockDown();
  before = await snapshotTree(fx.root);
  report = await scanModels(fx.root);
});

afterAll(async () => {
  await fx.cleanup();
});

function model(name: string) {
  const found = report.inventory.models.find((m) => m.name === name);
  if (!found) throw new Error(`no model ${name} in ${report.inventory.models.map((m) => m.name).join(", ")}`);
  return found;
}

describe("scanModels on an Ollama models folder", () => {
  it("names models like Ollama's DisplayShortest and reports the corrupt manifest", () => {
    expect(report.apiVersion).toBe("ollama-ops.dev/cache-agent/v1");
    expect(report.path).toBe(fx.root);
    expect(report.inventory.models.map((m) => m.name)).toEqual(["alice/coder:v1", "hf.co/org/m:Q4_K_M", "llama3.2:3b"]);
    expect(report.inventory.manifestCount).toBe(4);
    expect(report.inventory.errors).toEqual([{ path: "manifests/registry.ollama.ai/library/broken/latest", message: "not valid JSON" }]);
  });

  it("attributes a shared layer once and flags it shared", () => {
    const { license, template, llamaConfig, llamaWeights } = fx.blobs;
    const llama = model("llama3.2:3b");
    expect(llama.bytes).toBe(llamaConfig.size + llamaWeights.size + license.size + template.size);
    expect(llama.uniqueBytes).toBe(llamaConfig.size + llamaWeights.size);
    expect(llama.sharedBytes).toBe(license.size + template.size);
    expect(llama.missingBytes).toBe(0);
    expect(llama.layers.map((l) => [l.digest, l.shared, l.present])).toEqual([
      [llamaConfig.digest, false, true],
      [llamaWeights.digest, false, true],
      [license.digest, true, true],
      [template.digest, true, true],
    ]);
    expect(report.inventory.sharedBytes).toBe(license.size + template.size);
  });

  it("counts every present referenced blob once and reports missing layers", () => {
    const b = fx.blobs;
    const referenced = [b.license, b.template, b.llamaConfig, b.llamaWeights, b.coderConfig, b.coderWeights, b.hfConfig, b.hfWeights];
    expect(report.inventory.referencedBytes).toBe(referenced.reduce((n, x) => n + x.size, 0));
    const hf = model("hf.co/org/m:Q4_K_M");
    expect(hf.missingBytes).toBe(b.missing.size);
    expect(hf.uniqueBytes).toBe(b.hfConfig.size + b.hfWeights.size);
    expect(hf.layers.find((l) => l.digest === b.missing.digest)).toMatchObject({ present: false, shared: false });
  });

  it("reports the partial download by allocated bytes, with its full size", () => {
    const { partial } = report.inventory;
    expect(partial.files).toBe(3);
    expect(partial.downloads).toHaveLength(1);
    const download = partial.downloads[0];
    expect(download?.digest).toBe(fx.partial.digest);
    expect(download?.totalBytes).toBe(fx.partial.totalBytes);
    // Sparse: the 8 MiB data file only costs what was written (plus the two tiny part files).
    expect(download?.bytes).toBeGreaterThanOrEqual(fx.partial.writtenBytes);
    expect(download?.bytes).toBeLessThan(fx.partial.totalBytes / 4);
    expect(partial.bytes).toBe(download?.bytes);
  });

  it("lists unreferenced blobs and stray files separately", () => {
    expect(report.inventory.unreferenced).toEqual({ bytes: fx.blobs.orphan.size, blobs: [{ digest: fx.blobs.orphan.digest, bytes: fx.blobs.orphan.size }] });
    expect(report.inventory.other.files).toBe(1);
    expect(report.inventory.blobCount).toBe(9);
  });

  it("reports statfs numbers of the mount", async () => {
    const { fs } = report;
    const s = await statfs(fx.root);
    expect(fs.capacityBytes).toBe(s.blocks * s.bsize);
    expect(fs.capacityBytes).toBeGreaterThan(0);
    expect(fs.usedBytes).toBeGreaterThan(0);
    expect(fs.usedBytes + fs.availableBytes).toBeLessThanOrEqual(fs.capacityBytes);
    expect(fs.inodesUsed).toBe(fs.inodes - fs.inodesFree);
    expect(fs.inodesUsed).toBeGreaterThan(0);
  });

  it("writes nothing to the folder", async () => {
    await scanModels(fx.root);
    expect(await snapshotTree(fx.root)).toEqual(before);
  });
});

describe("scanModels edge cases", () => {
  it("reports an empty inventory for a fresh volume without manifests or blobs", async () => {
    const root = await mkdtemp(join(tmpdir(), "ollama-empty-"));
    try {
      const { inventory } = await scanModels(root);
      expect(inventory.models).toEqual([]);
      expect(inventory.blobCount).toBe(0);
      expect(inventory.manifestCount).toBe(0);
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it("fails when the models path does not exist", async () => {
    await expect(scanModels(join(tmpdir(), "no-such-ollama-dir-7f3a"))).rejects.toThrow(/ENOENT/);
  });
});
