// Labels and annotations the console writes on snapshots and restored claims, and the model-inventory encoding.
import "server-only";
import type { ModelRef } from "../../shared/snapshots/types";

export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
export const MANAGED_BY = "ollama-ops";
/** On restored PVCs, so the page can list them after a reload. */
export const LABEL_RESTORE = "ollama-ops.dev/restore";
export const ANNOTATION_CREATED_BY = "ollama-ops.dev/created-by";
export const ANNOTATION_MODELS = "ollama-ops.dev/models";
/** Why the inventory is missing or cut short (Ollama unreachable, too many models). */
export const ANNOTATION_MODELS_NOTE = "ollama-ops.dev/models-note";
export const ANNOTATION_RESTORED_FROM = "ollama-ops.dev/restored-from";

/**
 * Budget for the models annotation. The apiserver caps all annotations of an object at 256 KiB together;
 * 32 KiB keeps several hundred models and leaves the rest to other tools.
 */
export const MODELS_ANNOTATION_MAX = 32 * 1024;

/** The inventory as annotation value, cut to fit `max` bytes; `omitted` counts the models left out. */
export function encodeModels(models: readonly ModelRef[], max = MODELS_ANNOTATION_MAX): { value: string; omitted: number } {
  const kept: ModelRef[] = [];
  let bytes = 2; // "[]"
  for (const m of models) {
    const entry = JSON.stringify({ name: m.name, digest: m.digest });
    const size = new TextEncoder().encode(entry).length + (kept.length ? 1 : 0);
    if (bytes + size > max) break;
    kept.push({ name: m.name, digest: m.digest });
    bytes += size;
  }
  return { value: JSON.stringify(kept), omitted: models.length - kept.length };
}

/** The models annotation back into a list; undefined when absent or not what the console writes. */
export function decodeModels(value: string | undefined): ModelRef[] | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    return parsed.flatMap((m: unknown) => {
      const r = m as Partial<ModelRef> | null;
      return r && typeof r.name === "string" && typeof r.digest === "string" ? [{ name: r.name, digest: r.digest }] : [];
    });
  } catch {
    return undefined;
  }
}
