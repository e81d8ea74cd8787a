// Request bodies, read with a hard size cap: nothing above the cap is buffered, whatever the headers claim.
// No `server-only`: the proxy (proxy.ts) refuses a declared oversize body with the same rule before any route runs.
import "server-only";
import { AppError } from "../../doors/runtime/errors";

/** Largest JSON body any route accepts; every body the console's own forms send is well under 1 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The 413 answer for a body over the cap. */
export function bodyTooLarge(): AppError {
  return new AppError("too_large", `Request body too large: at most ${MAX_BODY_BYTES / 1024} KiB`, "console");
}

/** Whether the request declares a body over `limit` (Content-Length); chunked bodies are capped while read instead. */
export function declaresTooLarge(headers: Headers, limit = MAX_BODY_BYTES): boolean {
  const declared = headers.get("content-length");
  return declared !== null && !(Number(declared) <= limit);
}

/** The body as text; refuses (413) a declared or streamed size above `limit` before buffering it, and invalid UTF-8 (400). */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  if (declaresTooLarge(req.headers, limit)) throw bodyTooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Chunked uploads declare no length: stop reading at the cap and drop what was read.
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid", "Invalid request body: not valid UTF-8", "console");
  }
}

/** The body parsed as JSON; an empty body is `{}`. Throws AppError (400 / 413). */
export async function readJsonBody(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid", "Invalid request body: not valid JSON", "console");
  }
}
