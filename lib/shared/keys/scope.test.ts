import { describe, expect, it } from "vitest";
import { canonicalPath, scopeAllows } from "./scope";

describe("canonicalPath", () => {
  it("drops the query string and fragment: they never change the path", () => {
    expect(canonicalPath("/api/chat?x=/api/pull")).toEqual({ ok: true, path: "/api/chat" });
    expect(canonicalPath("/api/tags#../pull")).toEqual({ ok: true, path: "/api/tags" });
  });

  it.each([
    ["/api/%2e%2e/api/pull", "path-encoded-separator"],
    ["/api/chat/%2E%2E/pull", "path-encoded-separator"],
    ["/api%2fpull", "path-encoded-separator"],
    ["/api/%5cpull", "path-encoded-separator"],
    ["/api/%252e%252e/pull", "path-encoded-separator"],
    ["/api/chat/../pull", "path-traversal"],
    ["/api/./pull", "path-traversal"],
    ["/v1/chat/completions/..", "path-traversal"],
    ["//api/chat", "path-double-slash"],
    ["/api//chat", "path-double-slash"],
    ["/api/chat%00", "path-bad-character"],
    ["/api\\pull", "path-bad-character"],
    ["/api/%zz", "path-bad-escape"],
    ["api/chat", "path-not-absolute"],
    ["", "path-not-absolute"],
  ])("refuses %s (%s)", (uri, reason) => {
    expect(canonicalPath(uri)).toEqual({ ok: false, reason });
  });

  it("decodes harmless escapes such as a model name's colon", () => {
    expect(canonicalPath("/v1/models/llama3.2%3A1b")).toEqual({ ok: true, path: "/v1/models/llama3.2:1b" });
  });
});

describe("scopeAllows", () => {
  it("inference: POST to the inference paths only", () => {
    for (const p of ["/api/chat", "/api/generate", "/api/embed", "/api/embeddings", "/v1/chat/completions", "/v1/completions", "/v1/embeddings"]) {
      expect(scopeAllows("inference", "POST", p), p).toBe(true);
    }
    expect(scopeAllows("inference", "GET", "/api/chat")).toBe(false);
    expect(scopeAllows("inference", "GET", "/api/tags")).toBe(false);
    expect(scopeAllows("inference", "POST", "/api/chat/")).toBe(false);
  });

  it("inference+read adds reads, never management", () => {
    expect(scopeAllows("inference+read", "GET", "/api/tags")).toBe(true);
    expect(scopeAllows("inference+read", "HEAD", "/api/version")).toBe(true);
    expect(scopeAllows("inference+read", "GET", "/v1/models/llama3.2:1b")).toBe(true);
    expect(scopeAllows("inference+read", "POST", "/api/show")).toBe(true);
    for (const [m, p] of [["POST", "/api/pull"], ["DELETE", "/api/delete"], ["POST", "/api/create"], ["POST", "/api/copy"], ["POST", "/api/push"], ["POST", "/api/blobs/sha256:00"], ["POST", "/api/tags"]] as const) {
      expect(scopeAllows("inference+read", m, p), `${m} ${p}`).toBe(false);
    }
  });

  it("admin allows management paths", () => {
    expect(scopeAllows("admin", "DELETE", "/api/delete")).toBe(true);
  });
});
