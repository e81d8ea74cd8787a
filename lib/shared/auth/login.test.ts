import { describe, expect, it } from "vitest";
import { safeCallbackUrl, signInErrorMessage } from "./login";

const ORIGIN = "http://127.0.0.1:3000";

describe("safeCallbackUrl", () => {
  it.each([
    ["/models?sort=size", "/models?sort=size"],
    ["/models#pulls", "/models#pulls"],
    [["/snapshots", "/x"], "/snapshots"],
    ["http://127.0.0.1:3000/activity", "/activity"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["\\/evil.example", "/"],
    // Browsers drop tabs and newlines from URLs: these are "//evil.example" once parsed (finding 3 of issue 12).
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/\r/evil.example", "/"],
    [" //evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["http:evil.example", "/evil.example"],
    [undefined, "/"],
    ["", "/"],
    [`/${"a".repeat(3000)}`, "/"],
  ])("%o → %s", (input, expected) => {
    expect(safeCallbackUrl(input, ORIGIN)).toBe(expected);
  });

  it("percent-encodes control characters and non-ASCII, so the result is always a valid header value", () => {
    for (const input of ["/models\n", "/mod\u0000els", "/modèles?q=ü", "/a\r\nSet-Cookie: x=1"]) {
      const out = safeCallbackUrl(input, ORIGIN);
      expect(out.startsWith("/")).toBe(true);
      expect(out).toMatch(/^[\x21-\x7e]*$/);
      expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});

describe("signInErrorMessage", () => {
  it("says the same thing for a wrong name and a wrong password", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong user name or password.");
  });

  it("explains rate limits, missing roles and identity-provider failures", () => {
    expect(signInErrorMessage("RateLimited")).toMatch(/Too many failed sign-in attempts/);
    expect(signInErrorMessage("AccessDenied")).toMatch(/no role/);
    expect(signInErrorMessage("OAuthCallback")).toMatch(/Single sign-on failed/);
    expect(signInErrorMessage("Something")).toBe("Sign-in failed. Try again.");
    expect(signInErrorMessage(undefined)).toBeUndefined();
  });
});
