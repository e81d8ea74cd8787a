// Cache agent report: a pure builder from an abstract listing of an Ollama models directory (the JSON contract is ./wire.ts).
import { API_VERSION, type AgentReport, type FsStats, type Inventory, type ModelReport, type PartialDownload } from "./wire.ts";

export type { AgentReport, FsStats } from "./wire.ts";

/** One file under `blobs/`: apparent size and, when the filesystem tells, allocated bytes (sparse files). */
export interface BlobFile {
  name: string;
  size: number;
  allocated?: number;
  /** Last modification (mtime): how long a partial download has been left alone. */
  modifiedAt?: Date;
}

/** One file under `manifests/`: its path relative to that folder ("/"-separated) and its text. */
export interface ManifestFile {
  path: string;
  text: string;
}

/** What the builder needs to know about an Ollama models directory; the simulator passes a virtual one. */
export interface ModelsListing {
  manifests: ManifestFile[];
  blobs: BlobFile[];
}

const DEFAULT_HOST = "registry.ollama.ai";
const DEFAULT_NAMESPACE = "library";
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const BLOB_FILE = /^sha256-([0-9a-f]{64})(-partial(?:-\d+)?)?$/;

interface Layer {
  digest: string;
  mediaType: string;
  size: number;
}

interface ParsedManifest {
  name: string;
  layers: Layer[];
}

/** Ollama's DisplayShortest: default host and namespace stripped, tag always present. */
export function displayName(manifestPath: string): string | undefined {
  const parts = manifestPath.split("/");
  if (parts.length !== 4 || parts.some((p) => p === "")) return undefined;
  const [host = "", namespace = "", model = "", tag = ""] = parts;
  const prefix =
    host.toLowerCase() !== DEFAULT_HOST
      ? `${host}/${namespace}/`
      : namespace.toLowerCase() !== DEFAULT_NAMESPACE
        ? `${namespace}/`
        : "";
  return `${prefix}${model}:${tag}`;
}

function parseLayer(value: unknown, where: string): Layer {
  const layer = value as Partial<Record<keyof Layer, unknown>> | null;
  if (typeof layer !== "object" || layer === null) throw new Error(`${where} is not an object`);
  const { digest, mediaType, size } = layer;
  if (typeof digest !== "string" || !DIGEST.test(digest)) throw new Error(`${where} has an invalid digest`);
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) throw new Error(`${where} has an invalid size`);
  return { digest, mediaType: typeof mediaType === "string" ? mediaType : "", size };
}

function parseManifest(file: ManifestFile): ParsedManifest {
  const name = displayName(file.path);
  if (name === undefined) throw new Error("path is not <host>/<namespace>/<model>/<tag>");
  let json: unknown;
  try {
    json = JSON.parse(file.text);
  } catch {
    throw new Error("not valid JSON");
  }
  const doc = json as { config?: unknown; layers?: unknown } | null;
  if (typeof doc !== "object" || doc === null || !Array.isArray(doc.layers)) throw new Error("no layers array");
  const layers = doc.layers.map((l, i) => parseLayer(l, `layer ${i}`));
  // The config blob takes space like any layer and Ollama counts it in a model's size.
  if (doc.config !== undefined) layers.unshift(parseLayer(doc.config, "config"));
  return { name, layers };
}

/** Builds the inventory: per-model bytes (shared layers attributed once), partial downloads, unreferenced blobs. */
export function buildInventory(listing: ModelsListing): Inventory {
  const errors: Inventory["errors"] = [];
  const models: ParsedManifest[] = [];
  for (const file of listing.manifests) {
    try {
      models.push(parseManifest(file));
    } catch (err) {
      errors.push({ path: `manifests/${file.path}`, message: (err as Error).message });
    }
  }

  const complete = new Map<string, number>();
  const partials = new Map<string, PartialDownload>();
  const partial = { bytes: 0, files: 0 };
  const other = { bytes: 0, files: 0 };
  for (const blob of listing.blobs) {
    const match = BLOB_FILE.exec(blob.name);
    const onDisk = blob.allocated ?? blob.size;
    if (!match?.[1]) {
      other.bytes += onDisk;
      other.files += 1;
      continue;
    }
    const digest = `sha256:${match[1]}`;
    const suffix = match[2];
    if (suffix === undefined) {
      complete.set(digest, blob.size);
      continue;
    }
    const download = partials.get(digest) ?? { digest, bytes: 0 };
    download.bytes += onDisk;
    // The data file is truncated to the blob's full size when the download starts; part files are small JSON.
    if (suffix === "-partial") download.totalBytes = blob.size;
    if (blob.modifiedAt && (!download.modifiedAt || blob.modifiedAt.toISOString() > download.modifiedAt)) download.modifiedAt = blob.modifiedAt.toISOString();
    partials.set(digest, download);
    partial.bytes += onDisk;
    partial.files += 1;
  }

  const referencedBy = new Map<string, number>();
  for (const model of models) {
    for (const digest of new Set(model.layers.map((l) => l.digest))) {
      referencedBy.set(digest, (referencedBy.get(digest) ?? 0) + 1);
    }
  }

  let referencedBytes = 0;
  let sharedBytes = 0;
  const unreferenced: Inventory["unreferenced"] = { bytes: 0, blobs: [] };
  for (const [digest, bytes] of complete) {
    const refs = referencedBy.get(digest) ?? 0;
    if (refs === 0) {
      unreferenced.bytes += bytes;
      unreferenced.blobs.push({ digest, bytes });
      continue;
    }
    referencedBytes += bytes;
    if (refs > 1) sharedBytes += bytes;
  }

  return {
    models: models.map((m) => modelReport(m, complete, referencedBy)).sort((a, b) => a.name.localeCompare(b.name)),
    referencedBytes,
    sharedBytes,
    partial: { ...partial, downloads: [...partials.values()].sort((a, b) => a.digest.localeCompare(b.digest)) },
    unreferenced: { ...unreferenced, blobs: unreferenced.blobs.sort((a, b) => b.bytes - a.bytes) },
    other,
    manifestCount: listing.manifests.length,
    blobCount: complete.size,
    errors,
  };
}

function modelReport(model: ParsedManifest, complete: Map<string, number>, referencedBy: Map<string, number>): ModelReport {
  const report: ModelReport = { name: model.name, bytes: 0, uniqueBytes: 0, sharedBytes: 0, missingBytes: 0, layers: [] };
  const counted = new Set<string>();
  for (const layer of model.layers) {
    const present = complete.has(layer.digest);
    const shared = (referencedBy.get(layer.digest) ?? 0) > 1;
    report.layers.push({ ...layer, shared, present });
    // Same as Ollama's model size: every layer plus config, even if a digest repeats.
    report.bytes += layer.size;
    if (counted.has(layer.digest)) continue;
    counted.add(layer.digest);
    if (!present) report.missingBytes += layer.size;
    else if (shared) report.sharedBytes += layer.size;
    else report.uniqueBytes += layer.size;
  }
  return report;
}

/** Assembles the versioned report from filesystem numbers and a listing. */
export function buildReport(input: { path: string; time: Date; fs: FsStats; listing: ModelsListing }): AgentReport {
  return {
    apiVersion: API_VERSION,
    time: input.time.toISOString(),
    path: input.path,
    fs: input.fs,
    inventory: buildInventory(input.listing),
  };
}
