// HEAD and POST /api/blobs/:digest (HeadBlobHandler, CreateBlobHandler): whether a blob is on the volume, and an upload
// of one, which /api/create then names in `files` or `adapters`.
import { randomInt } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { blobDigest } from "../registry/manifest.ts";
import { MODELS_DIR, NoSpaceError } from "../volume.ts";
import { readBytes, sendError } from "./http.ts";
import type { OllamaState } from "./routes.ts";

/** The bytes the simulator holds for a blob: uploaded or created (the volume's), or a content model's (the catalogue's). */
export function contentOf(st: OllamaState, digest: string): Buffer | undefined {
  return st.volume.blobContent(digest) ?? st.catalogue.blob(digest);
}

/** A blob digest as BlobsPath accepts it (`sha256:` or `sha256-` and 64 hex digits), as `sha256:…`; else undefined. */
export function parseBlobDigest(raw: string): string | undefined {
  return /^sha256[:-][0-9a-fA-F]{64}$/.test(raw) ? `sha256:${raw.slice(7)}` : undefined;
}

/** The `:digest` parameter, and the blob it names when it is a digest BlobsPath accepts (`sha256:` or `sha256-`). */
function digestParam(req: IncomingMessage): { raw: string; digest?: string } {
  const raw = decodeURIComponent((req.url ?? "").split("?")[0]?.split("/").pop() ?? "");
  return { raw, digest: parseBlobDigest(raw) };
}

export function headBlob(req: IncomingMessage, res: ServerResponse, st: OllamaState): void {
  const { raw, digest } = digestParam(req);
  if (!digest) return sendError(res, 400, "invalid digest format");
  if (!st.volume.hasBlob(digest)) return sendError(res, 404, `blob ${JSON.stringify(raw)} not found`);
  res.writeHead(200).end();
}

/**
 * 200 without reading the body when the blob exists; else the body is hashed into a new blob under its own digest, even
 * when that is not the one asked for (manifest.NewLayer renames its temp file first): 201, or 400 `digest mismatch`.
 */
export async function createBlob(req: IncomingMessage, res: ServerResponse, st: OllamaState): Promise<void> {
  const { raw, digest } = digestParam(req);
  if (!digest) return sendError(res, 400, "invalid digest format");
  if (st.volume.hasBlob(digest)) return void res.writeHead(200, { "Content-Length": 0 }).end();
  const bytes = await readBytes(req);
  // The upload goes to a temp file `blobs/sha256-<random>` first (os.CreateTemp), so a full disk names that file.
  if (bytes.length > st.volume.free()) return sendError(res, 500, new NoSpaceError(`${MODELS_DIR}/blobs/sha256-${randomInt(2 ** 32)}`).message);
  const actual = blobDigest(bytes);
  st.volume.addBlob(actual, bytes.length, bytes);
  if (actual !== raw) return sendError(res, 400, `digest mismatch, expected ${JSON.stringify(raw)}, got ${JSON.stringify(actual)}`);
  res.writeHead(201, { "Content-Length": 0 }).end();
}
