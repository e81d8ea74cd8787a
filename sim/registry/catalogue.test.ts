// Name grammar and catalogue lookups: every spelling Ollama accepts resolves to one manifest; families share layers.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { Catalogue } from "./catalogue.ts";
import { tinyLlamaGguf } from "./gguf.ts";
import { LAYER_MEDIA, manifestBlobs, serializeManifest, sha256Hex } from "./manifest.ts";
import { normalizeModelName } from "./names.ts";

describe("model names", () => {
  it.each([
    ["llama3.2", "llama3.2:latest"],
    ["registry.ollama.ai/library/llama3.2:3b", "llama3.2:3b"],
    ["library/qwen2.5:7b", "qwen2.5:7b"],
    ["user/m:tag", "user/m:tag"],
    ["hf.co/org/m:Q4_K_M", "hf.co/org/m:Q4_K_M"],
    ["http://localhost:5000/ns/m", "localhost:5000/ns/m:latest"],
  ])("%s → %s", (raw, display) => expect(normalizeModelName(raw)).toBe(display));

  it.each(["", "foo bar", "a/b/c/d/e", "foo:", "/foo", "localhost:5000/m", "ns.x/m", ".m"])("rejects %j", (raw) =>
    expect(normalizeModelName(raw)).toBeUndefined(),
  );
});

describe("Catalogue", () => {
  const catalogue = new Catalogue();

  it("resolves aliases and spellings to the same manifest", () => {
    const model = catalogue.get("llama3.2:3b");
    expect(model?.size).toBe(2019393189);
    expect(catalogue.get("llama3.2")).toBe(model);
    expect(catalogue.get("registry.ollama.ai/library/LLAMA3.2:latest")).toBe(model);
    expect(model?.digest).toBe(sha256Hex(model?.manifestJson ?? ""));
    expect(catalogue.get("nope")).toBeUndefined();
    expect(catalogue.get("someone/llama3.2:3b")).toBeUndefined();
  });

  it("shares text layers inside a family but never model weights", () => {
    const digests = (name: string) => {
      const model = catalogue.get(name);
      if (!model) throw new Error(`${name} missing`);
      return new Set(manifestBlobs(model.manifest).map((l) => l.digest));
    };
    const shared = (a: string, b: string) => [...digests(a)].filter((d) => digests(b).has(d)).length;
    expect(shared("qwen2.5:7b", "qwen2.5:14b")).toBe(3);
    expect(shared("gemma2:9b", "gemma2:27b")).toBe(3);
    expect(shared("llama3.1:8b", "llama3.2:1b")).toBe(1); // the llama3 params blob
    expect(shared("mistral:7b", "gemma2:9b")).toBe(0);
  });

  it("carries the real sizes of the big models and the llava projector", () => {
    expect(catalogue.get("llama3.1:70b")?.size).toBeGreaterThan(42.5e9);
    expect(catalogue.get("nomic-embed-text")?.size).toBeLessThan(275e6);
    expect(catalogue.get("llava:7b")?.manifest.layers.map((l) => l.mediaType.split(".").pop())).toContain("projector");
  });

  it("keeps an older build of each tag with different weights", () => {
    const current = catalogue.get("mistral:7b");
    const previous = catalogue.previous("mistral");
    expect(previous?.digest).not.toBe(current?.digest);
    expect(previous?.manifest.layers[0]?.digest).not.toBe(current?.manifest.layers[0]?.digest);
    expect(previous?.manifest.layers[1]?.digest).toBe(current?.manifest.layers[1]?.digest);
  });

  it("serves a pushed manifest byte for byte under any host, its spec read from the pushed GGUF and texts, until reset", () => {
    const pushed = new Catalogue();
    const gguf = tinyLlamaGguf({ seed: 9 }).bytes;
    const blob = (bytes: Buffer) => {
      const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
      pushed.addBlob(digest, bytes);
      return { digest, size: bytes.length };
    };
    const manifest = {
      schemaVersion: 2,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      config: { mediaType: "application/vnd.docker.container.image.v1+json", ...blob(Buffer.from("{}")) },
      layers: [
        { mediaType: LAYER_MEDIA.model, ...blob(gguf), from: "/models/blobs/sha256-x" },
        { mediaType: LAYER_MEDIA.system, ...blob(Buffer.from("Be brief.")) },
      ],
    };
    const json = serializeManifest(manifest);
    const model = pushed.push("127.0.0.1:5000/ops/t9:v1", json);
    expect(pushed.get("ops/t9:v1")).toBe(model);
    expect([model?.manifestJson, model?.digest]).toEqual([json, sha256Hex(json)]);
    expect(model?.spec).toMatchObject({ parameterSize: "470K", quantization: "unknown", contextLength: 2048, family: { family: "llama", system: { text: "Be brief." } } });
    expect(pushed.blob(manifest.layers[0]?.digest ?? "")?.equals(gguf)).toBe(true);
    expect(pushed.push("ops/t9:v2", "not a manifest")).toBeUndefined();
    pushed.resetPublished();
    expect(pushed.get("ops/t9:v1")).toBeUndefined();
    expect(pushed.blobSize(manifest.layers[0]?.digest ?? "")).toBeUndefined();
  });
});
