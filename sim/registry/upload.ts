// The push side of the registry simulator, the Docker registry v2 calls Ollama's PushModel makes (server/images.go,
// server/upload.go): HEAD each blob (served by server.ts), POST an upload session, PATCH its parts, PUT with the digest
// to commit, then PUT the manifest. What is pushed goes into the catalogue, so the registry serves it from then on.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBytes } from "../ollama/http.ts";
import type { Catalogue } from "./catalogue.ts";
import { blobDigest, manifestBlobs, parseManifest } from "./manifest.ts";

/** Answers a registry error body (`{"errors":[{code,message,detail}]}`). */
export type RegistryError = (res: ServerResponse, status: number, code: string, message: string, detail?: unknown) => void;

const API_VERSION = { "Docker-Distribution-API-Version": "registry/2.0" };
/** Unfinished uploads kept at most (a push runs a few at once): an abandoned one is not kept for ever. */
const MAX_SESSIONS = 64;

/** The handler of push requests: true when it answered one, false for requests that are not pushes. */
export function createUploads(catalogue: Catalogue, fail: RegistryError): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> {
  // Unfinished uploads, oldest first: forgotten on a scenario reset (resetPublished), the oldest dropped beyond MAX_SESSIONS.
  const sessions = new Map<string, Buffer[]>();
  let resets = catalogue.resets;
  const sessionUrl = (req: IncomingMessage, repo: string, id: string) => `http://${req.headers.host ?? "127.0.0.1"}/v2/${repo}/blobs/uploads/${id}`;
  const received = (id: string) => (sessions.get(id) ?? []).reduce((n, b) => n + b.length, 0);
  const accepted = (req: IncomingMessage, res: ServerResponse, repo: string, id: string) => {
    // Ollama takes the next part's URL from Location, so it is absolute, as a real registry sends it.
    const size = received(id);
    res.writeHead(202, { ...API_VERSION, Location: sessionUrl(req, repo, id), "Docker-Upload-UUID": id, Range: `0-${Math.max(0, size - 1)}`, "Content-Length": 0 });
    res.end();
  };

  return async (req, res, path) => {
    const url = new URL(req.url ?? "/", "http://registry");
    if (catalogue.resets !== resets) {
      sessions.clear();
      resets = catalogue.resets;
    }
    const start = /^\/v2\/(.+)\/blobs\/uploads\/$/.exec(path);
    if (start && req.method === "POST") {
      const id = randomUUID();
      for (const old of sessions.keys()) {
        if (sessions.size < MAX_SESSIONS) break;
        sessions.delete(old);
      }
      sessions.set(id, []);
      accepted(req, res, start[1] ?? "", id);
      return true;
    }
    const session = /^\/v2\/(.+)\/blobs\/uploads\/([^/]+)$/.exec(path);
    if (session && (req.method === "PATCH" || req.method === "PUT")) {
      const [, repo = "", id = ""] = session;
      const chunks = sessions.get(id);
      if (!chunks) {
        fail(res, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
        return true;
      }
      const range = /^(\d+)-\d+$/.exec(req.headers["content-range"] ?? "");
      if (range && Number(range[1]) !== received(id)) {
        fail(res, 416, "BLOB_UPLOAD_INVALID", "blob upload invalid");
        return true;
      }
      chunks.push(await readBytes(req));
      if (req.method === "PATCH") {
        accepted(req, res, repo, id);
        return true;
      }
      sessions.delete(id);
      const bytes = Buffer.concat(chunks);
      const digest = url.searchParams.get("digest") ?? "";
      if (blobDigest(bytes) !== digest) {
        fail(res, 400, "DIGEST_INVALID", "provided digest did not match uploaded content", digest);
        return true;
      }
      catalogue.addBlob(digest, bytes);
      res.writeHead(201, { ...API_VERSION, Location: `/v2/${repo}/blobs/${digest}`, "Docker-Content-Digest": digest, "Content-Length": 0 }).end();
      return true;
    }
    const target = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
    if (target && req.method === "PUT") {
      const [, repo = "", tag = ""] = target;
      const json = (await readBytes(req)).toString("utf8");
      const manifest = parseManifest(json);
      const missing = manifest && manifestBlobs(manifest).find((l) => catalogue.blobSize(l.digest) === undefined);
      if (!manifest) fail(res, 400, "MANIFEST_INVALID", "manifest invalid");
      else if (missing) fail(res, 400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry", missing.digest);
      else {
        const model = catalogue.push(`${repo}:${tag}`, json);
        if (!model) {
          fail(res, 400, "NAME_INVALID", "invalid repository name", `${repo}:${tag}`);
          return true;
        }
        const digest = `sha256:${model.digest}`;
        res.writeHead(201, { ...API_VERSION, Location: `/v2/${repo}/manifests/${digest}`, "Docker-Content-Digest": digest, "Content-Length": 0 }).end();
      }
      return true;
    }
    return false;
  };
}
