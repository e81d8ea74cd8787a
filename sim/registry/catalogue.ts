// The catalogue of library models: manifests built from LIBRARY, looked up by any spelling Ollama accepts.
import { LIBRARY, type ModelSpec } from "./library.ts";
import {
  CONFIG_MEDIA_TYPE,
  LAYER_MEDIA,
  MANIFEST_MEDIA_TYPE,
  fakeDigest,
  manifestBlobs,
  manifestSize,
  serializeManifest,
  sha256Hex,
  type Layer,
  type Manifest,
} from "./manifest.ts";
import { normalizeModelName } from "./names.ts";

export interface CatalogueModel {
  /** Canonical tag (`llama3.2:3b`); aliases such as `llama3.2:latest` resolve to the same entry. */
  name: string;
  manifest: Manifest;
  /** Manifest bytes as served by the registry. */
  manifestJson: string;
  /** sha256 hex of manifestJson (what `/api/tags` reports once installed). */
  digest: string;
  /** Σ layer sizes + config size. */
  size: number;
  spec: ModelSpec;
}

function buildManifest(spec: ModelSpec, variant: string): Manifest {
  const { family } = spec;
  const own = (part: string) => fakeDigest(`${spec.tags[0]}${variant}/${part}`);
  const shared = (part: string) => fakeDigest(`${family.key}/${part}`);
  const layers: Layer[] = [{ mediaType: LAYER_MEDIA.model, digest: own("model"), size: spec.modelBytes }];
  if (spec.projectorBytes) layers.push({ mediaType: LAYER_MEDIA.projector, digest: own("projector"), size: spec.projectorBytes });
  if (family.system) layers.push({ mediaType: LAYER_MEDIA.system, digest: shared("system"), size: family.system.size });
  if (family.template) layers.push({ mediaType: LAYER_MEDIA.template, digest: shared("template"), size: family.template.size });
  family.licenses.forEach((license, i) =>
    layers.push({ mediaType: LAYER_MEDIA.license, digest: shared(`license/${i}`), size: license.size }),
  );
  if (family.params) {
    const digest = family.params.seed ? fakeDigest(family.params.seed) : shared("params");
    layers.push({ mediaType: LAYER_MEDIA.params, digest, size: family.params.size });
  }
  const config = { mediaType: CONFIG_MEDIA_TYPE, digest: own("config"), size: spec.configBytes };
  return { schemaVersion: 2, mediaType: MANIFEST_MEDIA_TYPE, config, layers };
}

function entry(spec: ModelSpec, variant: string): CatalogueModel {
  const manifest = buildManifest(spec, variant);
  const manifestJson = serializeManifest(manifest);
  const name = spec.tags[0] ?? "";
  return { name, manifest, manifestJson, digest: sha256Hex(manifestJson), size: manifestSize(manifest), spec };
}

function key(name: string): string | undefined {
  return normalizeModelName(name)?.toLowerCase();
}

/** Library lookup: current manifests, an older build of each model (to simulate updates), blob sizes. */
export class Catalogue {
  readonly #current = new Map<string, CatalogueModel>();
  readonly #previous = new Map<string, CatalogueModel>();
  readonly #blobSizes = new Map<string, number>();

  constructor(specs: ModelSpec[] = LIBRARY) {
    for (const spec of specs) {
      const current = entry(spec, "");
      const previous = entry(spec, "@previous");
      for (const tag of spec.tags) {
        this.#current.set(tag.toLowerCase(), current);
        this.#previous.set(tag.toLowerCase(), previous);
      }
      for (const blob of [...manifestBlobs(current.manifest), ...manifestBlobs(previous.manifest)]) {
        this.#blobSizes.set(blob.digest, blob.size);
      }
    }
  }

  /** The current manifest for any accepted spelling (`llama3.2`, `registry.ollama.ai/library/llama3.2:3b`). */
  get(name: string): CatalogueModel | undefined {
    const k = key(name);
    return k === undefined ? undefined : this.#current.get(k);
  }

  /** An older build of the same tag (different model layer and config), for "update available" states. */
  previous(name: string): CatalogueModel | undefined {
    const k = key(name);
    return k === undefined ? undefined : this.#previous.get(k);
  }

  /** Every tag the registry serves. */
  tags(): string[] {
    return [...this.#current.keys()];
  }

  /** Size of any blob referenced by a current or previous manifest. */
  blobSize(digest: string): number | undefined {
    return this.#blobSizes.get(digest);
  }
}

/** The shared default catalogue. */
export const catalogue = new Catalogue();
