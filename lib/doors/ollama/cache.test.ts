import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Target } from "../runtime/config";
import { invalidateOllama, listLoaded, listModels, readVersion } from "./cache";

let server: Server;
let target: Target;
const hits: Record<string, number> = {};

const TAGS = {
  models: [
    {
      name: "llama3.2:3b",
      model: "llama3.2:3b",
      modified_at: "2025-05-04T17:37:44.706015396-07:00",
      size: 2019393189,
      digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
      details: { parent_model: "", format: "gguf", family: "llama", families: null, parameter_size: "3.2B", quantization_level: "Q4_K_M" },
    },
  ],
};

function ps() {
  const soon = new Date(Date.now() + 4 * 60_000).toISOString();
  return {
    models: [
      { name: "qwen2.5:7b", model: "qwen2.5:7b", size: 6_000_000_000, digest: "d", details: {}, expires_at: soon, size_vram: 4_500_000_000, context_length: 8192 },
      { name: "llama3.2:3b", model: "llama3.2:3b", size: 3_000_000_000, digest: "e", details: {}, expires_at: "2318-08-01T10:00:00.000000000Z", size_vram: 0, context_length: 4096 },
    ],
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "";
    hits[path] = (hits[path] ?? 0) + 1;
    const body = path === "/api/tags" ? TAGS : path === "/api/ps" ? ps() : path === "/api/version" ? { version: "0.12.6" } : undefined;
    // A little latency so concurrent callers really overlap.
    setTimeout(() => {
      res.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body ?? { error: "404 page not found" }));
    }, 30);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  target = { context: undefined, namespace: "ollama", deployment: "ollama", ollamaUrl: url, cachePvc: undefined, agentUrl: url };
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("coalesced Ollama reads", () => {
  it("sends one /api/tags however many viewers ask at once, and summarises the models", async () => {
    const before = hits["/api/tags"] ?? 0;
    const answers = await Promise.all(Array.from({ length: 50 }, () => listModels(target)));
    expect((hits["/api/tags"] ?? 0) - before).toBe(1);
    expect(answers[49]).toEqual([
      {
        name: "llama3.2:3b",
        size: 2019393189,
        digest: "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
        family: "llama",
        parameterSize: "3.2B",
        quantization: "Q4_K_M",
        format: "gguf",
        modifiedAt: "2025-05-05T00:37:44.706Z",
      },
    ]);
  });

  it("asks again after invalidateOllama (e.g. after a pull or delete)", async () => {
    await listModels(target);
    const before = hits["/api/tags"] ?? 0;
    await listModels(target);
    expect(hits["/api/tags"]).toBe(before);
    invalidateOllama(target);
    await listModels(target);
    expect(hits["/api/tags"]).toBe(before + 1);
  });

  it("reports loaded models with the GPU share, context length and kept-loaded flag", async () => {
    const loaded = await listLoaded(target);
    expect(loaded[0]).toMatchObject({ name: "qwen2.5:7b", sizeVram: 4_500_000_000, gpuRatio: 0.75, contextLength: 8192, keptLoaded: false });
    expect(Date.parse(loaded[0]!.expiresAt)).toBeGreaterThan(Date.now());
    expect(loaded[1]).toMatchObject({ name: "llama3.2:3b", gpuRatio: 0, keptLoaded: true, expiresAt: "2318-08-01T10:00:00.000Z" });
  });

  it("times the version call and maps a dead server to 'unreachable'", async () => {
    expect(await readVersion(target)).toMatchObject({ version: "0.12.6" });
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise((resolve) => dead.close(resolve));
    await expect(readVersion({ ...target, ollamaUrl: url })).rejects.toMatchObject({ code: "unreachable", message: "Ollama API unreachable: connection refused" });
  });
});
