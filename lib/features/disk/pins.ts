// Which loaded models must come back after a disk rescue restarts Ollama, and bringing them back: every model that was
// loaded with `keep_alive: -1` (an expiry centuries away in /api/ps) when the restart began, whether or not models.yaml
// pins it. The declared pins themselves are re-asserted after these by `reassertPins()` (lib/features/models/pins.ts).
import "server-only";
import type { Target } from "../../doors/runtime/config";
import type { LoadedModelSummary } from "../../doors/ollama/cache";
import { loadModelForever } from "../../doors/ollama/manage";
import { showModel } from "../../doors/ollama/show";

/** The loaded models that count as pinned. */
export function pinnedAmong(loaded: readonly LoadedModelSummary[]): string[] {
  return loaded.filter((m) => m.keptLoaded).map((m) => m.name);
}

/** Loads each model again with keep_alive -1, one after another (they compete for the same GPU); every one is tried. */
export async function reassertPinned(target: Target, names: readonly string[]): Promise<{ reloaded: string[]; failed: { name: string; message: string }[] }> {
  const result = { reloaded: [] as string[], failed: [] as { name: string; message: string }[] };
  for (const name of names) {
    try {
      // An embedding model has no "completion" capability and refuses generate.
      const capabilities = await showModel(target, name).then((d) => d.capabilities, (): string[] => []);
      await loadModelForever(target, name, capabilities.includes("embedding") && !capabilities.includes("completion"));
      result.reloaded.push(name);
    } catch (err) {
      result.failed.push({ name, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}
