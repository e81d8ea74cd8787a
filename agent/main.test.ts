// HTTP tests for the cache agent: endpoints, scan caching/coalescing, env config, and the real process start/stop.
import { spawn } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelsFixture, snapshotTree, type ModelsFixture } from "./fixture.ts";
import { configFromEnv, createAgentServer, type AgentOptions } from "./main.ts";
import type { AgentReport } from "./report.ts";

let fx: ModelsFixture;

beforeAll(async () => {
  fx = await createModelsFixture();
  await fx.lockDown();
});

afterAll(async () => {
  await fx.cleanup();
});

async function withServer(opts: AgentOptions, run: (base: string) => Promise<void>): Promise<void> {
  const server: Server = createAgentServer(opts);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function fakeScan(delayMs: number) {
  const calls: string[] = [];
  const scan = async (path: string): Promise<AgentReport> => {
    calls.push(path);
    await new Promise((r) => setTimeout(r, delayMs));
    if (path === "/broken") throw new Error("EIO: i/o error");
    return { path, time: new Date().toISOString() } as AgentReport;
  };
  return { calls, scan };
}

describe("cache agent HTTP server", () => {
  it("serves the report of the real folder as JSON without writing to it", async () => {
    const before = await snapshotTree(fx.root);
    await withServer({ modelsPath: fx.root, cacheMs: 0 }, async (base) => {
      const res = await fetch(`${base}/v1/report`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json");
      const body = (await res.json()) as AgentReport;
      expect(body.apiVersion).toBe("ollama-ops.dev/cache-agent/v1");
      expect(body.inventory.models.map((m) => m.name)).toEqual(["alice/coder:v1", "hf.co/org/m:Q4_K_M", "llama3.2:3b"]);
      expect(body.fs.capacityBytes).toBeGreaterThan(0);
    });
    expect(await snapshotTree(fx.root)).toEqual(before);
  });

  it("answers /healthz, 404 JSON for unknown paths and 405 for non-GET", async () => {
    await withServer({ modelsPath: fx.root, cacheMs: 0 }, async (base) => {
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.text()]).toEqual([200, "ok\n"]);
      const missing = await fetch(`${base}/v1/nope`);
      expect([missing.status, await missing.json()]).toEqual([404, { error: "no route for /v1/nope" }]);
      const post = await fetch(`${base}/v1/report`, { method: "POST" });
      expect([post.status, post.headers.get("allow"), await post.json()]).toEqual([405, "GET, HEAD", { error: "method POST not allowed" }]);
    });
  });

  it("coalesces concurrent requests into one scan and reuses it until the cache expires", async () => {
    const { calls, scan } = fakeScan(50);
    await withServer({ modelsPath: "/models", cacheMs: 200, scan }, async (base) => {
      const bodies = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/v1/report`).then((r) => r.json() as Promise<AgentReport>)));
      expect(calls).toHaveLength(1);
      expect(new Set(bodies.map((b) => b.time)).size).toBe(1);
      await fetch(`${base}/v1/report`);
      expect(calls).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 250));
      await fetch(`${base}/v1/report`);
      expect(calls).toHaveLength(2);
    });
  });

  it("answers 503 when the scan fails, logs once per failed scan, and retries on the next request", async () => {
    const { calls, scan } = fakeScan(20);
    const logs: Record<string, unknown>[] = [];
    await withServer({ modelsPath: "/broken", cacheMs: 60_000, scan, log: (e) => logs.push(e) }, async (base) => {
      const results = await Promise.all([1, 2, 3].map(() => fetch(`${base}/v1/report`)));
      expect(results.map((r) => r.status)).toEqual([503, 503, 503]);
      expect(await results[0]?.json()).toEqual({ error: "scan of /broken failed: EIO: i/o error" });
      expect(logs).toEqual([{ level: "error", msg: "scan failed", path: "/broken", error: "EIO: i/o error" }]);
      await fetch(`${base}/v1/report`);
      expect(calls).toHaveLength(2);
    });
  });
});

describe("configFromEnv", () => {
  it("has the documented defaults", () => {
    expect(configFromEnv({})).toEqual({ modelsPath: "/root/.ollama/models", port: 9101, host: "0.0.0.0", cacheMs: 5000 });
  });

  it("names the bad variable", () => {
    expect(() => configFromEnv({ AGENT_PORT: "70000" })).toThrow('AGENT_PORT must be an integer from 0 to 65535, got "70000"');
    expect(() => configFromEnv({ AGENT_CACHE_MS: "soon" })).toThrow(/^AGENT_CACHE_MS/);
  });
});

describe("node agent/main.ts", () => {
  it("logs one JSON line on start, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["agent/main.ts"], {
      env: { ...process.env, OLLAMA_MODELS: fx.root, AGENT_PORT: "0", AGENT_HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const started = JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
    expect(started).toMatchObject({ level: "info", msg: "cache agent listening", path: fx.root, cacheMs: 5000 });
    const res = await fetch(`http://127.0.0.1:${started.port as number}/v1/report`);
    expect(res.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
