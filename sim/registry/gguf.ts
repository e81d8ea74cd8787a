// A tiny real GGUF model written by this project: a llama-architecture network with a toy SentencePiece vocabulary and
// seeded random F32 weights. Real Ollama loads it on the CPU (its Go engine reads `llama.*` hyperparameters and the
// `tokenizer.ggml.*` arrays), so the real tier can pull, load and unload a model without downloading anyone's weights.
//
// File layout (GGUF v3, little-endian): magic "GGUF", version, tensor count, metadata count, metadata (key, type, value),
// tensor infos (name, dims innermost first, type, offset into the data section), padding to the alignment, then the
// tensor data, each tensor starting on an aligned offset.

import { GGML_TYPE, encodeFloats } from "./ggml-blocks.ts";

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const VERSION = 3;
const ALIGNMENT = 32;

const T = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10 } as const;

export type GgufValue =
  | { type: "u32" | "i32" | "f32" | "u64"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "array"; of: "string"; value: string[] }
  | { type: "array"; of: "f32" | "i32"; value: number[] };

export interface GgufTensor {
  name: string;
  /** Dimensions innermost first (ne[0] is the length of one row), as GGUF stores them. */
  dims: number[];
  data: Float32Array;
  /** How the data is stored (F32 unless said). */
  format?: "F32" | "F16";
}

/** Growable little-endian byte writer. */
class Writer {
  #buf = Buffer.alloc(1 << 16);
  length = 0;

  #ensure(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    const next = Buffer.alloc(Math.max(this.#buf.length * 2, this.length + n));
    this.#buf.copy(next, 0, 0, this.length);
    this.#buf = next;
  }
  u32(v: number): void {
    this.#ensure(4);
    this.length = this.#buf.writeUInt32LE(v, this.length);
  }
  i32(v: number): void {
    this.#ensure(4);
    this.length = this.#buf.writeInt32LE(v, this.length);
  }
  u64(v: number): void {
    this.#ensure(8);
    this.length = this.#buf.writeBigUInt64LE(BigInt(v), this.length);
  }
  f32(v: number): void {
    this.#ensure(4);
    this.length = this.#buf.writeFloatLE(v, this.length);
  }
  u8(v: number): void {
    this.#ensure(1);
    this.length = this.#buf.writeUInt8(v, this.length);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.bytes(bytes);
  }
  bytes(b: Uint8Array): void {
    this.#ensure(b.length);
    this.#buf.set(b, this.length);
    this.length += b.length;
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    this.bytes(new Uint8Array(pad));
  }
  result(): Buffer {
    return this.#buf.subarray(0, this.length);
  }
}

function writeValue(w: Writer, v: GgufValue): void {
  w.u32(v.type === "array" ? T.array : T[v.type]);
  switch (v.type) {
    case "u32":
      return w.u32(v.value);
    case "i32":
      return w.i32(v.value);
    case "f32":
      return w.f32(v.value);
    case "u64":
      return w.u64(v.value);
    case "bool":
      return w.u8(v.value ? 1 : 0);
    case "string":
      return w.string(v.value);
    case "array":
      w.u32(T[v.of]);
      w.u64(v.value.length);
      for (const item of v.value) {
        if (v.of === "string") w.string(item as string);
        else if (v.of === "f32") w.f32(item as number);
        else w.i32(item as number);
      }
  }
}

/** Serialises metadata and F32 or F16 tensors into GGUF v3 bytes. */
export function writeGguf(metadata: Record<string, GgufValue>, tensors: GgufTensor[]): Buffer {
  const w = new Writer();
  w.u32(MAGIC);
  w.u32(VERSION);
  w.u64(tensors.length);
  const kv = { ...metadata, "general.alignment": { type: "u32", value: ALIGNMENT } as GgufValue };
  w.u64(Object.keys(kv).length);
  for (const [key, value] of Object.entries(kv)) {
    w.string(key);
    writeValue(w, value);
  }
  let offset = 0;
  const data = tensors.map((t) => encodeFloats(t.format ?? "F32", t.data));
  tensors.forEach((t, i) => {
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor ${t.name}: ${t.data.length} values for dims ${t.dims.join("x")}`);
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_TYPE[t.format ?? "F32"]);
    w.u64(offset);
    offset += data[i]?.length ?? 0;
    offset += (ALIGNMENT - (offset % ALIGNMENT)) % ALIGNMENT;
  });
  w.padTo(ALIGNMENT);
  for (const bytes of data) {
    w.bytes(bytes);
    w.padTo(ALIGNMENT);
  }
  return w.result();
}

/** mulberry32: a small seeded PRNG, so the same seed always writes the same bytes (and the same digest). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TinyLlamaOptions {
  seed?: number;
  embedding?: number;
  layers?: number;
  heads?: number;
  kvHeads?: number;
  feedForward?: number;
  contextLength?: number;
  name?: string;
  /** Extra metadata keys (a `tokenizer.chat_template`, say), written after the defaults. */
  metadata?: Record<string, GgufValue>;
  /** ALL_F32 (the default, general.file_type 0, which Ollama reads as unknown) or MOSTLY_F16 (1: matrices in F16, norms F32), which Ollama can quantize. */
  fileType?: "F32" | "F16";
}

/** SentencePiece token types (llama.cpp's llama_token_type). */
const TOKEN = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

const WORDS = ["hello", "world", "the", "a", "model", "tiny", "ollama", "ops", "cluster", "pull", "load", "ready"];

/** The toy vocabulary: <unk>, <s>, </s>, the 256 byte-fallback pieces, then a few word pieces. */
function vocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types: number[] = [TOKEN.unknown, TOKEN.control, TOKEN.control];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(TOKEN.byte);
  }
  const pieces = ["▁", ...WORDS.map((w) => `▁${w}`), ..."abcdefghijklmnopqrstuvwxyz".split("")];
  for (const piece of pieces) {
    tokens.push(piece);
    types.push(TOKEN.normal);
  }
  const scores = tokens.map((_, i) => (types[i] === TOKEN.normal ? -i : 0));
  return { tokens, scores, types };
}

/** A tiny llama model (≈ 1.9 MB with the defaults) as GGUF bytes and its parameter count; deterministic for a seed. */
export function tinyLlamaGguf(opts: TinyLlamaOptions = {}): {
  bytes: Buffer;
  parameterCount: number;
  tensors: { name: string; type: string; shape: number[] }[];
} {
  const seed = opts.seed ?? 1;
  const n = opts.embedding ?? 128;
  const layers = opts.layers ?? 2;
  const heads = opts.heads ?? 4;
  const kvHeads = opts.kvHeads ?? 2;
  const ff = opts.feedForward ?? 384;
  const ctx = opts.contextLength ?? 2048;
  const headDim = n / heads;
  if (!Number.isInteger(headDim) || heads % kvHeads !== 0) throw new Error("embedding must divide by heads, heads by kvHeads");
  const vocab = vocabulary();
  const V = vocab.tokens.length;
  const random = prng(seed);

  const uniform = (count: number, scale: number) => Float32Array.from({ length: count }, () => (random() * 2 - 1) * scale);
  const ones = (count: number) => new Float32Array(count).fill(1);
  const f16 = opts.fileType === "F16";
  const matrix = (name: string, cols: number, rows: number): GgufTensor => ({
    name,
    dims: [cols, rows],
    data: uniform(cols * rows, 1 / Math.sqrt(cols)),
    format: f16 ? "F16" : "F32",
  });

  const tensors: GgufTensor[] = [matrix("token_embd.weight", n, V)];
  for (let i = 0; i < layers; i++) {
    const p = `blk.${i}`;
    tensors.push(
      { name: `${p}.attn_norm.weight`, dims: [n], data: ones(n) },
      matrix(`${p}.attn_q.weight`, n, n),
      matrix(`${p}.attn_k.weight`, n, headDim * kvHeads),
      matrix(`${p}.attn_v.weight`, n, headDim * kvHeads),
      matrix(`${p}.attn_output.weight`, n, n),
      { name: `${p}.ffn_norm.weight`, dims: [n], data: ones(n) },
      matrix(`${p}.ffn_gate.weight`, n, ff),
      matrix(`${p}.ffn_up.weight`, n, ff),
      matrix(`${p}.ffn_down.weight`, ff, n),
    );
  }
  tensors.push({ name: "output_norm.weight", dims: [n], data: ones(n) }, matrix("output.weight", n, V));

  const u32 = (value: number): GgufValue => ({ type: "u32", value });
  const metadata: Record<string, GgufValue> = {
    "general.architecture": { type: "string", value: "llama" },
    "general.name": { type: "string", value: opts.name ?? "tiny" },
    "general.file_type": u32(f16 ? 1 : 0), // MOSTLY_F16 or ALL_F32
    "llama.context_length": u32(ctx),
    "llama.embedding_length": u32(n),
    "llama.block_count": u32(layers),
    "llama.feed_forward_length": u32(ff),
    "llama.attention.head_count": u32(heads),
    "llama.attention.head_count_kv": u32(kvHeads),
    "llama.attention.layer_norm_rms_epsilon": { type: "f32", value: 1e-5 },
    "llama.rope.dimension_count": u32(headDim),
    "llama.rope.freq_base": { type: "f32", value: 10000 },
    "llama.vocab_size": u32(V),
    "tokenizer.ggml.model": { type: "string", value: "llama" },
    "tokenizer.ggml.tokens": { type: "array", of: "string", value: vocab.tokens },
    "tokenizer.ggml.scores": { type: "array", of: "f32", value: vocab.scores },
    "tokenizer.ggml.token_type": { type: "array", of: "i32", value: vocab.types },
    "tokenizer.ggml.unknown_token_id": u32(0),
    "tokenizer.ggml.bos_token_id": u32(1),
    "tokenizer.ggml.eos_token_id": u32(2),
    "tokenizer.ggml.add_bos_token": { type: "bool", value: true },
    "tokenizer.ggml.add_eos_token": { type: "bool", value: false },
    ...opts.metadata,
  };
  const parameterCount = tensors.reduce((sum, t) => sum + t.data.length, 0);
  const infos = tensors.map((t) => ({ name: t.name, type: t.format ?? "F32", shape: t.dims }));
  return { bytes: writeGguf(metadata, tensors), parameterCount, tensors: infos };
}

/**
 * A LoRA adapter GGUF for the tiny llama (`general.type` adapter, rank-4 A/B matrices on the first block's query
 * projection, filled with a constant): what `/api/create` takes as `adapters`. Real Ollama reads only its header there.
 */
export function tinyAdapterGguf(opts: { embedding?: number; rank?: number; metadata?: Record<string, GgufValue> } = {}): Buffer {
  const n = opts.embedding ?? 128;
  const rank = opts.rank ?? 4;
  const filled = (name: string, cols: number, rows: number): GgufTensor => ({ name, dims: [cols, rows], data: new Float32Array(cols * rows).fill(0.01) });
  return writeGguf(
    {
      "general.architecture": { type: "string", value: "llama" },
      "general.type": { type: "string", value: "adapter" },
      "adapter.type": { type: "string", value: "lora" },
      "adapter.lora.alpha": { type: "f32", value: 16 },
      ...opts.metadata,
    },
    [filled("blk.0.attn_q.weight.lora_a", n, rank), filled("blk.0.attn_q.weight.lora_b", rank, n)],
  );
}

/** Go's format.HumanNumber, which Ollama uses for the parameter size (`470K`, `1.24M`, `8B`). */
export function humanNumber(n: number): string {
  const scaled = (div: number, unit: string, decimals: number) =>
    n / div === Math.floor(n / div) ? `${n / div}${unit}` : `${(n / div).toFixed(decimals)}${unit}`;
  if (n >= 1e9) return scaled(1e9, "B", 1);
  if (n >= 1e6) return scaled(1e6, "M", 2);
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}
