// Wire helpers that reproduce gin/Go output: JSON with HTML escaping, error bodies, RFC3339Nano times, body binding.
import type { IncomingMessage, ServerResponse } from "node:http";

export type JsonObject = Record<string, unknown>;

/** An error answered as `{"error": message}` with a status, before anything was streamed. */
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** JSON as Go's encoding/json writes it (`<`, `>`, `&` escaped). */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Go's %q for plain text: a double-quoted string with Go escapes (JSON's are the same for printable text). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, contentType = "application/json; charset=utf-8"): void {
  const body = goJson(value);
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = "text/plain; charset=utf-8"): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(res.req.method === "HEAD" ? undefined : text);
}

function pad(n: number, width = 2): string {
  return String(Math.trunc(n)).padStart(width, "0");
}

/** Go's RFC3339Nano in the local zone (`2025-05-04T17:37:44.706-07:00`, trailing zeros trimmed, `Z` for UTC). */
export function goTime(date: Date, utc = false): string {
  const offsetMin = utc ? 0 : -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offsetMin * 60_000);
  const base =
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const ms = local.getUTCMilliseconds();
  const fraction = ms === 0 ? "" : `.${pad(ms, 3).replace(/0+$/, "")}`;
  const sign = offsetMin < 0 ? "-" : "+";
  const zone = offsetMin === 0 ? "Z" : `${sign}${pad(Math.abs(offsetMin) / 60)}:${pad(Math.abs(offsetMin) % 60)}`;
  return `${base}${fraction}${zone}`;
}

/** The whole request body. */
export function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Binds a JSON request body like gin's ShouldBindJSON: empty → `missing request body`, bad JSON → 400. */
export async function bindJson(req: IncomingMessage, goType: string): Promise<JsonObject> {
  const raw = (await readBytes(req)).toString("utf8");
  if (raw.trim() === "") throw new HttpError(400, "missing request body");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new HttpError(400, "unexpected EOF");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
    throw new HttpError(400, `json: cannot unmarshal ${kind} into Go value of type api.${goType}`);
  }
  return value as JsonObject;
}

/** The kind of a JSON value as Go's UnmarshalTypeError names it (`bool`, not `boolean`). */
export function jsonKind(v: unknown): string {
  return Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "boolean" ? "bool" : typeof v;
}

/** A string field of a bound body (`""` when absent), with Go's type error when it is not a string. */
export function stringField(body: JsonObject, key: string, goType: string): string {
  const v = body[key];
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") {
    throw new HttpError(400, `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${goType}.${key} of type string`);
  }
  return v;
}

/** `model`, falling back to the deprecated `name` alias. */
export function modelField(body: JsonObject, goType: string): string {
  return stringField(body, "model", goType) || stringField(body, "name", goType);
}
