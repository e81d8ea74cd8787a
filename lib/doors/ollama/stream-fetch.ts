// A fetch for long Ollama streams over node:http: no header or body timeouts (Node's fetch gives up after 300 s of silence).
import "server-only";
import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";

function urlOf(input: string | URL | Request): URL {
  return new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => (out[key] = value));
  return out;
}

/**
 * A fetch whose responses may stay silent for any time (Ollama sends nothing while it verifies a 40 GB blob).
 * `cancel`, when given, aborts the request or its body in addition to the caller's own signal.
 */
export function streamFetch(cancel?: AbortSignal): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = urlOf(input);
      const signals = [init?.signal, cancel].filter((s): s is AbortSignal => s instanceof AbortSignal);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      const body = typeof init?.body === "string" ? init.body : undefined;
      const headers = headersOf(init);
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const req = (url.protocol === "https:" ? https : http).request(url, { method: init?.method ?? "GET", headers, signal });
      req.on("response", (res) => {
        const status = res.statusCode ?? 502;
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(key, v);
        }
        const empty = status === 204 || status === 304 || init?.method === "HEAD";
        if (empty) res.resume();
        resolve(
          new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status,
            statusText: res.statusMessage ?? "",
            headers: responseHeaders,
          }),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
}
