// The catalogue of library models: manifests built from LIBRARY, looked up by any spelling Ollama accepts.
import { LIBRARY, type ModelSpec } from "./library.ts";
import {
  CONFIG_MEDIA_TYPE,
  LAYER_MEDIA,
  MANIFEST_MEDIA_TYPE,
  fakeDigest,
  manifestBlobs,
  manifestSize,
  parseManifest,
  serializeManifest,
  sha256Hex,
  type Layer,
  type Manifest,
} from "./manifest.ts";
import { DEFAULT_HOST, displayShortest, parseModelName } from "./names.ts";
import { familyTexts, ggufSpec, unknownSpec } from "./spec.ts";
import { tinyModel, type ContentModel } from "./tiny.ts";

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

function contentEntry(content: ContentModel): CatalogueModel {
  const manifestJson = serializeManifest(content.manifest);
  const name = content.spec.tags[0] ?? "";
  const { manifest, spec } = content;
  return { name, manifest, manifestJson, digest: sha256Hex(manifestJson), size: manifestSize(manifest), spec };
}

/** Lookup key: the display name under the default host, since every registry host serves this one library. */
function key(name: string): string | undefined {
  const parsed = parseModelName(name);
  return parsed && displayShortest({ ...parsed, host: DEFAULT_HOST }).toLowerCase();
}

/** The models with real bytes behind their digests (a real Ollama can pull these): current and previous build. */
function defaultContent(): [ContentModel, ContentModel][] {
  return [[tinyModel(["tiny:latest"], 1), tinyModel(["tiny:latest"], 2)]];
}

/**
 * Library lookup: current manifests, an older build of each model (to simulate updates), blob sizes. Catalogue models
 * from LIBRARY have fake digests and zero-filled blobs; content models (`tiny`) have real bytes (see blob()).
 */
export class Catalogue {
  readonly #current = new Map<string, CatalogueModel>();
  readonly #previous = new Map<string, CatalogueModel>();
  readonly #blobSizes = new Map<string, number>();
  #resets = 0;
  readonly #content = new Map<string, Buffer>();
  readonly #byDigest = new Map<string, CatalogueModel>();
  /** Tag → the build it served before the first publish() or push (none for a tag a push added), for resetPublished(). */
  readonly #original = new Map<string, CatalogueModel | undefined>();
  /** Blobs pushed to the registry, forgotten again by resetPublished(). */
  readonly #pushedBlobs = new Set<string>();
  #published = 0;

  constructor(specs: ModelSpec[] = LIBRARY, content: [ContentModel, ContentModel][] = defaultContent()) {
    const add = (tags: string[], current: CatalogueModel, previous: CatalogueModel) => {
      for (const tag of tags) {
        this.#current.set(tag.toLowerCase(), current);
        this.#previous.set(tag.toLowerCase(), previous);
      }
      for (const blob of [...manifestBlobs(current.manifest), ...manifestBlobs(previous.manifest)]) {
        this.#blobSizes.set(blob.digest, blob.size);
      }
      this.#byDigest.set(current.digest, current);
      this.#byDigest.set(previous.digest, previous);
    };
    for (const spec of specs) add(spec.tags, entry(spec, ""), entry(spec, "@previous"));
    for (const [current, previous] of content) {
      add(current.spec.tags, contentEntry(current), contentEntry(previous));
      for (const [digest, bytes] of [...current.blobs, ...previous.blobs]) this.#content.set(digest, bytes);
    }
  }

  /**
   * Publishes a new build of `name`'s tag (the registry control API): a new weights layer and config (`modelBytes`
   * changes the weights' size), or with `reserialize` the same layers in re-serialised manifest bytes. Returns it.
   */
  publish(name: string, opts: { modelBytes?: number; reserialize?: boolean } = {}): CatalogueModel {
    const current = this.get(name);
    if (!current) throw new Error(`model ${name} is not in the catalogue`);
    const spec = { ...current.spec, modelBytes: opts.modelBytes ?? current.spec.modelBytes };
    const published = opts.reserialize
      ? { ...current, manifestJson: JSON.stringify(JSON.parse(current.manifestJson), null, 2) }
      : entry(spec, `@published-${++this.#published}`);
    if (opts.reserialize) published.digest = sha256Hex(published.manifestJson);
    for (const tag of spec.tags) {
      const k = tag.toLowerCase();
      if (!this.#original.has(k)) this.#original.set(k, this.#current.get(k) ?? current);
      this.#current.set(k, published);
    }
    for (const blob of manifestBlobs(published.manifest)) this.#blobSizes.set(blob.digest, blob.size);
    this.#byDigest.set(published.digest, published);
    return published;
  }

  /** Undoes every publish() and push: each tag serves its original build again (a scenario load starts from the library). */
  resetPublished(): void {
    this.#resets++;
    for (const [k, model] of this.#original) {
      if (model) this.#current.set(k, model);
      else this.#current.delete(k);
    }
    this.#original.clear();
    for (const digest of this.#pushedBlobs) {
      this.#content.delete(digest);
      this.#blobSizes.delete(digest);
    }
    this.#pushedBlobs.clear();
  }

  /** How many times resetPublished() has run: the registry forgets its unfinished uploads when this changes. */
  get resets(): number {
    return this.#resets;
  }

  /** A blob pushed to the registry: its bytes are served from now on (until resetPublished). */
  addBlob(digest: string, bytes: Buffer): void {
    if (this.#blobSizes.has(digest)) return;
    this.#blobSizes.set(digest, bytes.length);
    this.#content.set(digest, bytes);
    this.#pushedBlobs.add(digest);
  }

  /**
   * A manifest pushed to the registry as `name` (any host): served byte for byte from now on (until resetPublished).
   * Its spec is the known model's with these manifest bytes (a push of what a simulator made or pulled), else read
   * from the weights' GGUF and the text layers' bytes, else that of the catalogue model with the same weights.
   * Undefined when the bytes are not a manifest.
   */
  push(name: string, manifestJson: string): CatalogueModel | undefined {
    const manifest = parseManifest(manifestJson);
    const parsed = parseModelName(name);
    if (!manifest || !parsed) return undefined;
    const tag = displayShortest({ ...parsed, host: DEFAULT_HOST });
    const k = tag.toLowerCase();
    const digest = sha256Hex(manifestJson);
    const model = { name: tag, manifest, manifestJson, digest, size: manifestSize(manifest), spec: this.#specOf(manifest, digest) };
    if (!this.#original.has(k)) this.#original.set(k, this.#current.get(k));
    this.#current.set(k, model);
    if (!this.#previous.has(k)) this.#previous.set(k, model);
    this.#byDigest.set(digest, model);
    return model;
  }

  #specOf(manifest: Manifest, digest: string): CatalogueModel["spec"] {
    const known = this.#byDigest.get(digest)?.spec;
    if (known) return known;
    const weights = manifest.layers.find((l) => l.mediaType === LAYER_MEDIA.model);
    const content = weights && this.#content.get(weights.digest);
    const same = weights && this.withWeights(weights.digest)?.spec;
    const base = (content && ggufSpec(content)) ?? same ?? unknownSpec();
    return { ...base, configBytes: manifest.config.size, family: { ...base.family, ...familyTexts(manifest.layers, (d) => this.#content.get(d), same?.family) } };
  }

  /** Records a model made on an Ollama (/api/create): its manifest digest then resolves to it, like a pulled one. */
  register(model: CatalogueModel): void {
    this.#byDigest.set(model.digest, model);
  }

  /** A model whose weights layer is this blob (the spec that stands for a fake weights blob, which is not a real GGUF). */
  withWeights(digest: string): CatalogueModel | undefined {
    return [...this.#byDigest.values()].find((m) => m.manifest.layers.some((l) => l.mediaType === LAYER_MEDIA.model && l.digest === digest));
  }

  /** The real bytes of a content model's blob; undefined for the zero-filled blobs of the other models. */
  blob(digest: string): Buffer | undefined {
    return this.#content.get(digest);
  }

  /** The current manifest for any accepted spelling (`llama3.2`, `registry.ollama.ai/library/llama3.2:3b`). */
  get(name: string): CatalogueModel | undefined {
    const k = key(name);
    return k === undefined ? undefined : this.#current.get(k);
  }

  /** The catalogue model whose manifest has this sha256 hex digest, under whatever name it was stored (copies too). */
  byDigest(digest: string): CatalogueModel | undefined {
    return this.#byDigest.get(digest);
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
