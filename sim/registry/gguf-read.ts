// Reads a GGUF header (metadata and tensor infos, not the tensor data) the way Ollama's fs/ggml decoder does, so the
// simulators can describe a GGUF someone uploaded or pushed: the details, model_info and tensors /api/show prints.

/** A metadata value as Ollama's decoder holds it (arrays of any element type, 64-bit integers as numbers). */
export type GgufKv = string | number | boolean | GgufKv[];

export interface GgufHeader {
  version: number;
  kv: Record<string, GgufKv>;
  /** Tensor infos in file order; `shape` innermost first, `offset` into the data section. */
  tensors: { name: string; type: string; shape: number[]; offset: number }[];
  /** Where the tensor data starts (after the header, aligned to `general.alignment`). */
  dataStart: number;
  /** Σ elements of every tensor (Ollama's `general.parameter_count`). */
  parameterCount: number;
  /** Each metadata value as the file holds it (its type id, then the value), for writing it again unchanged. */
  rawKv: Record<string, Buffer>;
}

const MAGIC = "GGUF";

// ggml's tensor type ids and the names fs/ggml's TensorType.String gives them ("unknown" otherwise).
const TENSOR_TYPES: Record<number, string> = {
  0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 4: "MXFP4", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1", 10: "Q2_K",
  11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 28: "F64", 30: "BF16", 39: "MXFP4",
};

// llama_ftype ids (`general.file_type`) and fs/ggml's FileType.String names.
const FILE_TYPES: Record<number, string> = {
  0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 4: "MXFP4", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K", 11: "Q3_K_S",
  12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 21: "Q2_K_S", 32: "BF16",
};

/** The quantization Ollama reports for a `general.file_type`: KV.FileType treats 0 and a missing key as unknown. */
export function fileTypeName(fileType: GgufKv | undefined): string {
  return typeof fileType === "number" && fileType > 0 ? (FILE_TYPES[fileType] ?? "unknown") : "unknown";
}

/** The `general.file_type` number of a quantization name (0 when unknown). */
export function fileTypeNumber(name: string): number {
  return Number(Object.entries(FILE_TYPES).find(([, n]) => n === name)?.[0] ?? 0);
}

/** The shortest decimal that reads back as the same float32, as Go's JSON writes a float32 (`1e-05`, not `9.99…e-06`). */
function float32(value: number): number {
  for (let digits = 1; digits < 10; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** Whether the bytes start like a GGUF file (ggml.DetectContentType). */
export function isGguf(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.toString("latin1", 0, 4) === MAGIC;
}

/** Parses the header of GGUF v2/v3 bytes; undefined when they are not GGUF or end too early. */
export function readGguf(bytes: Buffer): GgufHeader | undefined {
  if (!isGguf(bytes)) return undefined;
  let at = 4;
  const take = (n: number) => {
    if (at + n > bytes.length) throw new RangeError("short GGUF");
    at += n;
    return at - n;
  };
  const u64 = () => Number(bytes.readBigUInt64LE(take(8)));
  const u32 = () => bytes.readUInt32LE(take(4));
  const str = () => {
    const n = u64();
    return bytes.toString("utf8", take(n), at);
  };
  const value = (type: number): GgufKv => {
    switch (type) {
      case 0: return bytes.readUInt8(take(1));
      case 1: return bytes.readInt8(take(1));
      case 2: return bytes.readUInt16LE(take(2));
      case 3: return bytes.readInt16LE(take(2));
      case 4: return u32();
      case 5: return bytes.readInt32LE(take(4));
      case 6: return float32(bytes.readFloatLE(take(4)));
      case 7: return bytes.readUInt8(take(1)) !== 0;
      case 8: return str();
      case 9: {
        const of = u32();
        return Array.from({ length: u64() }, () => value(of));
      }
      case 10: return u64();
      case 11: return Number(bytes.readBigInt64LE(take(8)));
      case 12: return bytes.readDoubleLE(take(8));
      default: throw new RangeError(`unknown GGUF value type ${type}`);
    }
  };
  try {
    const version = u32();
    const tensorCount = u64();
    const kvCount = u64();
    const kv: Record<string, GgufKv> = {};
    const rawKv: Record<string, Buffer> = {};
    for (let i = 0; i < kvCount; i++) {
      const key = str();
      const start = at;
      kv[key] = value(u32());
      rawKv[key] = bytes.subarray(start, at);
    }
    const tensors = Array.from({ length: tensorCount }, () => {
      const name = str();
      const shape = Array.from({ length: u32() }, () => u64());
      const type = TENSOR_TYPES[u32()] ?? "unknown";
      return { name, type, shape, offset: u64() };
    });
    const alignment = typeof kv["general.alignment"] === "number" ? kv["general.alignment"] : 32;
    const dataStart = Math.ceil(at / alignment) * alignment;
    const parameterCount = tensors.reduce((sum, t) => sum + t.shape.reduce((a, d) => a * d, 1), 0);
    return { version, kv, tensors, dataStart, parameterCount, rawKv };
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
