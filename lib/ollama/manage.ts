// Deleting a model and unloading one from memory: the two Ollama mutations besides pulls.
import "server-only";
import type { Target } from "../config";
import { ollama } from "./client";
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

/**
 * Loads a model and keeps it loaded (`keep_alive: -1`). An empty prompt loads without generating (api-facts A1); an
 * embedding model refuses generate, and loads through /api/embed with an empty input instead (EmbedHandler schedules the
 * runner before it looks at the input). Throws AppError.
 */
export async function loadModelForever(target: Target, name: string, embedding: boolean): Promise<void> {
  try {
    if (embedding) await ollama(target).embed({ model: name, input: [], keep_alive: -1 });
    else await ollama(target).generate({ model: name, prompt: "", keep_alive: -1, stream: false });
  } catch (err) {
    throw ollamaError(err);
  }
}
