// The options of a write (CreateOptions, UpdateOptions, PatchOptions, DeleteOptions from the query), checked as
// k8s.io/apimachinery's meta/v1 validation does before the body is read: fieldManager (at most 128 bytes, printable
// runes), dryRun (only `All`), fieldValidation (``, Ignore, Strict, Warn), `force` only on an apply patch, whose
// fieldManager is required. A bad one is a 422 `<Kind>Options.meta.k8s.io "" is invalid: …`.
import { type FieldError, invalidOptions } from "./errors.ts";
import type { FieldValidation } from "./field-validation.ts";
import { forbidden, invalid, required, tooLong, unsupported } from "./volume-fields.ts";

export type OptionsKind = "CreateOptions" | "UpdateOptions" | "PatchOptions" | "DeleteOptions";

const FIELD_MANAGER_MAX = 128;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** ValidateFieldManager: the length in bytes, then each unprintable rune with its byte position. */
function fieldManagerErrors(manager: string): FieldError[] {
  const errors: FieldError[] = [];
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX) errors.push(tooLong("fieldManager", FIELD_MANAGER_MAX));
  let at = 0;
  for (const ch of manager) {
    if (!PRINTABLE.test(ch)) {
      const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      errors.push(invalid("fieldManager", manager, `invalid character U+${hex} (at position ${at})`));
    }
    at += Buffer.byteLength(ch);
  }
  return errors;
}

/** A write's checked options: whether it is a dry run, and its fieldValidation. */
export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
}

/** Checks a write's options; `patchType` is a PATCH's content type. */
export function checkWriteOptions(kind: OptionsKind, query: URLSearchParams, patchType?: string): WriteOptions {
  const errors: FieldError[] = [];
  const manager = query.get("fieldManager") ?? "";
  if (kind === "PatchOptions") {
    if (patchType === "application/apply-patch+yaml") {
      if (!manager) errors.push(required("fieldManager", "is required for apply patch"));
    } else if (query.has("force")) errors.push(forbidden("force", "may not be specified for non-apply patch"));
  }
  if (kind !== "DeleteOptions") errors.push(...fieldManagerErrors(manager));
  const dryRun = query.getAll("dryRun");
  if (dryRun.some((v) => v !== "All")) errors.push(unsupported("dryRun", dryRun, ["All"]));
  const validation = query.get("fieldValidation") ?? "";
  if (kind !== "DeleteOptions" && !["", "Ignore", "Strict", "Warn"].includes(validation)) errors.push(unsupported("fieldValidation", validation, ["", "Ignore", "Strict", "Warn"]));
  if (errors.length) throw invalidOptions(kind, errors);
  return { dryRun: dryRun.length > 0, fieldValidation: validation as FieldValidation };
}
