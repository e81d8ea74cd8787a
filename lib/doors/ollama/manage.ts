// Deleting a model and unloading one from memory: the two Ollama mutations besides pulls.
import "server-only";
import type { Target } from "../runtime/config";
import { ollama, ollamaWithDeadline } from "./client";
import { ollamaError } from "./errors";

/** DELETE /api/delete. Throws AppError (not_found when the model is not installed). */
export async function deleteModel(target: Target, name: string): Promise<void> {
  try {
    await ollama(target).delete({ model: name });
  } catch (err) {
    throw ollamaError(err);
  }
}

/**
 * Unloads a model from GPU/RAM: generate with an empty prompt and keep_alive 0 (api-facts A1). Ollama answers at once and
 * frees memory asynchronously, so /api/ps may list the model for a moment longer. Throws AppError.
 */
export async function unloadModel(target: Target, name: string): Promise<void> {
  try {
    await ollama(target).generate({ model: name, prompt: "", keep_alive: 0, stream: false });
  } catch (err) {
    throw ollamaError(err);
  }
}

/** How long a model load may take (weights read from disk into VRAM) before the call counts as failed. */
const LOAD_TIMEOUT_MS = 180_000;

/**
 * Loads a model and keeps it loaded (`keep_alive: -1`; api-facts A1: negative = forever, the reply comes after the load).
 * An empty prompt loads without generating; an embedding model refuses generate, and loads through /api/embed with an
 * empty input instead (EmbedHandler schedules the runner before it looks at the input). Throws AppError with Ollama's
 * words (out of memory, no runner).
 */
export async function loadModelForever(target: Target, name: string, embedding = false): Promise<void> {
  try {
    const client = ollamaWithDeadline(target, LOAD_TIMEOUT_MS);
    if (embedding) await client.embed({ model: name, input: [], keep_alive: -1 });
    else await client.generate({ model: name, prompt: "", keep_alive: -1, stream: false });
  } catch (err) {
    throw ollamaError(err);
  }
}

/** Parameters of a variant (Modelfile PARAMETER names, e.g. num_ctx, temperature, num_gpu). */
export type VariantParameters = Record<string, number | string | boolean | string[]>;

/**
 * POST /api/create with `from`: a new model reusing the installed base's layers plus parameters and a system prompt.
 * Never files, adapters or blobs (the upload route of CVE-2026-7482). Throws AppError.
 */
export async function createFromModel(
  target: Target,
  input: { model: string; from: string; parameters?: VariantParameters; system?: string },
): Promise<void> {
  try {
    await ollamaWithDeadline(target, LOAD_TIMEOUT_MS).create({
      model: input.model,
      from: input.from,
      ...(input.parameters && Object.keys(input.parameters).length > 0 ? { parameters: input.parameters } : {}),
      ...(input.system ? { system: input.system } : {}),
      stream: false,
    });
  } catch (err) {
    throw ollamaError(err);
  }
}
