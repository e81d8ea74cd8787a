// Test fixture: a real temporary directory laid out like an Ollama models folder, plus a no-write snapshot helper.
import { createHash } from "node:crypto";
import { chmod, lstat, mkdir, mkdtemp, open, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface FixtureBlob {
  digest: string;
  size: number;
}

export interface ModelsFixture {
  root: string;
  blobs: Record<"license" | "template" | "llamaConfig" | "llamaWeights" | "coderConfig" | "coderWeights" | "hfConfig" | "hfWeights" | "missing" | "orphan", FixtureBlob>;
  partial: { digest: string; totalBytes: number; writtenBytes: number };
  /** Makes every file and folder read-only (what a read-only mount gives the agent). */
  lockDown: () => Promise<void>;
  cleanup: () => Promise<void>;
}

const CONFIG_TYPE = "application/vnd.docker.container.image.v1+json";
const MODEL_TYPE = "application/vnd.ollama.image.model";
const LICENSE_TYPE = "application/vnd.ollama.image.license";
const TEMPLATE_TYPE = "application/vnd.ollama.image.template";

function blob(content: string): FixtureBlob & { content: string } {
  return { digest: `sha256:${createHash("sha256").update(content).digest("hex")}`, size: Buffer.byteLength(content), content };
}

function manifest(config: FixtureBlob, layers: [FixtureBlob, string][]): string {
  const ref = (b: FixtureBlob, mediaType: string) => ({ mediaType, digest: b.digest, size: b.size });
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: ref(config, CONFIG_TYPE),
    layers: layers.map(([b, t]) => ref(b, t)),
  });
}

async function put(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function walk(dir: string, visit: (path: string) => Promise<void>): Promise<void> {
  await visit(dir);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, visit);
    else await visit(path);
  }
}

/** Creates the fixture: two library/user models sharing license+template, an hf.co model missing a layer, a partial download, an orphan blob, a corrupt manifest and a stray file. */
export async function createModelsFixture(): Promise<ModelsFixture> {
  const root = await mkdtemp(join(tmpdir(), "ollama-models-"));
  const blobs = {
    license: blob("LLAMA 3.2 COMMUNITY LICENSE AGREEMENT ".repeat(40)),
    template: blob("{{ .System }} {{ .Prompt }}"),
    llamaConfig: blob('{"model_format":"gguf","model_family":"llama"}'),
    llamaWeights: blob("GGUF-llama".repeat(300)),
    coderConfig: blob('{"model_format":"gguf","model_family":"qwen2"}'),
    coderWeights: blob("GGUF-coder".repeat(500)),
    hfConfig: blob('{"model_format":"gguf","model_family":"mistral"}'),
    hfWeights: blob("GGUF-hf".repeat(200)),
    missing: blob("projector weights that were never downloaded"),
    orphan: blob("weights of a deleted model".repeat(50)),
  };
  for (const [key, b] of Object.entries(blobs)) {
    if (key !== "missing") await put(join(root, "blobs", `sha256-${b.digest.slice(7)}`), b.content);
  }
  const m = join(root, "manifests");
  await put(join(m, "registry.ollama.ai/library/llama3.2/3b"), manifest(blobs.llamaConfig, [[blobs.llamaWeights, MODEL_TYPE], [blobs.license, LICENSE_TYPE], [blobs.template, TEMPLATE_TYPE]]));
  await put(join(m, "registry.ollama.ai/alice/coder/v1"), manifest(blobs.coderConfig, [[blobs.coderWeights, MODEL_TYPE], [blobs.license, LICENSE_TYPE], [blobs.template, TEMPLATE_TYPE]]));
  await put(join(m, "hf.co/org/m/Q4_K_M"), manifest(blobs.hfConfig, [[blobs.hfWeights, MODEL_TYPE], [blobs.missing, "application/vnd.ollama.image.projector"]]));
  await put(join(m, "registry.ollama.ai/library/broken/latest"), '{"schemaVersion":2,"layers":[{"digest":');

  // A download in progress, as Ollama leaves it: a sparse data file truncated to the full size, one JSON file per part.
  const partialHex = createHash("sha256").update("a big model still downloading").digest("hex");
  const partial = { digest: `sha256:${partialHex}`, totalBytes: 8 * 1024 * 1024, writtenBytes: 64 * 1024 };
  const dataPath = join(root, "blobs", `sha256-${partialHex}-partial`);
  const data = await open(dataPath, "w");
  await data.truncate(partial.totalBytes);
  await data.write(Buffer.alloc(partial.writtenBytes, 1), 0, partial.writtenBytes, 0);
  await data.close();
  const half = partial.totalBytes / 2;
  await put(`${dataPath}-0`, JSON.stringify({ N: 0, Offset: 0, Size: half, Completed: partial.writtenBytes }) + "\n");
  await put(`${dataPath}-1`, JSON.stringify({ N: 1, Offset: half, Size: half, Completed: 0 }) + "\n");
  await put(join(root, "blobs", "tmp-upload-123"), "leftover");

  return {
    root,
    blobs,
    partial,
    lockDown: () => walk(root, async (p) => chmod(p, (await lstat(p)).isDirectory() ? 0o555 : 0o444)),
    cleanup: async () => {
      await walk(root, async (p) => chmod(p, (await lstat(p)).isDirectory() ? 0o755 : 0o644));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Every path under `root` with size, mode, mtime and ctime: equal snapshots before and after mean nothing was written. */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await walk(root, async (p) => {
    const s = await lstat(p, { bigint: true });
    out[p] = `${s.size} ${s.mode} ${s.mtimeNs} ${s.ctimeNs}`;
  });
  return out;
}
