// The model inventory recorded on a snapshot: what Ollama lists at the moment the snapshot is made.
import "server-only";
import type { Target } from "../config";
import { ollama } from "../ollama/client";
import { ollamaError } from "../ollama/errors";
import type { ModelRef } from "./types";

/** Installed models (name + manifest digest), or why they could not be read; never throws. */
export async function modelInventory(target: Target): Promise<{ models: ModelRef[] | undefined; problem: string | undefined }> {
  try {
    const { models } = await ollama(target).list();
    return { models: models.map((m) => ({ name: m.name, digest: m.digest })), problem: undefined };
  } catch (err) {
    return { models: undefined, problem: `model inventory unavailable: ${ollamaError(err).message}` };
  }
}
