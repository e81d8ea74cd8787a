// PushModel (server/images.go) and uploadBlob (server/upload.go) over real HTTP to the registry in the model's name:
// HEAD each blob, upload the missing ones (POST a session, PATCH the parts, PUT with the digest), PUT the manifest.
import { createHash } from "node:crypto";
import { MANIFEST_MEDIA_TYPE, manifestBlobs, serializeManifest, type Layer } from "../registry/manifest.ts";
import { DEFAULT_HOST, displayFull, displayShortest, manifestPath, parseModelName, splitModelName, type ModelName } from "../registry/names.ts";
import { MODELS_DIR } from "../volume.ts";
import { contentOf } from "./blobs.ts";
import { progress } from "./pull.ts";
import { NotFound, registryRequest } from "./registry-client.ts";
import type { OllamaState } from "./routes.ts";
import type { Emit } from "./stream.ts";

const TICK_MS = 60;
// upload.go splits a blob into 16 parts of at least 100 MB and at most 1000 MB (decimal), as download.go does.
const PARTS = 16;
const MIN_PART = 100e6;
const MAX_PART = 1000e6;

function canceled(): Error {
  return new Error("context canceled");
}

/** blobUpload.Prepare and Run: one session, its parts PATCHed in order, then the PUT that commits the digest. */
async function upload(repo: string, layer: Layer, content: Buffer, insecure: boolean, sent: (n: number) => void): Promise<void> {
  const start = new URL(`${repo}/blobs/uploads/`);
  // A layer /api/create took from elsewhere asks the registry to mount it from there (a 201 means it did).
  if (layer.from) {
    start.searchParams.set("mount", layer.digest);
    const from = splitModelName(layer.from);
    start.searchParams.set("from", `${from.namespace}/${from.model}`);
  }
  const prepared = await registryRequest("POST", start.toString(), { insecure });
  if (prepared.status === 201) return sent(content.length);
  let location = prepared.headers.get("Docker-Upload-Location") ?? prepared.headers.get("Location") ?? "";
  const size = Math.min(Math.max(Math.floor(content.length / PARTS), MIN_PART), MAX_PART);
  const sums: Buffer[] = [];
  for (let offset = 0; offset < content.length; offset += size) {
    const part = content.subarray(offset, Math.min(offset + size, content.length));
    const res = await registryRequest("PATCH", location, {
      insecure,
      body: part,
      headers: { "Content-Type": "application/octet-stream", "X-Redirect-Uploads": "1", "Content-Range": `${offset}-${offset + part.length - 1}` },
    });
    location = res.headers.get("Docker-Upload-Location") ?? res.headers.get("Location") ?? "";
    sums.push(createHash("md5").update(part).digest());
    sent(part.length);
  }
  const commit = new URL(location);
  commit.searchParams.set("digest", layer.digest);
  commit.searchParams.set("etag", `${createHash("md5").update(Buffer.concat(sums)).digest("hex")}-${sums.length}`);
  await registryRequest("PUT", commit.toString(), { insecure, headers: { "Content-Type": "application/octet-stream", "Content-Length": "0" } });
}

/** uploadBlob: a blob the registry has is one line at 100%; a missing one is uploaded, a line every 60 ms until done. */
async function pushBlob(st: OllamaState, repo: string, layer: Layer, emit: Emit, signal: AbortSignal, insecure: boolean): Promise<void> {
  const line = (completed: number) => emit(progress(layer.digest, layer.size, completed, "pushing"));
  try {
    await registryRequest("HEAD", `${repo}/blobs/${layer.digest}`, { insecure });
    return line(layer.size);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
  }
  const content = contentOf(st, layer.digest);
  if (!content) throw new Error(`open ${MODELS_DIR}/blobs/${layer.digest.replace(":", "-")}: the simulator holds no bytes for this blob`);
  let completed = 0;
  let outcome: { error?: Error } | undefined;
  // The upload goes on when the client leaves (Run has its own context), as in v0.17.4; only the waiting stops.
  upload(repo, layer, content, insecure, (n) => (completed += n)).then(
    () => (outcome = {}),
    (error: unknown) => (outcome = { error: error as Error }),
  );
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    if (signal.aborted) throw canceled();
    line(completed);
    if (outcome?.error) throw outcome.error;
    if (outcome) return;
  }
}

/** The registry URL of a model (`https://<host>/v2/<ns>/<model>`); the requests switch to http when insecure. */
function repoUrl(n: ModelName): string {
  return `https://${n.host}/v2/${n.namespace}/${n.model}`;
}

/** Pushes the installed model `raw` names to the registry its name names, emitting Ollama's lines. */
export async function pushModel(st: OllamaState, raw: string, emit: Emit, signal: AbortSignal, opts: { insecure: boolean }): Promise<void> {
  emit({ status: "retrieving manifest" });
  const n = parseModelName(raw);
  const stored = n && st.volume.getManifest(displayShortest(n));
  if (!n || !stored) {
    emit({ status: "couldn't retrieve manifest" });
    throw new Error(n ? `open ${MODELS_DIR}/${manifestPath(n)}: no such file or directory` : `unqualified name: ${displayFull(splitModelName(raw))}`);
  }
  // The library wants an ollama.com account's key for any push; the simulated one has none (not checked against it).
  if (n.host.toLowerCase() === DEFAULT_HOST) throw new Error("unauthorized: access denied");
  for (const layer of manifestBlobs(stored.manifest)) {
    await pushBlob(st, repoUrl(n), layer, emit, signal, opts.insecure);
  }
  emit({ status: "pushing manifest" });
  const headers = { "Content-Type": MANIFEST_MEDIA_TYPE };
  // json.Marshal of the parsed manifest: the file's bytes without a trailing newline (a created model's digest changes).
  const body = serializeManifest(stored.manifest);
  await registryRequest("PUT", `${repoUrl(n)}/manifests/${n.tag}`, { insecure: opts.insecure, headers, body });
  emit({ status: "success" });
}
