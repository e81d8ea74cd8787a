import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./headers";

describe("contentSecurityPolicy", () => {
  it("lets forms reach only this origin, plus the identity provider the SSO form is redirected to", () => {
    expect(contentSecurityPolicy("n", { secure: false, dev: false })).toContain("form-action 'self';");
    const csp = contentSecurityPolicy("n", { secure: true, dev: false, formTargets: ["https://id.example.com"] });
    expect(csp).toContain("form-action 'self' https://id.example.com;");
    expect(csp).toContain("upgrade-insecure-requests");
  });
});
