// ggml's K-quant formats, superblocks of 256 values as ggml lays them out (ggml-common.h's block_q4_K, block_q5_K and
// block_q6_K), with this project's own encoder: scales picked from each sub-block's range and rounded up so no value
// clips, then each value rounded to its nearest step. A real file in these formats, not llama.cpp's exact bytes (its
// encoder searches for the scales of least error, ours takes one pass).
import { fromHalf, toHalf } from "./half.ts";

export type KQuant = "Q4_K" | "Q5_K" | "Q6_K";

/** Bytes per superblock of 256 values. */
export const K_BYTES: Record<KQuant, number> = { Q4_K: 144, Q5_K: 176, Q6_K: 210 };

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * A scale (≥ 0) stored as a half at `at`, rounded up so the largest sub-block's scale still fits its bits; returns what
 * a reader gets back, which the quants are fitted to.
 */
function half(out: Buffer, at: number, value: number): number {
  let bits = toHalf(value);
  if (fromHalf(bits) < value) bits++;
  out.writeUInt16LE(bits, at);
  return fromHalf(bits);
}

/**
 * Q4_K and Q5_K: d and dmin (halves), eight 6-bit scales and eight 6-bit mins in 12 bytes, then the quants; value i of
 * sub-block j (32 values) is d·scale[j]·q − dmin·min[j], q in 0…15 (Q4_K) or 0…31 (Q5_K).
 */
function encodeScaleMin(format: "Q4_K" | "Q5_K", x: Float32Array, out: Buffer, at: number): void {
  const top = format === "Q4_K" ? 15 : 31;
  const subs = Array.from({ length: 8 }, (_, j) => x.subarray(32 * j, 32 * j + 32));
  // The offset is subtracted and never negative: a sub-block whose values are all above zero starts at zero.
  const lows = subs.map((s) => Math.max(0, -Math.min(...s)));
  const dmin = half(out, at + 2, Math.max(...lows) / 63);
  const mins = lows.map((l) => (dmin ? clamp(Math.ceil(l / dmin), 0, 63) : 0));
  const spans = subs.map((s, j) => (Math.max(0, ...s) + (mins[j] ?? 0) * dmin) / top);
  const d = half(out, at, Math.max(...spans) / 63);
  const scales = spans.map((s) => (d ? clamp(Math.ceil(s / d), 0, 63) : 0));
  // Scales and mins 0…3 in the low six bits of bytes 0…3 and 4…7; 4…7 have their low four bits in bytes 8…11 and
  // their top two bits in the top two bits of bytes 0…3 (scales) and 4…7 (mins).
  for (let j = 0; j < 4; j++) {
    const [s, m, s4, m4] = [scales[j] ?? 0, mins[j] ?? 0, scales[j + 4] ?? 0, mins[j + 4] ?? 0];
    out[at + 4 + j] = s | ((s4 >> 4) << 6);
    out[at + 8 + j] = m | ((m4 >> 4) << 6);
    out[at + 12 + j] = (s4 & 0xf) | ((m4 & 0xf) << 4);
  }
  const q = Array.from(x, (v, i) => {
    const j = i >> 5;
    const step = d * (scales[j] ?? 0);
    return step ? clamp(Math.round((v + (mins[j] ?? 0) * dmin) / step), 0, top) : 0;
  });
  // Each 64 values: 32 bytes, value l in the low nibble of byte l and value 32+l in the high one; Q5_K keeps the
  // fifth bits in 32 bytes before them, bit 2c (value 64c+l) and bit 2c+1 (value 64c+32+l) of byte l.
  const qs = at + (format === "Q4_K" ? 16 : 48);
  for (let c = 0; c < 4; c++) {
    for (let l = 0; l < 32; l++) {
      const [lo, hi] = [q[64 * c + l] ?? 0, q[64 * c + 32 + l] ?? 0];
      out[qs + 32 * c + l] = (lo & 0xf) | ((hi & 0xf) << 4);
      if (format === "Q5_K") out[at + 16 + l] = (out[at + 16 + l] ?? 0) | ((lo >> 4) << (2 * c)) | ((hi >> 4) << (2 * c + 1));
    }
  }
}

/**
 * Q6_K: 128 bytes of low nibbles, 64 of high bit pairs, sixteen signed 8-bit scales, then d (a half); value i of
 * sub-block j (16 values) is d·scale[j]·(q − 32), q in 0…63.
 */
function encodeQ6K(x: Float32Array, out: Buffer, at: number): void {
  const spans = Array.from({ length: 16 }, (_, j) => Math.max(...x.subarray(16 * j, 16 * j + 16).map(Math.abs)) / 31);
  const d = half(out, at + 208, Math.max(...spans) / 127);
  const scales = spans.map((s) => (d ? clamp(Math.ceil(s / d), 0, 127) : 0));
  scales.forEach((s, j) => out.writeInt8(s, at + 192 + j));
  const q = Array.from(x, (v, i) => {
    const step = d * (scales[i >> 4] ?? 0);
    return (step ? clamp(Math.round(v / step), -32, 31) : 0) + 32;
  });
  // Each 128 values h: bytes l and 32+l of its 64 low-nibble bytes hold values l, 32+l (low nibbles) and 64+l, 96+l
  // (high nibbles); byte l of its 32 high-bit bytes holds the top two bits of values l, 32+l, 64+l, 96+l in that order.
  for (let h = 0; h < 2; h++) {
    for (let l = 0; l < 32; l++) {
      const [a, b, c, e] = [0, 32, 64, 96].map((k) => q[128 * h + k + l] ?? 32) as [number, number, number, number];
      out[at + 64 * h + l] = (a & 0xf) | ((c & 0xf) << 4);
      out[at + 64 * h + 32 + l] = (b & 0xf) | ((e & 0xf) << 4);
      out[at + 128 + 32 * h + l] = (a >> 4) | ((b >> 4) << 2) | ((c >> 4) << 4) | ((e >> 4) << 6);
    }
  }
}

/** One superblock of 256 values at `at` in `out`. */
export function encodeKBlock(format: KQuant, x: Float32Array, out: Buffer, at: number): void {
  if (format === "Q6_K") encodeQ6K(x, out, at);
  else encodeScaleMin(format, x, out, at);
}
