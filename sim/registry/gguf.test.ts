// The GGUF writer read back with the simulators' reader (gguf-read.ts): header, metadata, tensor infos, alignment,
// determinism, and the values as Ollama's decoder reports them.
import { describe, expect, it } from "vitest";
import { humanNumber, tinyAdapterGguf, tinyLlamaGguf } from "./gguf.ts";
import { fileTypeName, isGguf, readGguf } from "./gguf-read.ts";

describe("tiny llama GGUF", () => {
  const { bytes, parameterCount, tensors } = tinyLlamaGguf();
  const parsed = readGguf(bytes);
  if (!parsed) throw new Error("the tiny GGUF does not read back");

  it("has the v3 header, the llama keys and the tokenizer arrays", () => {
    expect([isGguf(bytes), parsed.version]).toEqual([true, 3]);
    for (const key of ["general.architecture", "llama.block_count", "llama.attention.head_count_kv", "tokenizer.ggml.tokens", "tokenizer.ggml.token_type", "general.alignment"]) {
      expect(Object.keys(parsed.kv)).toContain(key);
    }
    expect((parsed.kv["tokenizer.ggml.tokens"] as string[]).slice(0, 3)).toEqual(["<unk>", "<s>", "</s>"]);
  });

  it("reads values as Ollama reports them: a float32 at its shortest (1e-5), file type 0 as unknown", () => {
    expect(parsed.kv["llama.attention.layer_norm_rms_epsilon"]).toBe(1e-5);
    expect([parsed.kv["tokenizer.ggml.add_bos_token"], parsed.kv["llama.context_length"]]).toEqual([true, 2048]);
    expect([fileTypeName(parsed.kv["general.file_type"]), fileTypeName(15), fileTypeName(undefined)]).toEqual(["unknown", "Q4_K_M", "unknown"]);
    expect(readGguf(Buffer.from("GGUF\x03\x00"))).toBeUndefined();
    expect(readGguf(Buffer.from("hello"))).toBeUndefined();
  });

  it("lays the F32 tensors out aligned to 32 bytes, back to back, ending at the end of the file", () => {
    expect(parsed.tensors.map(({ name, type, shape }) => ({ name, type, shape }))).toEqual(tensors);
    let expected = 0;
    for (const t of parsed.tensors) {
      expect(t.offset).toBe(expected);
      expect(t.offset % 32).toBe(0);
      expected += Math.ceil((t.shape.reduce((a, d) => a * d, 1) * 4) / 32) * 32;
    }
    expect(parsed.dataStart + expected).toBe(bytes.length);
    expect(parsed.parameterCount).toBe(parameterCount);
  });

  it("writes an adapter that says it is one", () => {
    const adapter = readGguf(tinyAdapterGguf());
    expect(adapter?.kv["general.type"]).toBe("adapter");
    expect(adapter?.tensors.map((t) => t.shape)).toEqual([[128, 4], [4, 128]]);
  });

  it("is deterministic per seed", () => {
    expect(tinyLlamaGguf().bytes.equals(bytes)).toBe(true);
    expect(tinyLlamaGguf({ seed: 2 }).bytes.equals(bytes)).toBe(false);
  });

  it.each([
    [470144, "470K"],
    [1_240_000, "1.24M"],
    [8_000_000_000, "8B"],
    [7_615_616_512, "7.6B"],
    [999, "999"],
  ])("formats %d parameters as %s (Go's format.HumanNumber)", (n, text) => expect(humanNumber(n)).toBe(text));
});
