// PullModel (server/images.go): the progress sequence, cache hits, joined downloads and the manifest written last.
import type { Catalogue } from "../registry/catalogue.ts";
import { manifestBlobs, type Layer } from "../registry/manifest.ts";
import { DEFAULT_HOST, parseModelName } from "../registry/names.ts";
import type { SimVolume } from "../volume.ts";
import type { DownloadManager } from "./downloads.ts";
import { httpsRefusal } from "./registry-client.ts";

export interface Progress {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

export interface PullDeps {
  volume: SimVolume;
  catalogue: Catalogue;
  downloads: DownloadManager;
  /** Hashing speed of the verify phase (0 = instant); only freshly downloaded blobs are hashed. */
  verifyBytesPerSecond: number;
}

const PROGRESS_MS = 60;

/** A `pulling <12 hex>` (or `pushing …`) line; total/completed are omitempty in Go, so zeros are left out. */
export function progress(digest: string, total: number, completed: number, verb = "pulling"): Progress {
  return {
    status: `${verb} ${digest.slice(7, 19)}`,
    digest,
    ...(total ? { total } : {}),
    ...(completed ? { completed } : {}),
  };
}

function canceled(): Error {
  return new Error("context canceled");
}

/** blobDownload.Wait: a progress line every 60 ms until the blob is done; leaving early may cancel the download. */
async function waitForBlob(deps: PullDeps, layer: Layer, emit: (p: Progress) => void, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw canceled();
  const transfer = deps.downloads.join(layer.digest, layer.size);
  let ticker: NodeJS.Timeout | undefined;
  let onAbort = () => undefined as void;
  try {
    await new Promise<void>((resolve, reject) => {
      ticker = setInterval(() => emit(progress(layer.digest, transfer.total, transfer.completed())), PROGRESS_MS);
      onAbort = () => reject(canceled());
      signal.addEventListener("abort", onAbort, { once: true });
      transfer.done.then(resolve, reject);
    });
  } finally {
    clearInterval(ticker);
    signal.removeEventListener("abort", onAbort);
    transfer.leave();
  }
}

/**
 * Another registry than the library is this project's registry simulator, which speaks plain HTTP: without
 * `insecure` real Ollama tries HTTPS there (even for an `http://` name) and fails the TLS handshake.
 */
function httpsRefused(name: string, insecure: boolean): Error | undefined {
  const n = parseModelName(name);
  if (insecure || !n || n.host.toLowerCase() === DEFAULT_HOST) return undefined;
  const url = `https://${n.host}/v2/${n.namespace}/${n.model}/manifests/${n.tag}`;
  return new Error(`pull model manifest: ${httpsRefusal("GET", url).message}`);
}

/** Pulls `name` (display form) into the volume, emitting Ollama's progress lines; rejects with the Go error text. */
export async function pullModel(
  deps: PullDeps,
  name: string,
  emit: (p: Progress) => void,
  signal: AbortSignal,
  opts: { insecure?: boolean } = {},
): Promise<void> {
  const { volume, catalogue } = deps;
  const existing = volume.getManifest(name);
  const unused = new Set(existing ? manifestBlobs(existing.manifest).map((l) => l.digest) : []);

  emit({ status: "pulling manifest" });
  await new Promise((resolve) => setImmediate(resolve));
  const refused = httpsRefused(name, opts.insecure === true);
  if (refused) throw refused;
  const model = catalogue.get(name);
  if (!model) throw new Error("pull model manifest: file does not exist");

  let fetched = 0;
  for (const layer of manifestBlobs(model.manifest)) {
    if (signal.aborted) throw canceled();
    const size = volume.blobSize(layer.digest);
    if (size !== undefined) emit(progress(layer.digest, size, size));
    else {
      await waitForBlob(deps, layer, emit, signal);
      fetched += layer.size;
    }
    unused.delete(layer.digest);
  }

  // From here on a client disconnect no longer matters: Ollama verifies and writes the manifest anyway.
  emit({ status: "verifying sha256 digest" });
  if (deps.verifyBytesPerSecond > 0) await new Promise((r) => setTimeout(r, (fetched / deps.verifyBytesPerSecond) * 1000));
  emit({ status: "writing manifest" });
  volume.writeManifest(name, model.manifest);
  if (unused.size > 0) {
    emit({ status: "removing unused layers" });
    volume.removeUnreferenced(unused);
  }
  emit({ status: "success" });
}
