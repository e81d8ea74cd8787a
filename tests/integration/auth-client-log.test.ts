// next-auth's public client-log endpoint (issue 12, finding 2): anyone could POST /api/auth/_log, and its fields reached
// our logger, which turned OAUTH* codes into audit entries and Warning Events. It is refused before next-auth runs.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AUTH_TEST_ENV } from "./auth-fixture";

Object.assign(process.env, AUTH_TEST_ENV, { LOG_LEVEL: "debug" });
const { POST, GET } = await import("@/app/api/auth/[...nextauth]/route");
const { recentAudit } = await import("@/lib/features/audit");
const { NextRequest } = await import("next/server");

afterEach(() => vi.restoreAllMocks());

describe("POST /api/auth/_log", () => {
  it("answers 404 and leaves no trace of the posted text in the log or the audit trail", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const forged = "OAUTH_X) admin deleted all models";
    for (const handler of [POST, GET]) {
      const req = new NextRequest("http://127.0.0.1:3000/api/auth/_log", {
        method: handler === POST ? "POST" : "GET",
        headers: { host: "127.0.0.1:3000", "content-type": "application/x-www-form-urlencoded" },
        ...(handler === POST ? { body: new URLSearchParams({ level: "error", code: forged }).toString() } : {}),
      });
      const res = await handler(req, { params: Promise.resolve({ nextauth: ["_log"] }) });
      expect(res.status).toBe(404);
    }
    expect(lines.join("")).not.toContain("deleted all models");
    expect(recentAudit()).toEqual([]);
  });
});
