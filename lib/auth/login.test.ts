import { describe, expect, it } from "vitest";
import { safeCallbackUrl, signInErrorMessage } from "./login";

describe("safeCallbackUrl", () => {
  it.each([
    ["/models?sort=size", "/models?sort=size"],
    [["/snapshots", "/x"], "/snapshots"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    [undefined, "/"],
  ])("%o → %s", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
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
