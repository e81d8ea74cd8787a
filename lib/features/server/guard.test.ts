import { describe, expect, it } from "vitest";
import { requestProblem } from "./guard";

const req = (pathname: string, headers: Record<string, string> = {}) => ({ headers: new Headers(headers), nextUrl: { pathname } });

describe("requestProblem", () => {
  it("refuses a declared body over 64 KiB (413) and a non-number length, whatever the method", () => {
    expect(requestProblem(req("/api/auth/_log", { "content-length": String(50 * 2 ** 20) }))?.status).toBe(413);
    expect(requestProblem(req("/api/pulls", { "content-length": "65537" }))?.status).toBe(413);
    expect(requestProblem(req("/api/pulls", { "content-length": "65536" }))).toBeUndefined();
    expect(requestProblem(req("/api/pulls"))).toBeUndefined();
  });

  it("refuses a path that is not UTF-8 once percent-decoded (400), which Next's router would answer with a 500", () => {
    for (const path of ["/api/pulls/%FF", "/api/snapshots/%C0%AF", "/api/snapshots/%ED%A0%80/restore", "/api/x/%E2%82"]) {
      expect(requestProblem(req(path))?.toJSON().error.message, path).toBe("Invalid path: not valid UTF-8 after percent-decoding");
    }
    expect(requestProblem(req("/api/snapshots/caf%C3%A9"))).toBeUndefined();
  });
});
