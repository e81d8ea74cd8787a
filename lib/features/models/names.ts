// Model names the console will pass to Ollama or a registry: Ollama's grammar plus the registry allow-list (PULL_REGISTRIES).
import "server-only";
import { z } from "zod";
import { config } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { checkAllowedName, type NameCheck } from "../../shared/ollama/names";

export type ValidName = Extract<NameCheck, { ok: true }>;

/** The parsed name when it is valid and from an allowed registry; otherwise AppError "invalid" with the reason. */
export function allowedModelName(raw: unknown): ValidName {
  const check = checkAllowedName(raw, config().pulls.registries);
  if (!check.ok) throw new AppError("invalid", check.reason, "console");
  return check;
}

/** A request field naming a model: checked by the route wrapper, so a refused name never reaches a handler. */
export const modelNameField = z
  .string({ message: "expected a model name" })
  .trim()
  .min(1, "expected a model name")
  .max(1000, "model name too long")
  .superRefine((value, ctx) => {
    const check = checkAllowedName(value, config().pulls.registries);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.reason });
  });
