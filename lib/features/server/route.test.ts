// The route wrapper against what the security audit found (issue 12): errors from another copy of lib/doors/runtime/errors (finding 7),
// bodies read only after the session check and never past 64 KiB (finding 6), strict bodies (finding 8).
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AUTH_TEST_ENV, sessionCookie } from "../../../tests/integration/auth-fixture";

Object.assign(process.env, AUTH_TEST_ENV);
const { route } = await import("./route");
const { MAX_BODY_BYTES } = await import("./body");
const { okResponse } = await import("../../shared/contracts/error");

const ctx = { params: Promise.resolve({}) };

/** A POST whose body is pulled from `source`; `pulled()` says how many bytes the server read. */
function post(source: { bytes: number; chunk?: number; declare?: boolean }, cookie?: string) {
  const chunk = source.chunk ?? 16 * 1024;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= source.bytes) return controller.close();
      const n = Math.min(chunk, source.bytes - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
  }, { highWaterMark: 0 });
  const headers = new Headers({ host: "127.0.0.1:3000", "content-type": "application/json", "sec-fetch-site": "same-origin" });
  if (cookie) headers.set("cookie", cookie);
  if (source.declare) headers.set("content-length", String(source.bytes));
  const req = new NextRequest("http://127.0.0.1:3000/api/test", { method: "POST", headers, body, duplex: "half" });
  return { req, pulled: () => sent };
}

function json(body: string, cookie: string, method = "POST") {
  const headers = new Headers({ host: "127.0.0.1:3000", "content-type": "application/json", "sec-fetch-site": "same-origin", cookie });
  return new NextRequest("http://127.0.0.1:3000/api/test", { method, headers, body: new TextEncoder().encode(body) });
}

describe("errors", () => {
  it("maps an AppError thrown by another copy of lib/doors/runtime/errors (another bundle) by its code: 404, not 500", async () => {
    vi.resetModules();
    const other = await import("../../doors/runtime/errors");
    vi.resetModules();
    const { AppError } = await import("../../doors/runtime/errors");
    expect(other.AppError).not.toBe(AppError);
    const foreign = new other.AppError("not_found", "No such pull job");
    expect(foreign instanceof AppError).toBe(true);
    const handler = route({ role: "viewer", response: okResponse }, () => Promise.reject(foreign));
    const res = await handler(json("", await sessionCookie("viewer"), "DELETE"), ctx);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "not_found", system: "console", message: "No such pull job" } });
  });

  it("still answers 500 for anything that only looks like an AppError", async () => {
    const fake = Object.assign(new Error("x"), { name: "AppError", code: "not_found", status: 404, system: "console" });
    const res = await route({ role: "viewer", response: okResponse }, () => Promise.reject(fake))(json("", await sessionCookie("viewer"), "DELETE"), ctx);
    expect(res.status).toBe(500);
  });
});

describe("request bodies", () => {
  const body = z.strictObject({ model: z.string() });
  const echo = route({ role: "viewer", body, response: body }, ({ body }) => Promise.resolve(body));

  it("never reads a body before the session check", async () => {
    const { req, pulled } = post({ bytes: 50 * 2 ** 20 });
    expect((await echo(req, ctx)).status).toBe(401);
    expect(pulled()).toBe(0);
  });

  it("refuses a declared oversize body with 413 without reading it", async () => {
    const { req, pulled } = post({ bytes: 50 * 2 ** 20, declare: true }, await sessionCookie("viewer"));
    const res = await echo(req, ctx);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Request body too large: at most 64 KiB");
    expect(pulled()).toBe(0);
  });

  it("stops reading a chunked (undeclared) body at the limit with 413", async () => {
    const { req, pulled } = post({ bytes: 50 * 2 ** 20 }, await sessionCookie("viewer"));
    expect((await echo(req, ctx)).status).toBe(413);
    expect(pulled()).toBeLessThan(MAX_BODY_BYTES + 64 * 1024);
  });

  it("accepts a body just under the limit", async () => {
    const model = "m".repeat(MAX_BODY_BYTES - 20);
    const res = await echo(json(JSON.stringify({ model }), await sessionCookie("viewer")), ctx);
    expect(res.status).toBe(200);
  });

  it("refuses unknown fields, malformed JSON and invalid UTF-8 with 400", async () => {
    const cookie = await sessionCookie("viewer");
    const cases: [string | Uint8Array<ArrayBuffer>, RegExp][] = [
      [JSON.stringify({ model: "a", extra: 1 }), /Unrecognized key.*extra/],
      ['{"model": "a"', /not valid JSON/],
      [new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /not valid UTF-8/],
    ];
    for (const [text, message] of cases) {
      const headers = new Headers({ host: "127.0.0.1:3000", "sec-fetch-site": "same-origin", cookie });
      const res = await echo(new NextRequest("http://127.0.0.1:3000/api/test", { method: "POST", headers, body: text }), ctx);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it("gives a mutation without a body schema no fields at all", async () => {
    const cookie = await sessionCookie("operator");
    const bare = route({ response: okResponse }, () => Promise.resolve({ ok: true as const }));
    expect((await bare(json("", cookie, "DELETE"), ctx)).status).toBe(200);
    expect((await bare(json("{}", cookie, "DELETE"), ctx)).status).toBe(200);
    expect((await bare(json('{"force": true}', cookie, "DELETE"), ctx)).status).toBe(400);
  });
});
