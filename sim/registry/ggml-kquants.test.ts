import { describe, expect, it } from "vitest";
import { encodeFloats } from "./ggml-blocks.ts";
import { K_BYTES, type KQuant } from "./ggml-kquants.ts";
import { fromHalf } from "./half.ts";

/**
 * Reads superblocks back as ggml's dequantizers do, written here from the layout of block_q4_K, block_q5_K and
 * block_q6_K: each value with the step of its sub-block (d times its scale), so a test can bound the error by it.
 */
function decode(format: KQuant, bytes: Buffer): { value: number; step: number }[] {
  const out: { value: number; step: number }[] = [];
  for (let at = 0; at < bytes.length; at += K_BYTES[format]) {
    const b = (i: number) => bytes[at + i] ?? 0;
    if (format === "Q6_K") {
      const d = fromHalf(bytes.readUInt16LE(at + 208));
      for (let i = 0; i < 256; i++) {
        const [h, k, l] = [i >> 7, (i >> 5) & 3, i & 31];
        const low = b(64 * h + (k & 1 ? 32 : 0) + l);
        const q = (k >= 2 ? low >> 4 : low & 0xf) | (((b(128 + 32 * h + l) >> (2 * k)) & 3) << 4);
        const step = d * bytes.readInt8(at + 192 + (i >> 4));
        out.push({ value: step * (q - 32), step });
      }
      continue;
    }
    const [d, dmin] = [fromHalf(bytes.readUInt16LE(at)), fromHalf(bytes.readUInt16LE(at + 2))];
    const scale = (j: number) => (j < 4 ? b(4 + j) & 63 : (b(8 + j) & 0xf) | ((b(j) >> 6) << 4));
    const min = (j: number) => (j < 4 ? b(8 + j) & 63 : (b(8 + j) >> 4) | ((b(4 + j) >> 6) << 4));
    const qs = format === "Q4_K" ? 16 : 48;
    for (let i = 0; i < 256; i++) {
      const [c, upper, l, j] = [i >> 6, (i >> 5) & 1, i & 31, i >> 5];
      const byte = b(qs + 32 * c + l);
      const fifth = format === "Q5_K" ? ((b(16 + l) >> (2 * c + upper)) & 1) << 4 : 0;
      const q = (upper ? byte >> 4 : byte & 0xf) | fifth;
      const step = d * scale(j);
      out.push({ value: step * q - dmin * min(j), step });
    }
  }
  return out;
}

describe("ggml K-quant formats", () => {
  // Sub-blocks of very different ranges, one all above zero, one all zero: scales and mins of every size.
  const values = Float32Array.from({ length: 512 }, (_, i) => {
    const sub = i >> 5;
    if (sub === 3) return 0;
    if (sub === 5) return 0.5 + Math.abs(Math.sin(i));
    return Math.sin(i * 0.37) * (1 + (sub % 4) * 3) * (i < 256 ? 1 : 0.01);
  });

  it.each([
    ["Q4_K", 0.08],
    ["Q5_K", 0.04],
    ["Q6_K", 0.02],
  ] as const)("packs %s superblocks that read back within half a step, none clipped", (format, rms) => {
    const bytes = encodeFloats(format, values);
    expect(bytes.length).toBe(2 * K_BYTES[format]);
    const back = decode(format, bytes);
    let [err2, sum2] = [0, 0];
    back.forEach(({ value, step }, i) => {
      const v = values[i] ?? NaN;
      expect(Math.abs(value - v)).toBeLessThanOrEqual(step / 2 + 1e-3 * Math.abs(v) + 1e-7);
      [err2, sum2] = [err2 + (value - v) ** 2, sum2 + v ** 2];
    });
    expect(Math.sqrt(err2 / sum2)).toBeLessThan(rms);
    // The all-zero sub-block reads back as zeros.
    expect(back.slice(96, 128).map((x) => x.value)).toEqual(new Array(32).fill(0));
  });
});
