// The one simulated model-cache volume: blobs, partial downloads and manifests, with capacity accounting and ENOSPC.
import { manifestBlobs, serializeManifest, sha256Hex, type Layer, type Manifest } from "./registry/manifest.ts";
import { manifestPath, parseModelName } from "./registry/names.ts";

/** Where Ollama keeps its models in the official container image. */
export const MODELS_DIR = "/root/.ollama/models";
const DEFAULT_OVERHEAD = 64 * 1024 * 1024;

/** A write that does not fit; its message is the Go error Ollama reports. */
export class NoSpaceError extends Error {
  readonly code = "ENOSPC";
  readonly path: string;
  constructor(path: string) {
    super(`write ${path}: no space left on device`);
    this.path = path;
  }
}

export interface StoredManifest {
  /** Display name as written (`llama3.2:latest`). */
  name: string;
  manifest: Manifest;
  /** The manifest file bytes. */
  json: string;
  /** sha256 hex of `json`. */
  digest: string;
  modifiedAt: Date;
}

export interface PartialBlob {
  total: number;
  completed: number;
  /** mtime of the partial's files: the last write. Ollama's start-up prune keeps partials younger than its grace period. */
  modifiedAt: Date;
}

/** The models dir as a file listing (what a sidecar mounting the volume would see). */
export interface ModelsDirListing {
  root: string;
  manifests: { name: string; path: string; size: number; digest: string; modifiedAt: string; layers: Layer[] }[];
  blobs: { path: string; digest: string; size: number }[];
  partials: { path: string; digest: string; total: number; completed: number; modifiedAt: Date; parts: PartFile[] }[];
}

/** One `sha256-<hex>-partial-<N>` file: the JSON Ollama keeps for each part of a download (server/download.go). */
export interface PartFile {
  path: string;
  /** Bytes of the file: `{"N":…,"Offset":…,"Size":…,"Completed":…}` and a newline (Go's json.Encoder). */
  size: number;
  json: { N: number; Offset: number; Size: number; Completed: number };
}

// Ollama v0.17.4 splits a download into 16 parts of at least 100 MB and at most 1000 MB (decimal, format.MegaByte).
const DOWNLOAD_PARTS = 16;
const MIN_PART_BYTES = 100 * 1000 * 1000;
const MAX_PART_BYTES = 1000 * 1000 * 1000;

/**
 * The part files of a download of `total` bytes with `completed` written in order. Ollama rewrites a part's file when
 * the part ends (or its request is cut off), so a part still running shows what it had when it started: here 0.
 */
export function partFiles(blob: string, total: number, completed: number): PartFile[] {
  const size = Math.min(MAX_PART_BYTES, Math.max(MIN_PART_BYTES, Math.floor(total / DOWNLOAD_PARTS)));
  const parts: PartFile[] = [];
  for (let offset = 0, n = 0; offset < total; offset += size, n++) {
    const partSize = Math.min(size, total - offset);
    const json = { N: n, Offset: offset, Size: partSize, Completed: completed >= offset + partSize ? partSize : 0 };
    parts.push({ path: `${blob}-partial-${n}`, size: Buffer.byteLength(`${JSON.stringify(json)}\n`), json });
  }
  return parts;
}

/** Relative path of a blob file (`blobs/sha256-<hex>`). */
export function blobPath(digest: string): string {
  return `blobs/${digest.replace(":", "-")}`;
}

export class SimVolume {
  readonly overheadBytes: number;
  #capacity: number;
  #fill: number;
  readonly #blobs = new Map<string, number>();
  /** The bytes of blobs written with them (uploads, created layers); every other blob is only a size. */
  readonly #content = new Map<string, Buffer>();
  readonly #partials = new Map<string, PartialBlob>();
  readonly #manifests = new Map<string, StoredManifest>();
  readonly #listeners = new Set<() => void>();

  constructor(opts: { capacityBytes: number; fillBytes?: number; overheadBytes?: number }) {
    this.#capacity = opts.capacityBytes;
    this.#fill = opts.fillBytes ?? 0;
    this.overheadBytes = opts.overheadBytes ?? DEFAULT_OVERHEAD;
  }

  get capacityBytes(): number {
    return this.#capacity;
  }
  set capacityBytes(bytes: number) {
    this.#capacity = bytes;
    this.#changed();
  }

  /** Bytes used by files that are not Ollama's. */
  get fillBytes(): number {
    return this.#fill;
  }
  set fillBytes(bytes: number) {
    this.#fill = bytes;
    this.#changed();
  }

  /** Used bytes: blobs (each digest once) + written partial bytes (sparse files) and their part files + manifests + fill + overhead. */
  used(): number {
    let sum = this.#fill + this.overheadBytes;
    for (const size of this.#blobs.values()) sum += size;
    for (const [digest, p] of this.#partials) sum += p.completed + partFiles(blobPath(digest), p.total, p.completed).reduce((n, f) => n + f.size, 0);
    for (const m of this.#manifests.values()) sum += Buffer.byteLength(m.json);
    return sum;
  }

  free(): number {
    return Math.max(0, this.#capacity - this.used());
  }

  hasBlob(digest: string): boolean {
    return this.#blobs.has(digest);
  }

  blobSize(digest: string): number | undefined {
    return this.#blobs.get(digest);
  }

  partial(digest: string): PartialBlob | undefined {
    const p = this.#partials.get(digest);
    return p && { ...p, modifiedAt: new Date(p.modifiedAt) };
  }

  /** The bytes of a blob written with its content (an upload, a layer /api/create made); undefined for the others. */
  blobContent(digest: string): Buffer | undefined {
    return this.#content.get(digest);
  }

  /** Writes a complete blob at once (scenario loading, an upload with its bytes); all or nothing. */
  addBlob(digest: string, size: number, content?: Buffer): void {
    if (this.#blobs.has(digest)) return;
    if (size > this.free()) throw new NoSpaceError(`${MODELS_DIR}/${blobPath(digest)}`);
    this.#partials.delete(digest);
    this.#blobs.set(digest, size);
    if (content) this.#content.set(digest, content);
    this.#changed();
  }

  /** Appends up to `bytes` to a blob's partial file; returns bytes written, throws NoSpaceError once the disk is full. */
  writePartial(digest: string, total: number, bytes: number): number {
    const p = this.#partials.get(digest) ?? { total, completed: 0, modifiedAt: new Date() };
    this.#partials.set(digest, p);
    const wanted = Math.min(bytes, p.total - p.completed);
    // A part that ends rewrites its JSON file with a longer "Completed": that growth takes disk space too.
    const parts = (completed: number) => partFiles(blobPath(digest), p.total, completed).reduce((n, f) => n + f.size, 0);
    const free = this.free();
    let written = Math.min(wanted, free);
    while (written > 0 && written + parts(p.completed + written) - parts(p.completed) > free) written--;
    p.completed += written;
    p.modifiedAt = new Date();
    this.#changed();
    if (written < wanted) throw new NoSpaceError(`${MODELS_DIR}/${blobPath(digest)}-partial`);
    return written;
  }

  /** Renames a fully written partial file to its final blob name. */
  finishPartial(digest: string): void {
    const p = this.#partials.get(digest);
    if (!p || p.completed < p.total) throw new Error(`partial ${digest} is not complete`);
    this.#partials.delete(digest);
    this.#blobs.set(digest, p.total);
    this.#changed();
  }

  removeBlob(digest: string): void {
    this.#content.delete(digest);
    if (this.#blobs.delete(digest)) this.#changed();
  }

  /** Sets a partial download's mtime (scenarios and tests age it: `touch -d`). */
  touchPartial(digest: string, modifiedAt: Date): void {
    const p = this.#partials.get(digest);
    if (!p) throw new Error(`no partial download of ${digest}`);
    p.modifiedAt = modifiedAt;
    this.#changed();
  }

  removePartial(digest: string): void {
    if (this.#partials.delete(digest)) this.#changed();
  }

  /** Writes (or replaces) a model's manifest file: `json`, the bytes, default to the manifest as the registry serves it. */
  writeManifest(name: string, manifest: Manifest, modifiedAt = new Date(), json = serializeManifest(manifest)): StoredManifest {
    const old = this.#manifests.get(name.toLowerCase());
    const growth = Buffer.byteLength(json) - (old ? Buffer.byteLength(old.json) : 0);
    const parsed = parseModelName(name);
    if (growth > this.free()) throw new NoSpaceError(`${MODELS_DIR}/${parsed ? manifestPath(parsed) : name}`);
    const stored = { name, manifest, json, digest: sha256Hex(json), modifiedAt };
    this.#manifests.set(name.toLowerCase(), stored);
    this.#changed();
    return stored;
  }

  /** Looks a manifest up by display name, case-insensitively like Ollama. */
  getManifest(name: string): StoredManifest | undefined {
    return this.#manifests.get(name.toLowerCase());
  }

  manifests(): StoredManifest[] {
    return [...this.#manifests.values()];
  }

  /** Removes a manifest file (its blobs stay; see removeUnreferenced). */
  deleteManifest(name: string): StoredManifest | undefined {
    const stored = this.#manifests.get(name.toLowerCase());
    if (stored && this.#manifests.delete(name.toLowerCase())) this.#changed();
    return stored;
  }

  /** Whether any manifest references the digest as a layer or config. */
  isReferenced(digest: string): boolean {
    return this.manifests().some((m) => manifestBlobs(m.manifest).some((l) => l.digest === digest));
  }

  /** Deletes those of `digests` that no manifest references any more; returns the removed ones. */
  removeUnreferenced(digests: Iterable<string>): string[] {
    const removed = [...new Set(digests)].filter((d) => this.#blobs.has(d) && !this.isReferenced(d));
    for (const d of removed) {
      this.#blobs.delete(d);
      this.#content.delete(d);
    }
    if (removed.length > 0) this.#changed();
    return removed;
  }

  /** Empties the volume (capacity, fill and overhead stay). */
  clear(): void {
    this.#blobs.clear();
    this.#content.clear();
    this.#partials.clear();
    this.#manifests.clear();
    this.#changed();
  }

  /** Calls `fn` after every change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Lists the volume the way the Ollama models dir looks on disk. */
  list(): ModelsDirListing {
    return {
      root: MODELS_DIR,
      manifests: this.manifests().map((m) => {
        const parsed = parseModelName(m.name);
        return {
          name: m.name,
          path: parsed ? manifestPath(parsed) : m.name,
          size: Buffer.byteLength(m.json),
          digest: m.digest,
          modifiedAt: m.modifiedAt.toISOString(),
          layers: manifestBlobs(m.manifest),
        };
      }),
      blobs: [...this.#blobs].map(([digest, size]) => ({ path: blobPath(digest), digest, size })),
      partials: [...this.#partials].map(([digest, p]) => ({
        path: `${blobPath(digest)}-partial`,
        digest,
        ...p,
        modifiedAt: new Date(p.modifiedAt),
        parts: partFiles(blobPath(digest), p.total, p.completed),
      })),
    };
  }

  #changed(): void {
    for (const fn of this.#listeners) fn();
  }
}
