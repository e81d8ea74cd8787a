// "Create variant" (issue #14): a new model `from` an installed one with parameters and a system prompt, through
// /api/create with `from` only — never files or blobs. No weights are copied: the variant shares every layer.
import "server-only";
import { z } from "zod";
import { audit, failureMessage } from "../audit";
import type { SessionUser } from "../../shared/auth/roles";
import { config, type Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { invalidateOllama, listModels } from "../../doors/ollama/cache";
import { createFromModel } from "../../doors/ollama/manage";
import { checkPullName } from "../../shared/ollama/names";
import { modelKey } from "../../shared/models/drift";
import { allowedModelName } from "./names";
import type { VariantResult } from "./desired-types";

type Actor = Pick<SessionUser, "id" | "name" | "role">;

/** The parameters a variant may set (Modelfile PARAMETER names), each with its valid range. */
export const variantParameters = z
  .strictObject({
    num_ctx: z.number().int().min(256, "num_ctx: at least 256").max(1_048_576, "num_ctx: at most 1048576"),
    temperature: z.number().min(0, "temperature: 0–2").max(2, "temperature: 0–2"),
    num_gpu: z.number().int().min(0, "num_gpu: 0–1000 layers").max(1000, "num_gpu: 0–1000 layers"),
    top_p: z.number().min(0, "top_p: 0–1").max(1, "top_p: 0–1"),
    top_k: z.number().int().min(1, "top_k: 1–1000").max(1000, "top_k: 1–1000"),
    repeat_penalty: z.number().min(0, "repeat_penalty: 0–5").max(5, "repeat_penalty: 0–5"),
    seed: z.number().int(),
    num_predict: z.number().int().min(-2, "num_predict: -2 or more").max(1_048_576),
    stop: z.array(z.string().min(1).max(100)).max(8, "stop: at most 8 sequences"),
  })
  .partial();

export type VariantInput = { name: string; from: string; parameters: z.infer<typeof variantParameters>; system?: string };


/** Creates the variant. Throws AppError: invalid name, unknown base, a name that already exists. Audited. */
export async function createVariant(target: Target, user: Actor, input: VariantInput): Promise<VariantResult> {
  const name = checkPullName(input.name, config().pulls.registries);
  if (!name.ok) throw new AppError("invalid", `Variant name: ${name.reason}`, "console");
  const from = allowedModelName(input.from);
  const installed = await listModels(target);
  const base = installed.find((m) => modelKey(m.name) === from.key);
  if (!base) throw new AppError("not_found", `${from.display} is not installed: a variant is made from an installed model`, "console");
  const clash = installed.find((m) => modelKey(m.name) === name.key);
  // Ollama would silently replace the existing model.
  if (clash) throw new AppError("conflict", `${clash.name} already exists; choose another name (creating it would replace that model)`, "console");
  try {
    await createFromModel(target, { model: name.display, from: base.name, parameters: input.parameters, ...(input.system ? { system: input.system } : {}) });
  } catch (err) {
    audit(user, { action: "ModelVariantCreated", subject: name.display, outcome: "failure", message: failureMessage(err) });
    throw err;
  } finally {
    invalidateOllama(target);
  }
  const settingsBytes = Buffer.byteLength(JSON.stringify(input.parameters)) + Buffer.byteLength(input.system ?? "");
  audit(user, { action: "ModelVariantCreated", subject: name.display, outcome: "success", details: { from: base.name, parameters: input.parameters, system: Boolean(input.system) } });
  return { model: name.display, from: base.name, newWeightBytes: 0, settingsBytes };
}
