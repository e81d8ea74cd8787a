// What the cache holds at the moment a snapshot is made: the installed models, and pulls still writing to it.
import "server-only";
import type { Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { invalidateOllama, listModels } from "../../doors/ollama/cache";
import { pulls } from "../pulls";
import { FINAL } from "../pulls/job";
import type { ModelRef } from "../../shared/snapshots/types";

/** Installed models (name + manifest digest), or why they could not be read; never throws. */
export async function modelInventory(target: Target): Promise<{ models: ModelRef[] | undefined; problem: string | undefined }> {
  try {
    // Read now, not from the 2-s cache of the pages' polls: a snapshot taken just after Ollama came back would record
    // the cached "unreachable" instead of the models it holds (a browser test caught it after an Ollama-down test).
    invalidateOllama(target);
    const models = await listModels(target);
    return { models: models.map((m) => ({ name: m.name, digest: m.digest })), problem: undefined };
  } catch (err) {
    const reason = err instanceof AppError ? err.message : "unexpected error";
    return { models: undefined, problem: `model inventory unavailable: ${reason}` };
  }
}

/** Models being pulled right now: a snapshot taken meanwhile may hold a half-written blob. */
export function activePulls(target: Target): string[] {
  return pulls(target)
    .list()
    .filter((job) => !FINAL.has(job.state))
    .map((job) => job.model);
}
