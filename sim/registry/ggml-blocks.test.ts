import { describe, expect, it } from "vitest";
import { FORMAT, encodeFloats, fromHalf, toHalf } from "./ggml-blocks.ts";

/** Reads blocks back as ggml's dequantizers do (written here from the format, independently of the encoder). */
function decode(format: "Q5_0" | "Q5_1" | "Q8_0", bytes: Buffer): number[] {
  const out: number[] = [];
  for (let at = 0; at < bytes.length; at += FORMAT[format].bytes) {
    const d = fromHalf(bytes.readUInt16LE(at));
    if (format === "Q8_0") {
      for (let i = 0; i < 32; i++) out.push(d * bytes.readInt8(at + 2 + i));
      continue;
    }
    const m = format === "Q5_1" ? fromHalf(bytes.readUInt16LE(at + 2)) : 0;
    const q = at + (format === "Q5_1" ? 4 : 2);
    const high = bytes.readUInt32LE(q);
    const block = Array.from({ length: 32 }, (_, i) => {
      const nibble = i < 16 ? bytes[q + 4 + i]! & 0xf : bytes[q + 4 + i - 16]! >> 4;
      const value = nibble | (((high >>> i) & 1) << 4);
      return format === "Q5_1" ? d * value + m : d * (value - 16);
    });
    out.push(...block);
  }
  return out;
}

describe("ggml block formats", () => {
  it("writes IEEE halves, rounding to nearest even", () => {
    expect([toHalf(1), toHalf(-2), toHalf(65504), toHalf(70000), toHalf(2 ** -24), toHalf(1e-9), toHalf(1 + 2 ** -11)]).toEqual([0x3c00, 0xc000, 0x7bff, 0x7c00, 0x0001, 0, 0x3c00]);
    expect([fromHalf(0x3c00), fromHalf(0x7bff), fromHalf(0x0001)]).toEqual([1, 65504, 2 ** -24]);
  });

  it("writes bfloat16 as a float32's top half, rounding to nearest even", () => {
    const bytes = encodeFloats("BF16", Float32Array.of(1, -2, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20, NaN));
    expect(Array.from({ length: 6 }, (_, i) => bytes.readUInt16LE(2 * i))).toEqual([0x3f80, 0xc000, 0x3f80, 0x3f82, 0x3f81, 0x7fc0]);
  });

  it("rounds a Q8_0 quant's halves away from zero, as real's blocks have them", () => {
    // amax 127 makes d exactly 1: each value is its own quant before rounding.
    const values = Float32Array.from({ length: 32 }, (_, i) => [127, 63.5, -63.5, 0.5, -0.5, -126.5, 2.49][i] ?? 0);
    const bytes = encodeFloats("Q8_0", values);
    expect([fromHalf(bytes.readUInt16LE(0)), ...Array.from({ length: 7 }, (_, i) => bytes.readInt8(2 + i))]).toEqual([1, 127, 64, -64, 1, -1, -127, 2]);
  });

  it.each(["Q8_0", "Q5_0", "Q5_1"] as const)("packs %s blocks that read back within half a step", (format) => {
    const values = Float32Array.from({ length: 96 }, (_, i) => Math.sin(i * 0.7) * (1 + (i % 32) / 8));
    const bytes = encodeFloats(format, values);
    expect(bytes.length).toBe((96 / 32) * FORMAT[format].bytes);
    const back = decode(format, bytes);
    for (let b = 0; b < 3; b++) {
      const block = Array.from(values.subarray(b * 32, b * 32 + 32));
      const range = format === "Q5_1" ? (Math.max(...block) - Math.min(...block)) / 31 : Math.max(...block.map(Math.abs)) / (format === "Q8_0" ? 127 : 15);
      block.forEach((v, i) => expect(Math.abs((back[b * 32 + i] ?? NaN) - v)).toBeLessThanOrEqual(range / 2 + 1e-3 * Math.abs(v) + 1e-6));
    }
  });
});
