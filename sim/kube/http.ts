// Tiny node:http helpers: read a request body, write JSON and Status responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, badRequest, HandlerPanic } from "./errors.ts";

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a JSON request body; BadRequest (400) when it is not JSON. */
export function parseJson(body: Buffer | string): unknown {
  try {
    return JSON.parse(body.toString()) as unknown;
  } catch (err) {
    throw badRequest(`error decoding request body: ${(err as Error).message}`);
  }
}

/** Writes a JSON body with the given status code. */
export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Writes an ApiError as its Status body; anything else becomes a 500 InternalError Status. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof HandlerPanic) {
    res.destroy();
    return;
  }
  const apiError = err instanceof ApiError ? err : new ApiError(500, "InternalError", `Internal error occurred: ${(err as Error).message}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiError.code, apiError.status);
}
