// The GGUF writer read back with a minimal reader: header, metadata, tensor infos, alignment, determinism.
import { describe, expect, it } from "vitest";
import { humanNumber, tinyLlamaGguf } from "./gguf.ts";

/** Reads the header, the metadata keys and the tensor infos of GGUF v3 bytes. */
function readGguf(b: Buffer) {
  let at = 0;
  const u32 = () => ((at += 4), b.readUInt32LE(at - 4));
  const u64 = () => ((at += 8), Number(b.readBigUInt64LE(at - 8)));
  const str = () => {
    const n = u64();
    return ((at += n), b.toString("utf8", at - n, at));
  };
  const SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
  const skip = (type: number): void => {
    if (type === 8) void str();
    else if (type === 9) {
      const of = u32();
      const n = u64();
      for (let i = 0; i < n; i++) skip(of);
    } else at += SIZES[type] ?? 0;
  };
  const magic = b.toString("latin1", 0, 4);
  at = 4;
  const version = u32();
  const tensorCount = u64();
  const kvCount = u64();
  const keys: string[] = [];
  for (let i = 0; i < kvCount; i++) {
    keys.push(str());
    skip(u32());
  }
  const tensors = Array.from({ length: tensorCount }, () => {
    const name = str();
    const dims = Array.from({ length: u32() }, () => u64());
    return { name, dims, type: u32(), offset: u64() };
  });
  const dataStart = Math.ceil(at / 32) * 32;
  return { magic, version, keys, tensors, dataStart };
}

describe("tiny llama GGUF", () => {
  const { bytes, parameterCount, tensors } = tinyLlamaGguf();
  const parsed = readGguf(bytes);

  it("has the v3 header, the llama keys and the tokenizer arrays", () => {
    expect([parsed.magic, parsed.version]).toEqual(["GGUF", 3]);
    for (const key of ["general.architecture", "llama.block_count", "llama.attention.head_count_kv", "tokenizer.ggml.tokens", "tokenizer.ggml.token_type", "general.alignment"]) {
      expect(parsed.keys).toContain(key);
    }
  });

  it("lays the F32 tensors out aligned to 32 bytes, back to back, ending at the end of the file", () => {
    expect(parsed.tensors.map((t) => t.name)).toEqual(tensors.map((t) => t.name));
    let expected = 0;
    for (const t of parsed.tensors) {
      expect(t.offset).toBe(expected);
      expect(t.offset % 32).toBe(0);
      expected += Math.ceil((t.dims.reduce((a, d) => a * d, 1) * 4) / 32) * 32;
    }
    expect(parsed.dataStart + expected).toBe(bytes.length);
    expect(parsed.tensors.reduce((sum, t) => sum + t.dims.reduce((a, d) => a * d, 1), 0)).toBe(parameterCount);
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
