// The simulated Ollama library: real model names with their published sizes and GGUF metadata.
import { FAMILIES, type Family } from "./families.ts";
import type { GgufKv } from "./gguf-read.ts";

export type Capability = "completion" | "tools" | "insert" | "vision" | "embedding" | "thinking";

export interface ModelSpec {
  /** Tags served by the registry; the first is canonical, the others share its manifest. */
  tags: string[];
  family: Family;
  modelBytes: number;
  projectorBytes?: number;
  configBytes: number;
  parameterSize: string;
  parameterCount: number;
  quantization: string;
  contextLength: number;
  embeddingLength: number;
  blockCount: number;
  headCount: number;
  capabilities: Capability[];
  /** The GGUF's tensor list as `/api/show` prints it; only content models (tiny) know theirs. */
  tensors?: { name: string; type: string; shape: number[] }[];
  /** The GGUF's metadata, what `/api/show` prints as model_info; only models with real bytes (tiny, uploads) know it. */
  kv?: Record<string, GgufKv>;
}

const TOOLS: Capability[] = ["completion", "tools"];

/** Every model the simulated registry knows. */
export const LIBRARY: ModelSpec[] = [
  {
    tags: ["llama3.2:3b", "llama3.2:latest"], family: FAMILIES.llama32, modelBytes: 2019377376, configBytes: 561,
    parameterSize: "3.2B", parameterCount: 3212749888, quantization: "Q4_K_M", contextLength: 131072,
    embeddingLength: 3072, blockCount: 28, headCount: 24, capabilities: TOOLS,
  },
  {
    tags: ["llama3.2:1b"], family: FAMILIES.llama32, modelBytes: 1321082688, configBytes: 561,
    parameterSize: "1.2B", parameterCount: 1235814432, quantization: "Q8_0", contextLength: 131072,
    embeddingLength: 2048, blockCount: 16, headCount: 32, capabilities: TOOLS,
  },
  {
    tags: ["llama3.1:8b", "llama3.1:latest"], family: FAMILIES.llama31, modelBytes: 4920734016, configBytes: 487,
    parameterSize: "8.0B", parameterCount: 8030261248, quantization: "Q4_K_M", contextLength: 131072,
    embeddingLength: 4096, blockCount: 32, headCount: 32, capabilities: TOOLS,
  },
  {
    tags: ["llama3.1:70b"], family: FAMILIES.llama31, modelBytes: 42520393408, configBytes: 488,
    parameterSize: "70.6B", parameterCount: 70553706496, quantization: "Q4_K_M", contextLength: 131072,
    embeddingLength: 8192, blockCount: 80, headCount: 64, capabilities: TOOLS,
  },
  {
    tags: ["qwen2.5:7b", "qwen2.5:latest"], family: FAMILIES.qwen25, modelBytes: 4683073184, configBytes: 487,
    parameterSize: "7.6B", parameterCount: 7615616512, quantization: "Q4_K_M", contextLength: 32768,
    embeddingLength: 3584, blockCount: 28, headCount: 28, capabilities: TOOLS,
  },
  {
    tags: ["qwen2.5:14b"], family: FAMILIES.qwen25, modelBytes: 8988110464, configBytes: 488,
    parameterSize: "14.8B", parameterCount: 14770033664, quantization: "Q4_K_M", contextLength: 32768,
    embeddingLength: 5120, blockCount: 48, headCount: 40, capabilities: TOOLS,
  },
  {
    tags: ["mistral:7b", "mistral:latest"], family: FAMILIES.mistral, modelBytes: 4113289600, configBytes: 485,
    parameterSize: "7.2B", parameterCount: 7248023552, quantization: "Q4_0", contextLength: 32768,
    embeddingLength: 4096, blockCount: 32, headCount: 32, capabilities: TOOLS,
  },
  {
    tags: ["gemma2:9b", "gemma2:latest"], family: FAMILIES.gemma2, modelBytes: 5443152416, configBytes: 487,
    parameterSize: "9.2B", parameterCount: 9241705984, quantization: "Q4_0", contextLength: 8192,
    embeddingLength: 3584, blockCount: 42, headCount: 16, capabilities: ["completion"],
  },
  {
    tags: ["gemma2:27b"], family: FAMILIES.gemma2, modelBytes: 15628378048, configBytes: 488,
    parameterSize: "27.2B", parameterCount: 27227128320, quantization: "Q4_0", contextLength: 8192,
    embeddingLength: 4608, blockCount: 46, headCount: 32, capabilities: ["completion"],
  },
  {
    tags: ["deepseek-r1:7b"], family: FAMILIES.deepseekR1, modelBytes: 4683071872, configBytes: 487,
    parameterSize: "7.6B", parameterCount: 7615616512, quantization: "Q4_K_M", contextLength: 131072,
    embeddingLength: 3584, blockCount: 28, headCount: 28, capabilities: ["completion", "thinking"],
  },
  {
    tags: ["deepseek-r1:14b"], family: FAMILIES.deepseekR1, modelBytes: 8988110336, configBytes: 488,
    parameterSize: "14.8B", parameterCount: 14770033664, quantization: "Q4_K_M", contextLength: 131072,
    embeddingLength: 5120, blockCount: 48, headCount: 40, capabilities: ["completion", "thinking"],
  },
  {
    tags: ["phi3:mini", "phi3:3.8b", "phi3:latest"], family: FAMILIES.phi3, modelBytes: 2176177120, configBytes: 483,
    parameterSize: "3.8B", parameterCount: 3821079552, quantization: "Q4_0", contextLength: 131072,
    embeddingLength: 3072, blockCount: 32, headCount: 32, capabilities: ["completion"],
  },
  {
    tags: ["nomic-embed-text:v1.5", "nomic-embed-text:latest"], family: FAMILIES.nomic, modelBytes: 274290656,
    configBytes: 420, parameterSize: "137M", parameterCount: 136727040, quantization: "F16", contextLength: 2048,
    embeddingLength: 768, blockCount: 12, headCount: 12, capabilities: ["embedding"],
  },
  {
    tags: ["llava:7b", "llava:latest"], family: FAMILIES.llava, modelBytes: 4108916384, projectorBytes: 624434336,
    configBytes: 485, parameterSize: "7B", parameterCount: 7241732096, quantization: "Q4_0", contextLength: 32768,
    embeddingLength: 4096, blockCount: 32, headCount: 32, capabilities: ["completion", "vision"],
  },
];
