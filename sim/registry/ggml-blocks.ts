// ggml's tensor data formats the simulators read and write: F32, F16, BF16, the 32-value blocks Q8_0, Q5_0 and
// Q5_1, laid out as ggml lays them (a block's scale as an IEEE half, then its packed quants), and the 256-value
// K-quants (ggml-kquants.ts). The encoders are this project's own (round to nearest, scale from the block's range): a
// real file in these formats; F32, BF16 and Q8_0 (from F16 values) come out as real v0.17.4 writes them, the others not.
import { encodeKBlock, K_BYTES } from "./ggml-kquants.ts";
import { fromHalf, toHalf } from "./half.ts";

export { fromHalf, toHalf };

/** ggml type ids of the formats here. */
export const GGML_TYPE = { F32: 0, F16: 1, Q5_0: 6, Q5_1: 7, Q8_0: 8, Q4_K: 12, Q5_K: 13, Q6_K: 14, BF16: 30 } as const;
export type BlockFormat = keyof typeof GGML_TYPE;

/** Values per block and bytes per block of each format (fs/ggml TensorType.BlockSize and TypeSize). */
export const FORMAT: Record<BlockFormat, { block: number; bytes: number }> = {
  F32: { block: 1, bytes: 4 },
  F16: { block: 1, bytes: 2 },
  BF16: { block: 1, bytes: 2 },
  Q5_0: { block: 32, bytes: 22 },
  Q5_1: { block: 32, bytes: 24 },
  Q8_0: { block: 32, bytes: 34 },
  Q4_K: { block: 256, bytes: K_BYTES.Q4_K },
  Q5_K: { block: 256, bytes: K_BYTES.Q5_K },
  Q6_K: { block: 256, bytes: K_BYTES.Q6_K },
};

const f32 = new Float32Array(1);
const f32bits = new Uint32Array(f32.buffer);

/** A bfloat16's bits for `value`: a float32's top half, rounded to nearest even (a NaN stays a quiet NaN). */
function toBfloat(value: number): number {
  f32[0] = value;
  const x = f32bits[0] ?? 0;
  if ((x & 0x7fffffff) > 0x7f800000) return (x >>> 16) | 0x40;
  return (x + 0x7fff + ((x >>> 16) & 1)) >>> 16;
}

/** F32 or F16 tensor data as floats. */
export function decodeFloats(format: "F32" | "F16", data: Buffer): Float32Array {
  const out = new Float32Array(data.length / FORMAT[format].bytes);
  for (let i = 0; i < out.length; i++) out[i] = format === "F32" ? data.readFloatLE(i * 4) : fromHalf(data.readUInt16LE(i * 2));
  return out;
}

/** A 5-bit block's quants: the fifth bits in a u32 (bit i for value i), the low nibbles of values i and i+16 sharing a byte. */
function pack5(out: Buffer, at: number, q: number[]): void {
  let high = 0;
  for (let i = 0; i < 32; i++) high |= ((q[i] ?? 0) >> 4 & 1) << i;
  out.writeUInt32LE(high >>> 0, at);
  for (let i = 0; i < 16; i++) out[at + 4 + i] = ((q[i] ?? 0) & 0xf) | (((q[i + 16] ?? 0) & 0xf) << 4);
}

/** One block of 32 values at `at` in `out`. */
function encodeBlock(format: "Q5_0" | "Q5_1" | "Q8_0", x: Float32Array, out: Buffer, at: number): void {
  let amax = 0;
  let [min, max] = [Infinity, -Infinity];
  for (const v of x) [amax, min, max] = [Math.max(amax, Math.abs(v)), Math.min(min, v), Math.max(max, v)];
  if (format === "Q8_0") {
    // x ≈ d·q, q in −127…127: x times 1/d in single precision, halves rounded away from zero. Real v0.17.4's Q8_0
    // blocks of the same values are these bytes exactly (a double x/d and Math.round differed on ties).
    const d = Math.fround(amax / 127);
    const inverse = d ? Math.fround(1 / d) : 0;
    out.writeUInt16LE(toHalf(d), at);
    x.forEach((v, i) => {
      const q = Math.fround(v * inverse);
      out.writeInt8(Math.sign(q) * Math.round(Math.abs(q)), at + 2 + i);
    });
  } else if (format === "Q5_0") {
    // x ≈ d·(q − 16), q in 0…31.
    const d = amax / 15;
    out.writeUInt16LE(toHalf(d), at);
    pack5(out, at + 2, Array.from(x, (v) => (d ? Math.max(0, Math.min(31, Math.round(v / d) + 16)) : 16)));
  } else {
    // x ≈ d·q + m, q in 0…31.
    const d = (max - min) / 31;
    out.writeUInt16LE(toHalf(d), at);
    out.writeUInt16LE(toHalf(min), at + 2);
    pack5(out, at + 4, Array.from(x, (v) => (d ? Math.max(0, Math.min(31, Math.round((v - min) / d))) : 0)));
  }
}

/** Floats in `format` (their count a multiple of the block). */
export function encodeFloats(format: BlockFormat, values: Float32Array): Buffer {
  const { block, bytes } = FORMAT[format];
  const out = Buffer.alloc((values.length / block) * bytes);
  if (format === "F32") values.forEach((v, i) => out.writeFloatLE(v, i * 4));
  else if (format === "F16") values.forEach((v, i) => out.writeUInt16LE(toHalf(v), i * 2));
  else if (format === "BF16") values.forEach((v, i) => out.writeUInt16LE(toBfloat(v), i * 2));
  else {
    for (let b = 0; b < values.length / block; b++) {
      const x = values.subarray(b * block, (b + 1) * block);
      if (format === "Q4_K" || format === "Q5_K" || format === "Q6_K") encodeKBlock(format, x, out, b * bytes);
      else encodeBlock(format, x, out, b * bytes);
    }
  }
  return out;
}
