// Ollama v0.17.4's quantize step of /api/create (server/quantization.go, found against the real server): a GGUF whose
// general.file_type is F16 or F32 is written again with each weight in the type its rules pick, its metadata sorted by
// key with the new general.file_type and the decoder's general.parameter_count, its tensors ordered by block then name.
// The data is this project's own encoding of those formats (sim/registry/ggml-blocks.ts, the K-quants Q4_K, Q5_K and
// Q6_K in ggml-kquants.ts), so only the tensor bytes (and the digest) differ from real's.
import { HttpError } from "./http.ts";
import { FORMAT, GGML_TYPE, decodeFloats, encodeFloats, type BlockFormat } from "../registry/ggml-blocks.ts";
import { readGguf, type GgufHeader } from "../registry/gguf-read.ts";

/** What `quantize` may ask for, and its general.file_type id. */
export const QUANTIZE_FILE_TYPES: Record<string, number> = { F32: 0, F16: 1, Q8_0: 7, Q4_K_S: 14, Q4_K_M: 15, BF16: 32 };
/** Each file type's default tensor type. */
const DEFAULT_TENSOR: Record<string, string> = { F32: "F32", F16: "F16", Q8_0: "Q8_0", Q4_K_S: "Q4_K", Q4_K_M: "Q4_K", BF16: "BF16" };
/** Values per block of a tensor type the rules pick. */
const blockOf = (type: string) => (type in FORMAT ? FORMAT[type as BlockFormat].block : 1);
/** A K-quant whose rows do not split into its blocks falls back to this type (then F16 if that fails too). */
const FALLBACK: Record<string, string> = { Q4_K: "Q5_0", Q5_K: "Q5_1", Q6_K: "Q8_0" };
/** Weights newType never quantizes, by a part of the name (norms, gating, positional, SSM and RWKV odd ones). */
const KEPT_PARTS = ["_norm.weight", "ffn_gate_inp.weight", "ffn_gate_inp_shexp.weight", "ssm_conv1d.weight", "shortconv.conv.weight", "time_mix_first.weight", "time_mix_w1.weight", "time_mix_w2.weight", "time_mix_decay_w1.weight", "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight", "attn_rel_b.weight", "per_layer_token_embd.weight", "mm."];
const MLA_PARTS = ["attn_k_b.weight", "attn_v_b.weight", "attn_kv_a_mqa.weight", "attn_q_a.weight", "attn_q_b.weight"];
const isQuantized = (type: string) => !["F32", "F16", "BF16"].includes(type);
/** Qwen3-Next and Qwen3.5 in Q4_K_S or Q4_K_M: fixed types by name suffix, taken as they are (no fallback for rows). */
const QWEN3_LINEAR_ARCHES = ["qwen3next", "qwen35", "qwen35moe"];
const QWEN3_LINEAR_TYPES: [string, string][] = [
  ...["attn_q", "attn_k", "attn_output", "attn_qkv", "attn_gate", "ssm_ba", "ssm_beta", "ssm_alpha", "ssm_out"].map((n): [string, string] => [`.${n}.weight`, "Q4_K"]),
  ...["ffn_gate_exps", "ffn_gate_shexp", "ffn_up_exps", "ffn_up_shexp"].map((n): [string, string] => [`.${n}.weight`, "Q4_K"]),
  ...["attn_v", "ffn_down_exps", "ffn_down_shexp"].map((n): [string, string] => [`.${n}.weight`, "Q6_K"]),
];

type Tensor = GgufHeader["tensors"][number];

/** llama.cpp's "more bits" layers: the first and last eighth, and every third one between. */
const useMoreBits = (i: number, n: number) => i < Math.trunc(n / 8) || i >= Math.trunc((7 * n) / 8) || (i - Math.trunc(n / 8)) % 3 === 2;

/** The tensor type of each tensor (file order) for file type `to`: newType and getTensorNewType. */
function newTypes(header: GgufHeader, to: string): string[] {
  const names = header.tensors.map((t) => t.name);
  const layers = new Set(names.filter((n) => n.startsWith("blk.")).map((n) => n.split(".").slice(0, 2).join("."))).size;
  const nAttnV = names.filter((n) => ["attn_v.weight", "attn_qkv.weight", "attn_kv_b.weight"].some((p) => n.includes(p))).length;
  const hasOutput = names.includes("output.weight");
  const arch = String(header.kv["general.architecture"] ?? "");
  const experts = Math.max(1, Number(header.kv[`${arch}.expert_count`] ?? 0));
  let [iAttnV, iFfnDown] = [0, 0];
  return header.tensors.map((t: Tensor) => {
    const name = t.name;
    const quantize = name.endsWith("weight") && !name.startsWith("v.") && t.shape.length >= 2 && !KEPT_PARTS.some((p) => name.includes(p)) && name !== "position_embd.weight" && name !== "token_types.weight";
    if (!quantize) return t.type;
    if (QWEN3_LINEAR_ARCHES.includes(arch) && (to === "Q4_K_M" || to === "Q4_K_S")) {
      const fixed = QWEN3_LINEAR_TYPES.find(([suffix]) => name.endsWith(suffix))?.[1];
      if (fixed) return fixed;
    }
    let type = DEFAULT_TENSOR[to] ?? to;
    const nx = t.shape[0] ?? 0;
    if (name === "output.weight" || name === "output_norm.weight" || (!hasOutput && name === "token_embd.weight")) {
      type = nx % blockOf(type) !== 0 ? "Q8_0" : type !== "Q8_0" ? "Q6_K" : type;
    } else if (name.includes("attn_v.weight")) {
      if (to === "Q4_K_M" && useMoreBits(iAttnV, nAttnV)) type = "Q6_K";
      else if (to === "Q4_K_S" && iAttnV < 4) type = "Q5_K";
      if (experts === 8) type = "Q8_0";
      iAttnV++;
    } else if (name.includes("attn_k.weight")) {
      if (experts === 8) type = "Q8_0";
    } else if (MLA_PARTS.some((p) => name.includes(p))) {
      type = "Q8_0";
    } else if (name.includes("ffn_down")) {
      if (to === "Q4_K_M" && useMoreBits(iFfnDown, layers)) type = "Q6_K";
      else if (to === "Q4_K_S" && iFfnDown < Math.trunc(layers / 8)) type = "Q5_K";
      iFfnDown++;
    } else if (name.includes("attn_output.weight")) {
      if (experts === 8 && (to === "Q4_K_S" || to === "Q4_K_M")) type = "Q5_K";
    } else if (name.includes("attn_qkv.weight") && to === "Q4_K_M") {
      type = "Q5_K";
    }
    if (isQuantized(type) && nx % blockOf(type) !== 0) {
      type = FALLBACK[type] ?? type;
      if (nx % blockOf(type) !== 0) type = "F16";
    }
    return type;
  });
}

const u32Value = (id: number, v: number) => Buffer.concat([Buffer.from(Uint32Array.of(id).buffer), Buffer.from(Uint32Array.of(v).buffer)]);
const keyBytes = (key: string) => {
  const k = Buffer.from(key);
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(BigInt(k.length));
  return Buffer.concat([n, k]);
};

/**
 * The quantized GGUF of `bytes` (an F16 or F32 file) for file type `to`, calling `progress` with each tensor's source
 * size as it is written (quantizer.WriteTo's progressFn).
 */
export function quantizeGguf(bytes: Buffer, to: string, progress: (sourceBytes: number) => void): Buffer {
  const header = readGguf(bytes);
  if (!header) throw new Error("not a GGUF file");
  const types = newTypes(header, to);
  const alignment = typeof header.kv["general.alignment"] === "number" ? header.kv["general.alignment"] : 32;
  const pad = (n: number) => (alignment - (n % alignment)) % alignment;

  // The decoder's metadata, general.file_type replaced and general.parameter_count added (a u64), sorted by key.
  const parameterCount = Buffer.alloc(12);
  parameterCount.writeUInt32LE(10);
  parameterCount.writeBigUInt64LE(BigInt(header.parameterCount), 4);
  const kv: Record<string, Buffer> = { ...header.rawKv, "general.file_type": u32Value(4, QUANTIZE_FILE_TYPES[to] ?? 0), "general.parameter_count": parameterCount };
  const keys = Object.keys(kv).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  // Each tensor's new data, in file order (progress as each is done), then laid out by block number and name.
  const data = header.tensors.map((t, i) => {
    const from = t.type;
    const type = types[i] ?? from;
    const elements = t.shape.reduce((a, d) => a * d, 1);
    const size = (elements / blockOf(from)) * (FORMAT[from as BlockFormat]?.bytes ?? 0);
    const source = bytes.subarray(header.dataStart + t.offset, header.dataStart + t.offset + size);
    let out: Buffer;
    if (type === from) out = Buffer.from(source);
    else if (!(type in GGML_TYPE) || (from !== "F32" && from !== "F16")) throw new HttpError(501, `the simulator does not write ${type} tensors (${t.name})`);
    else out = encodeFloats(type as BlockFormat, decodeFloats(from, source));
    progress(size);
    return { ...t, type, out };
  });
  // Tensor.block: the number after `blk.`, or last.
  const block = (name: string) => Number(/^blk\.(\d+)\./.exec(name)?.[1] ?? Infinity);
  const ordered = [...data].sort((a, b) => block(a.name) - block(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const parts: Buffer[] = [Buffer.from("GGUF"), Buffer.from(Uint32Array.of(3).buffer)];
  const counts = Buffer.alloc(16);
  counts.writeBigUInt64LE(BigInt(ordered.length));
  counts.writeBigUInt64LE(BigInt(keys.length), 8);
  parts.push(counts);
  for (const key of keys) parts.push(keyBytes(key), kv[key] ?? Buffer.alloc(0));
  let offset = 0;
  for (const t of ordered) {
    const info = Buffer.alloc(4 + 8 * t.shape.length + 4 + 8);
    info.writeUInt32LE(t.shape.length);
    t.shape.forEach((d, i) => info.writeBigUInt64LE(BigInt(d), 4 + 8 * i));
    info.writeUInt32LE(GGML_TYPE[t.type as BlockFormat], 4 + 8 * t.shape.length);
    info.writeBigUInt64LE(BigInt(offset), 8 + 8 * t.shape.length);
    parts.push(keyBytes(t.name), info);
    offset += t.out.length + pad(t.out.length);
  }
  const headerLength = parts.reduce((n, p) => n + p.length, 0);
  parts.push(Buffer.alloc(pad(headerLength)));
  // Each tensor at its aligned offset: padding between them, none after the last.
  ordered.forEach((t, i) => parts.push(t.out, Buffer.alloc(i < ordered.length - 1 ? pad(t.out.length) : 0)));
  return Buffer.concat(parts);
}
