// Registry simulator: the Docker registry v2 subset Ollama uses (`/v2/<ns>/<model>/manifests/<tag>`, blobs).
import type { IncomingMessage, ServerResponse } from "node:http";
import { createListener } from "../ollama/listener.ts";
import { catalogue as defaultCatalogue, type Catalogue } from "./catalogue.ts";
import { MANIFEST_MEDIA_TYPE } from "./manifest.ts";

export interface RegistrySim {
  readonly url: string;
  readonly requestCount: number;
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

/** Streams `length` zero bytes, honouring backpressure and stopping when the client goes away. */
function streamZeros(res: ServerResponse, length: number): void {
  let left = length;
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      const chunk = ZEROS.subarray(0, Math.min(left, ZEROS.length));
      left -= chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

function serveBlob(req: IncomingMessage, res: ServerResponse, digest: string, size: number): void {
  const headers = { "Content-Type": "application/octet-stream", "Docker-Content-Digest": digest, "Accept-Ranges": "bytes" };
  const range = parseRange(req.headers.range, size);
  const [start, end] = range ?? [0, size - 1];
  const length = end - start + 1;
  res.writeHead(range ? 206 : 200, {
    ...headers,
    "Content-Length": String(length),
    ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === "HEAD") res.end();
  else streamZeros(res, length);
}

/** Creates the registry simulator; it serves every current manifest of the catalogue under its namespace. */
export function createRegistrySim(opts: { catalogue?: Catalogue; port?: number; host?: string } = {}): RegistrySim {
  const catalogue = opts.catalogue ?? defaultCatalogue;
  let requestCount = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requestCount++;
    const path = new URL(req.url ?? "/", "http://registry").pathname;
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
      });
      res.end(req.method === "HEAD" ? undefined : model.manifestJson);
      return;
    }
    const size = catalogue.blobSize(reference);
    if (size === undefined) registryError(res, 404, "BLOB_UNKNOWN", "blob unknown to registry", reference);
    else serveBlob(req, res, reference, size);
  };

  const listener = createListener(handle, opts);
  return {
    get url() {
      return listener.url;
    },
    get requestCount() {
      return requestCount;
    },
    listen: () => listener.listen(),
    close: () => listener.stop(),
    resetRequestCount() {
      requestCount = 0;
    },
  };
}
