// Registry simulator: the Docker registry v2 subset Ollama uses (`/v2/<ns>/<model>/manifests/<tag>`, blobs, and the
// upload calls of a push, upload.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { createListener } from "../ollama/listener.ts";
import { catalogue as defaultCatalogue, type Catalogue } from "./catalogue.ts";
import { MANIFEST_MEDIA_TYPE } from "./manifest.ts";
import { createUploads } from "./upload.ts";

export interface RegistrySim {
  readonly url: string;
  readonly requestCount: number;
  /** Blob bytes per second per response (0 = unlimited): slows real pulls enough to cancel or kill them mid-way. */
  bytesPerSecond: number;
  /** Blob bytes written to clients since start (what a resumed pull saves shows here). */
  readonly blobBytesSent: number;
  listen(): Promise<string>;
  close(): Promise<void>;
  resetRequestCount(): void;
}

const ZEROS = Buffer.alloc(1 << 20);

function registryError(res: ServerResponse, status: number, code: string, message: string, detail?: unknown): void {
  const body = JSON.stringify({ errors: [{ code, message, ...(detail === undefined ? {} : { detail }) }] });
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Docker-Distribution-API-Version": "registry/2.0" });
  res.end(body);
}

/** Parses `bytes=a-b` (one range); undefined = whole blob. */
function parseRange(header: string | undefined, size: number): [number, number] | undefined {
  const m = header && /^bytes=(\d*)-(\d*)$/.exec(header);
  if (!m) return undefined;
  const start = m[1] ? Number(m[1]) : Math.max(0, size - Number(m[2]));
  const end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
  return start <= end ? [start, end] : undefined;
}

const TICK_MS = 50;

/**
 * Streams bytes [start, end] of `content` (zeros when the blob has no real bytes), honouring backpressure, stopping
 * when the client goes away, and at most `bytesPerSecond()` per response (0 or less = unlimited).
 */
function streamBlob(
  res: ServerResponse,
  content: Buffer | undefined,
  [start, end]: [number, number],
  bytesPerSecond: () => number,
  sent: (n: number) => void,
): void {
  let at = start;
  const slice = (n: number) => (content ? content.subarray(at, at + n) : ZEROS.subarray(0, n));
  const pump = () => {
    const rate = bytesPerSecond();
    let budget = rate > 0 ? Math.max(1, Math.floor((rate * TICK_MS) / 1000)) : Infinity;
    while (at <= end && budget > 0 && !res.destroyed) {
      const chunk = slice(Math.min(end - at + 1, ZEROS.length, budget));
      at += chunk.length;
      budget -= chunk.length;
      sent(chunk.length);
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (res.destroyed) return;
    if (at > end) res.end();
    else setTimeout(pump, TICK_MS);
  };
  pump();
}

function isLoopbackName(host: string): boolean {
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/**
 * The library registry answers a plain blob GET with a 307 to its CDN on another host name, and Ollama insists on it
 * (download.go: it follows same-host redirects, stops at the first other host, and takes that Location as the
 * direct URL; a 200 without Location fails the pull with "http: no Location header in response"). On loopback the
 * "CDN" is this same server under the other loopback name.
 */
function cdnLocation(req: IncomingMessage): string | undefined {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  if (url.searchParams.has("cdn") || !isLoopbackName(url.hostname)) return undefined;
  url.hostname = url.hostname === "localhost" ? "127.0.0.1" : "localhost";
  url.searchParams.set("cdn", "1");
  return url.toString();
}

interface BlobSource {
  content: Buffer | undefined;
  bytesPerSecond: () => number;
  sent: (n: number) => void;
}

function serveBlob(req: IncomingMessage, res: ServerResponse, digest: string, size: number, source: BlobSource): void {
  const headers = { "Content-Type": "application/octet-stream", "Docker-Content-Digest": digest, "Accept-Ranges": "bytes" };
  const range = parseRange(req.headers.range, size);
  const location = req.method === "GET" && !range ? cdnLocation(req) : undefined;
  if (location) {
    res.writeHead(307, { Location: location, "Content-Length": "0", "Docker-Distribution-API-Version": "registry/2.0" }).end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  const length = end - start + 1;
  res.writeHead(range ? 206 : 200, {
    ...headers,
    "Content-Length": String(length),
    ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === "HEAD") res.end();
  else streamBlob(res, source.content, [start, end], source.bytesPerSecond, source.sent);
}

/** Creates the registry simulator; it serves every current manifest of the catalogue under its namespace, and takes pushes. */
export function createRegistrySim(
  opts: { catalogue?: Catalogue; port?: number; host?: string; bytesPerSecond?: number } = {},
): RegistrySim {
  const catalogue = opts.catalogue ?? defaultCatalogue;
  let requestCount = 0;
  let bytesPerSecond = opts.bytesPerSecond ?? 0;
  let blobBytesSent = 0;
  const sent = (n: number) => void (blobBytesSent += n);
  const upload = createUploads(catalogue, registryError);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requestCount++;
    const path = new URL(req.url ?? "/", "http://registry").pathname;
    if (await upload(req, res, path)) return;
    const route = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(path);
    if (path !== "/v2/" && !route) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("404 page not found");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      registryError(res, 405, "UNSUPPORTED", "The operation is unsupported.");
      return;
    }
    if (!route) {
      res.writeHead(200, { "Content-Type": "application/json", "Docker-Distribution-API-Version": "registry/2.0" });
      res.end(req.method === "HEAD" ? undefined : "{}");
      return;
    }
    const [, repo = "", kind, reference = ""] = route;
    if (kind === "manifests") {
      const model = reference.startsWith("sha256:") ? undefined : catalogue.get(`${repo}:${reference}`);
      if (!model) {
        registryError(res, 404, "MANIFEST_UNKNOWN", "manifest unknown", { Tag: reference });
        return;
      }
      res.writeHead(200, {
        "Content-Type": MANIFEST_MEDIA_TYPE,
        "Content-Length": String(Buffer.byteLength(model.manifestJson)),
        "Docker-Content-Digest": `sha256:${model.digest}`,
        // registry.ollama.ai names the manifest's digest in its own header too; HEAD answers it without the body.
        "Ollama-Content-Digest": `sha256:${model.digest}`,
      });
      res.end(req.method === "HEAD" ? undefined : model.manifestJson);
      return;
    }
    const size = catalogue.blobSize(reference);
    if (size === undefined) registryError(res, 404, "BLOB_UNKNOWN", "blob unknown to registry", reference);
    else serveBlob(req, res, reference, size, { content: catalogue.blob(reference), bytesPerSecond: () => bytesPerSecond, sent });
  };

  const listener = createListener((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The simulator's own failure: logged, and answered as a registry's 500 while the response has not started.
      console.error(`registry sim: ${req.method} ${req.url}:`, error);
      if (res.headersSent) res.destroy();
      else registryError(res, 500, "UNKNOWN", "unknown error", error instanceof Error ? error.message : String(error));
    });
  }, opts);
  return {
    get url() {
      return listener.url;
    },
    get requestCount() {
      return requestCount;
    },
    get blobBytesSent() {
      return blobBytesSent;
    },
    get bytesPerSecond() {
      return bytesPerSecond;
    },
    set bytesPerSecond(value: number) {
      bytesPerSecond = value;
    },
    listen: () => listener.listen(),
    close: () => listener.stop(),
    resetRequestCount() {
      requestCount = 0;
    },
  };
}
