// How Ollama answers its long operations (pull, push, create): server/routes.go's streamResponse and waitForStream.
import type { ServerResponse } from "node:http";
import { HttpError, goJson, sendJson } from "./http.ts";

/** One progress line (api.ProgressResponse) or any other object a handler streams. */
export type Emit = (line: object) => void;

/**
 * Runs `work`, which emits progress lines and throws on failure (an HttpError carries its status, anything else is
 * 500). Streaming: NDJSON lines as they come; an error is a last `{"error"}` line, or, when nothing was written yet, a
 * plain JSON error with its status. `stream: false`: only the last line, or the error with its status. Both write
 * `application/json` without a charset, as gin does once the handler has set that header itself.
 */
export async function respond(res: ServerResponse, stream: boolean, work: (emit: Emit) => Promise<void>): Promise<void> {
  const failure = (error: unknown) => ({ status: error instanceof HttpError ? error.status : 500, message: (error as Error).message });
  if (!stream) {
    // Go's zero ProgressResponse, had nothing been emitted.
    let last: object = { status: "" };
    try {
      await work((line) => (last = line));
    } catch (error) {
      const { status, message } = failure(error);
      return sendJson(res, status, { error: message }, "application/json");
    }
    return sendJson(res, 200, last, "application/json");
  }
  const emit: Emit = (line) => {
    if (!res.headersSent) res.writeHead(200, { "Content-Type": "application/x-ndjson" });
    if (!res.destroyed) res.write(`${goJson(line)}\n`);
  };
  try {
    await work(emit);
  } catch (error) {
    const { status, message } = failure(error);
    if (!res.headersSent) return sendJson(res, status, { error: message }, "application/json");
    emit({ error: message });
  }
  res.end();
}
