// Drift between the declared model set and what Ollama has (issue #14): Missing, Extra, Outdated, Pinned but not loaded. Pure.
import { checkModelName } from "../ollama/names";
import type { DeclaredSet } from "../../features/models/declared-set";
import type { ModelUpdate } from "../../features/models/update-types";
import type { Drift } from "../contracts/models-desired";
export type { Drift };

/** The key two spellings of one model share (`Llama3.2` = `llama3.2:latest`); the lower-cased text for a name Ollama would refuse. */
export function modelKey(name: string): string {
  const c = checkModelName(name);
  return c.ok ? c.key : name.toLowerCase();
}

/** The four drift classes; `loaded` is /api/ps (keptLoaded = keep_alive < 0). */
export function computeDrift(
  declared: DeclaredSet,
  installed: readonly { name: string }[],
  updates: readonly ModelUpdate[],
  loaded: readonly { name: string; keptLoaded: boolean }[],
): Drift {
  const have = new Map(installed.map((m) => [modelKey(m.name), m.name]));
  const want = new Set(declared.models.map((m) => modelKey(m.name)));
  const stale = new Set(updates.filter((u) => u.state === "update_available").map((u) => modelKey(u.model)));
  const kept = new Set(loaded.filter((m) => m.keptLoaded).map((m) => modelKey(m.name)));
  const declaredInstalled = declared.models.filter((m) => have.has(modelKey(m.name)));
  return {
    missing: declared.models.filter((m) => !have.has(modelKey(m.name))).map((m) => m.name),
    extra: [...have.entries()].filter(([k]) => !want.has(k)).map(([, name]) => name).sort(),
    outdated: declaredInstalled.filter((m) => stale.has(modelKey(m.name))).map((m) => m.name),
    pinnedNotLoaded: declaredInstalled.filter((m) => m.pin && !kept.has(modelKey(m.name))).map((m) => m.name),
  };
}

/** The Overview's one line: "In sync with the declared set" or the non-empty classes with their counts. */
export function driftSummary(d: Drift): string {
  const parts = [
    [d.missing.length, "missing"],
    [d.extra.length, "extra"],
    [d.outdated.length, "outdated"],
    [d.pinnedNotLoaded.length, "pinned but not loaded"],
  ].filter(([n]) => Number(n) > 0);
  return parts.length === 0 ? "In sync with the declared set" : parts.map(([n, what]) => `${n} ${what}`).join(" · ");
}
