// Unloading models from GPU/RAM, one or all, audited; the cached /api/ps answer is dropped so the list follows at once.
import "server-only";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import type { Target } from "../../doors/runtime/config";
import { invalidateOllama, listLoaded } from "../../doors/ollama/cache";
import { unloadModel } from "../../doors/ollama/manage";
import { allowedModelName } from "./names";

type Actor = Pick<SessionUser, "id" | "name" | "role">;

async function unloadOne(target: Target, user: Actor, name: string): Promise<void> {
  try {
    await unloadModel(target, name);
    audit(user, { action: "ModelUnloaded", subject: name, outcome: "success" });
  } catch (err) {
    audit(user, { action: "ModelUnloaded", subject: name, outcome: "failure", message: failureMessage(err) });
    throw err;
  }
}

/** Unloads one model, or every loaded model with `{ all: true }` (each attempted; failures listed). Throws AppError for one model. */
export async function unload(
  target: Target,
  user: Actor,
  which: { model: string } | { all: true },
): Promise<{ unloaded: string[]; failed: { name: string; message: string }[] }> {
  try {
    if ("model" in which) {
      const model = which.model;
      allowedModelName(model);
      await unloadOne(target, user, model);
      return { unloaded: [model], failed: [] };
    }
    invalidateOllama(target);
    const result = { unloaded: [] as string[], failed: [] as { name: string; message: string }[] };
    for (const { name } of await listLoaded(target)) {
      try {
        await unloadOne(target, user, name);
        result.unloaded.push(name);
      } catch (err) {
        result.failed.push({ name, message: failureMessage(err) });
      }
    }
    return result;
  } finally {
    invalidateOllama(target);
  }
}
