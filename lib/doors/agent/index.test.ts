import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelsFixture, type ModelsFixture } from "../../../agent/fixture";
import { createAgentServer } from "../../../agent/main";
import { scanModels } from "../../../agent/scan";
import { readAgentReport, parseAgentReport } from "./";
import { spaceBreakdown } from "../../features/disk/breakdown";

let fx: ModelsFixture;
let server: Server;
let base: string;

beforeAll(async () => {
  fx = await createModelsFixture();
  server = createAgentServer({ modelsPath: fx.root, cacheMs: 0, scan: scanModels });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fx.cleanup();
});

describe("cache agent report", () => {
  it("reads and validates the real agent's report over HTTP", async () => {
    const report = await readAgentReport(base);
    expect(report.apiVersion).toBe("ollama-ops.dev/cache-agent/v1");
    expect(report.fs.capacityBytes).toBeGreaterThan(0);
    expect(report.inventory.partial.downloads[0]).toMatchObject({ digest: fx.partial.digest, totalBytes: fx.partial.totalBytes });
    expect(report.inventory.unreferenced.blobs.map((b) => b.digest)).toEqual([fx.blobs.orphan.digest]);
    expect(report.inventory.errors).toHaveLength(1);
  });

  it("splits the used space so the parts add up: unique per model, shared once, partial, unreferenced, the rest", async () => {
    const report = await readAgentReport(base);
    const inv = report.inventory;
    const { slices, approximate } = spaceBreakdown(report.fs.usedBytes, inv);
    expect(approximate).toBe(false);
    const bytesOf = (kind: string) => slices.filter((s) => s.kind === kind).reduce((n, s) => n + s.bytes, 0);
    expect(bytesOf("model")).toBe(inv.models.reduce((n, m) => n + m.uniqueBytes, 0));
    expect(bytesOf("shared")).toBe(inv.sharedBytes);
    expect(bytesOf("partial")).toBe(inv.partial.bytes);
    expect(bytesOf("unreferenced")).toBe(inv.unreferenced.bytes);
    const inventoried = bytesOf("model") + inv.sharedBytes + inv.partial.bytes + inv.unreferenced.bytes + inv.other.bytes;
    // The slices add up to what statfs says is used (or to the inventory, if the scan saw more than statfs).
    expect(slices.reduce((n, s) => n + s.bytes, 0)).toBe(Math.max(report.fs.usedBytes, inventoried));
  });

  it("rejects another report version and names the field", () => {
    expect(() => parseAgentReport({ apiVersion: "ollama-ops.dev/cache-agent/v2" })).toThrow(/unexpected report \(apiVersion: /);
    expect(() => parseAgentReport({ apiVersion: "ollama-ops.dev/cache-agent/v1", time: "t", path: "/m", fs: { capacityBytes: -1 } })).toThrow(/fs\.capacityBytes/);
  });

  it("says the agent is unreachable, or what it answered", async () => {
    const closed = createAgentServer({ modelsPath: fx.root, cacheMs: 0 });
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(readAgentReport(`http://127.0.0.1:${closedPort}`)).rejects.toMatchObject({ code: "unreachable", system: "agent", message: "cache agent unreachable: connection refused" });
    await expect(readAgentReport(`${base}/nope`)).rejects.toMatchObject({ code: "upstream", message: "cache agent answered HTTP 404: no route for /nope/v1/report" });
  });
});

describe("space breakdown without the agent", () => {
  it("uses model sizes, marks itself approximate and puts the remainder last", () => {
    const b = spaceBreakdown(10_000, undefined, [
      { name: "small:1b", size: 1_000 },
      { name: "big:70b", size: 7_000 },
    ]);
    expect(b.approximate).toBe(true);
    expect(b.slices).toEqual([
      { kind: "model", label: "big:70b", bytes: 7_000 },
      { kind: "model", label: "small:1b", bytes: 1_000 },
      { kind: "outside", label: "Not accounted for", bytes: 2_000 },
    ]);
  });
});
