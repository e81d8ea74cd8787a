// Registry manifest v2 shape as Ollama stores it, plus the deterministic fake digests the simulators use.
import { createHash } from "node:crypto";

export const MANIFEST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
export const CONFIG_MEDIA_TYPE = "application/vnd.docker.container.image.v1+json";

/** Ollama layer media types (`application/vnd.ollama.image.<kind>`). */
export const LAYER_MEDIA = {
  model: "application/vnd.ollama.image.model",
  projector: "application/vnd.ollama.image.projector",
  adapter: "application/vnd.ollama.image.adapter",
  template: "application/vnd.ollama.image.template",
  system: "application/vnd.ollama.image.system",
  license: "application/vnd.ollama.image.license",
  params: "application/vnd.ollama.image.params",
  messages: "application/vnd.ollama.image.messages",
} as const;

export interface Layer {
  mediaType: string;
  digest: string;
  size: number;
  /** Where /api/create took the layer from (a model name, or the blob's path for an uploaded file); omitted when empty. */
  from?: string;
}

export interface Manifest {
  schemaVersion: number;
  mediaType: string;
  config: Layer;
  layers: Layer[];
}

/** Hex sha256 of a string (its UTF-8) or bytes. */
export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The digest of a blob's bytes, `sha256:<64 hex>`. */
export function blobDigest(bytes: string | Buffer): string {
  return `sha256:${sha256Hex(bytes)}`;
}

/** A stable fake blob digest (`sha256:<64 hex>`) derived from a seed; equal seeds give shared layers. */
export function fakeDigest(seed: string): string {
  return `sha256:${sha256Hex(seed)}`;
}

/** The manifest bytes exactly as the registry serves them and Ollama stores them (Go's field order, `from` omitempty). */
export function serializeManifest(manifest: Manifest): string {
  const layer = (l: Layer): Layer => ({ mediaType: l.mediaType, digest: l.digest, size: l.size, ...(l.from ? { from: l.from } : {}) });
  return JSON.stringify({
    schemaVersion: manifest.schemaVersion,
    mediaType: manifest.mediaType,
    config: layer(manifest.config),
    layers: manifest.layers.map(layer),
  });
}

/** Reads manifest bytes (a push); undefined when they are not a v2 manifest with a config and layers. */
export function parseManifest(json: string): Manifest | undefined {
  try {
    const m = JSON.parse(json) as Partial<Manifest>;
    const isLayer = (l: unknown): l is Layer =>
      typeof l === "object" && l !== null && typeof (l as Layer).digest === "string" && typeof (l as Layer).size === "number";
    if (!isLayer(m.config) || !Array.isArray(m.layers) || !m.layers.every(isLayer)) return undefined;
    return { schemaVersion: m.schemaVersion ?? 2, mediaType: m.mediaType ?? MANIFEST_MEDIA_TYPE, config: m.config, layers: m.layers };
  } catch {
    return undefined;
  }
}

/** Every blob a manifest references: its layers in order, then the config blob. */
export function manifestBlobs(manifest: Manifest): Layer[] {
  return [...manifest.layers, manifest.config];
}

/** Total model size as Ollama reports it: Σ layer sizes + config size. */
export function manifestSize(manifest: Manifest): number {
  return manifestBlobs(manifest).reduce((sum, l) => sum + l.size, 0);
}
