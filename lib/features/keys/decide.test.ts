import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { generateKey, hashKey, verifyKey } from "./key";
import type { KeyRecord } from "../../shared/keys/types";

const PEPPER = "p".repeat(32);
const NOW = Date.parse("2026-06-01T00:00:00Z");
const { id, key } = generateKey();
const record: KeyRecord = { id, name: "app", scope: "inference", note: "", createdAt: "2026-01-01T00:00:00Z", createdBy: "admin", hash: hashKey(PEPPER, key) };
const lookup = (k: string) => (k === id ? record : undefined);
const ask = (authorization: string | null, method: string | null = "POST", uri: string | null = "/api/chat", r = lookup) =>
  decide({ authorization, method, uri }, r, PEPPER, NOW);

describe("key material", () => {
  it("is 256 random bits behind a public id, verified only with the right pepper", () => {
    expect(key).toMatch(/^oops_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(verifyKey(PEPPER, key, record.hash)).toBe(true);
    expect(verifyKey("q".repeat(32), key, record.hash)).toBe(false);
    expect(verifyKey(PEPPER, key, undefined)).toBe(false);
    expect(verifyKey(PEPPER, key, "zz")).toBe(false);
  });
});

describe("decide", () => {
  it("lets a valid key through on its scope", () => {
    expect(ask(`Bearer ${key}`)).toEqual({ status: 200, reason: "ok", keyId: id });
  });

  it.each([
    [null, "missing-authorization"],
    ["", "missing-authorization"],
    [`Basic ${Buffer.from("a:b").toString("base64")}`, "malformed-authorization"],
    [`Bearer`, "malformed-authorization"],
    [`Bearer ${key} extra`, "malformed-authorization"],
    [`bearer ${key}`, "malformed-authorization"],
    ["Bearer not-a-key", "malformed-key"],
    [`Bearer ${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`, "unknown-key"],
    [`Bearer oops_000000000000_${"a".repeat(43)}`, "unknown-key"],
  ])("401 for Authorization %s", (authorization, reason) => {
    expect(ask(authorization)).toMatchObject({ status: 401, reason });
  });

  it("401 for an expired key, 200 just before its expiry", () => {
    const expiring = { ...record, expiresAt: new Date(NOW + 1000).toISOString() };
    expect(ask(`Bearer ${key}`, "POST", "/api/chat", () => expiring)).toMatchObject({ status: 200 });
    const expired = { ...record, expiresAt: new Date(NOW).toISOString() };
    expect(ask(`Bearer ${key}`, "POST", "/api/chat", () => expired)).toMatchObject({ status: 401, reason: "expired-key", keyId: id });
  });

  it("403 outside the scope, for traversal and without forwarded headers", () => {
    expect(ask(`Bearer ${key}`, "POST", "/api/pull")).toMatchObject({ status: 403, reason: "outside-scope" });
    expect(ask(`Bearer ${key}`, "GET", "/api/chat")).toMatchObject({ status: 403, reason: "outside-scope" });
    expect(ask(`Bearer ${key}`, "POST", "/api/chat/%2e%2e/pull")).toMatchObject({ status: 403, reason: "path-encoded-separator" });
    expect(ask(`Bearer ${key}`, "POST", "/api/chat/../pull")).toMatchObject({ status: 403, reason: "path-traversal" });
    expect(ask(`Bearer ${key}`, null, "/api/chat")).toMatchObject({ status: 403, reason: "missing-forwarded-request" });
    expect(ask(`Bearer ${key}`, "POST", null)).toMatchObject({ status: 403, reason: "missing-forwarded-request" });
  });
});
