// What deleting each installed model would free: exact from the cache agent's inventory, else from registry manifests, else sizes.
import "server-only";
import type { Inventory } from "../../../agent/wire";
import { registerMap } from "../../doors/runtime/caches";
import { footprints, type Blob, type Footprint } from "../disk/fit";
import type { ModelSummary } from "../../doors/ollama/cache";
import { checkModelName } from "../../shared/ollama/names";
import { mapLimit } from "../../doors/runtime/pool";
import { fetchManifest, registryAllowed, type RegistryAccess } from "../../doors/registry/manifest";

export interface InstalledFootprints {
  /** agent: exact (blob listing of the volume); registry: manifests matched by digest; sizes: whole model sizes (upper bounds). */
  source: "agent" | "registry" | "sizes";
  note: string;
  footprints: Footprint[];
}

const PARALLEL = 4;
/** Manifests of installed versions never change (keyed by digest): remember them. */
const known = registerMap("installed manifests by digest", new Map<string, Blob[]>());
const KNOWN_LIMIT = 500;

async function manifestBlobs(model: ModelSummary, access: RegistryAccess): Promise<Blob[] | undefined> {
  const check = checkModelName(model.name);
  // Installed models may come from any host (pulled before the allow-list, or outside the console): never contact those.
  if (!check.ok || !registryAllowed(check.ref.host, access.allowed)) return undefined;
  const hit = known.get(model.digest);
  if (hit) return hit;
  try {
    const manifest = await fetchManifest(check.ref, access);
    // The registry may hold a newer build under the same tag; only the installed version's blobs count.
    if (manifest.digest !== model.digest) return undefined;
    if (known.size >= KNOWN_LIMIT) known.clear();
    known.set(model.digest, manifest.blobs);
    return manifest.blobs;
  } catch {
    return undefined;
  }
}

/** Footprints of the installed models from the best source available. Never throws. */
export async function installedFootprints(
  models: ModelSummary[],
  inventory: Inventory | undefined,
  access: RegistryAccess,
): Promise<InstalledFootprints> {
  if (inventory) {
    const listed = inventory.models.map((m) => ({ name: m.name, blobs: m.layers.filter((l) => l.present) }));
    return { source: "agent", note: "exact: blobs on the volume, as the cache agent lists them", footprints: footprints(listed) };
  }
  const blobs = await mapLimit(models, PARALLEL, (m) => manifestBlobs(m, access));
  const unmatched = models.filter((_, i) => !blobs[i]);
  // A model whose blobs are unknown is counted whole and alone: an upper bound of what deleting it frees.
  const listed = models.map((m, i) => ({ name: m.name, blobs: blobs[i] ?? [{ digest: `unknown:${m.digest}`, size: m.size }] }));
  if (unmatched.length === models.length && models.length > 0) {
    return { source: "sizes", note: "estimate: no cache agent and no registry manifests, so whole model sizes (shared layers may free less)", footprints: footprints(listed) };
  }
  const rest = unmatched.length ? `; ${unmatched.length} model(s) not found in an allowed registry are counted at full size` : "";
  return { source: "registry", note: `estimate: registry manifests of the installed models (no cache agent)${rest}`, footprints: footprints(listed) };
}
