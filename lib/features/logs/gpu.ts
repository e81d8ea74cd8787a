// GPU and VRAM: the inventory from `inference compute`, each loaded model's weights and KV cache per device from its last
// load, and why a model is (partly) on the CPU. Coalesced per target: the Overview's viewers share one computation.
import "server-only";
import { coalescer } from "../../doors/runtime/coalesce";
import { registerCache, registerMap } from "../../doors/runtime/caches";
import type { Target } from "../../doors/runtime/config";
import { listLoaded } from "../../doors/ollama/cache";
import { showModel } from "../../doors/ollama/show";
import { logHub } from "./";
import { offloadReason, type DeviceMemory, type GpuDevice, type ModelLoad } from "./signals";
import type { FollowStatus } from "../../shared/logs/types";

export interface ModelPlacement {
  name: string;
  size: number;
  sizeVram: number;
  contextLength: number | undefined;
  /** Per device, from the model's last load in this process's log; empty when the log does not show it. */
  devices: DeviceMemory[];
  layersOnGpu: number | undefined;
  layersTotal: number | undefined;
  loadSeconds: number | undefined;
  /** Only when size_vram < size: the log's reason, or "unknown". */
  offloadReason: string | undefined;
}

export interface GpuView {
  gpus: GpuDevice[];
  /** True once an inventory line was read; false = the log did not show it (rotated, not yet read). */
  inventoryKnown: boolean;
  version: string | undefined;
  defaultContext: number | undefined;
  models: ModelPlacement[];
  /** Why the loaded models could not be listed (Ollama down), if so. */
  modelsError: string | undefined;
  follow: FollowStatus;
}

// The GPU panel polls; the view is assembled from the shared log follow and Ollama's 2 s reads, so 2 s matches them.
const views = registerCache("GPU view", coalescer<GpuView>(2_000));
/** Model name + manifest digest → weights blob digest (from `show`'s Modelfile FROM line), kept while the model is loaded. */
const weights = registerMap("model weights digests", new Map<string, Promise<string | undefined>>());

async function weightsDigest(target: Target, name: string): Promise<string | undefined> {
  const key = `${target.ollamaUrl}|${name}`;
  let p = weights.get(key);
  if (!p) {
    p = showModel(target, name).then(
      (d) => /^FROM \S*sha256[-:]([0-9a-f]{64})\s*$/m.exec(d.modelfile)?.[1],
      () => (weights.delete(key), undefined),
    );
    weights.set(key, p);
    if (weights.size > 200) weights.delete(weights.keys().next().value ?? "");
  }
  return p;
}

function lastLoad(loads: ModelLoad[], digest: string | undefined): ModelLoad | undefined {
  if (!digest) return undefined;
  for (let i = loads.length - 1; i >= 0; i--) if (loads[i]?.blobDigest === digest) return loads[i];
  return undefined;
}

/** GPUs and model placement for the target. Never throws for Ollama being down: the models list says why instead. */
export function gpuView(target: Target): Promise<GpuView> {
  return views.get(`${target.context ?? ""}|${target.namespace}|${target.deployment}`, async () => {
    const [{ signals, status }, loaded] = await Promise.all([
      logHub(target).signals(),
      listLoaded(target).then(
        (models) => ({ models, error: undefined }),
        (err: Error) => ({ models: [], error: err.message }),
      ),
    ]);
    const models = await Promise.all(
      loaded.models.map(async (m): Promise<ModelPlacement> => {
        const load = lastLoad(signals.loads, await weightsDigest(target, m.name));
        return {
          name: m.name,
          size: m.size,
          sizeVram: m.sizeVram,
          contextLength: m.contextLength,
          devices: load?.devices ?? [],
          layersOnGpu: load?.layersOnGpu,
          layersTotal: load?.layersTotal,
          loadSeconds: load?.loadSeconds,
          offloadReason: m.sizeVram < m.size ? offloadReason(load) : undefined,
        };
      }),
    );
    return {
      gpus: signals.gpus,
      inventoryKnown: signals.gpus.length > 0,
      version: signals.version,
      defaultContext: signals.defaultContext,
      models,
      modelsError: loaded.error,
      follow: status,
    };
  });
}
