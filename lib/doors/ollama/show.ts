// Model details (POST /api/show) reshaped for the detail panel: capabilities, context length, parameters, template, license.
import "server-only";
import type { ShowResponse } from "ollama";
import type { Target } from "../runtime/config";
import { iso } from "../../shared/kubernetes/wire";
import { ollama } from "./client";
import { ollamaError } from "./errors";

export interface ModelDetails {
  name: string;
  family: string;
  parameterSize: string;
  quantization: string;
  format: string;
  architecture: string | undefined;
  /** model_info["<arch>.context_length"]: the longest context the model was trained for. */
  contextLength: number | undefined;
  capabilities: string[];
  parameters: string;
  template: string;
  system: string;
  license: string;
  modelfile: string;
  modifiedAt: string | undefined;
}

/** ShowResponse → ModelDetails (model_info is typed as a Map by ollama-js but arrives as a plain object). */
export function summarizeShow(name: string, r: ShowResponse): ModelDetails {
  const info = (r.model_info ?? {}) as unknown as Record<string, unknown>;
  const architecture = typeof info["general.architecture"] === "string" ? info["general.architecture"] : undefined;
  const context = architecture ? info[`${architecture}.context_length`] : undefined;
  return {
    name,
    family: r.details?.family ?? "",
    parameterSize: r.details?.parameter_size ?? "",
    quantization: r.details?.quantization_level ?? "",
    format: r.details?.format ?? "",
    architecture,
    contextLength: typeof context === "number" ? context : undefined,
    capabilities: r.capabilities ?? [],
    parameters: r.parameters ?? "",
    template: r.template ?? "",
    system: r.system ?? "",
    license: r.license ?? "",
    modelfile: r.modelfile ?? "",
    modifiedAt: iso(r.modified_at),
  };
}

/** Details of an installed model. Throws AppError (not_found when it is not installed). */
export async function showModel(target: Target, name: string): Promise<ModelDetails> {
  try {
    return summarizeShow(name, await ollama(target).show({ model: name }));
  } catch (err) {
    throw ollamaError(err);
  }
}
