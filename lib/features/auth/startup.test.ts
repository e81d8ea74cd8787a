import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../doors/runtime/config";
import { prepareAuth } from "./startup";

const HASH = `scrypt$16384$8$1$${"A".repeat(22)}$${"B".repeat(43)}`;
const SECRET = "s".repeat(32);

afterEach(() => vi.restoreAllMocks());

function prepare(env: Record<string, string> & { NODE_ENV: NodeJS.ProcessEnv["NODE_ENV"] }): NodeJS.ProcessEnv {
  vi.spyOn(process.stderr, "write").mockReturnValue(true);
  const target: NodeJS.ProcessEnv = { ...env };
  prepareAuth(loadConfig(env).auth, target);
  return target;
}

describe("prepareAuth", () => {
  it("refuses production without a secret, naming AUTH_SECRET", () => {
    expect(() => prepare({ NODE_ENV: "production", LOCAL_USERS: `alice:admin:${HASH}` })).toThrow(
      /^Invalid configuration: AUTH_SECRET: required in production/,
    );
  });

  it("refuses production without a sign-in method, naming how to add one", () => {
    expect(() => prepare({ NODE_ENV: "production", AUTH_SECRET: SECRET })).toThrow(
      /^Invalid configuration: LOCAL_USERS: no sign-in method configured: set LOCAL_USERS or LOCAL_USERS_FILE .* or OIDC_ISSUER/,
    );
  });

  it("refuses a users file it cannot read", () => {
    expect(() => prepare({ NODE_ENV: "production", AUTH_SECRET: SECRET, LOCAL_USERS_FILE: "/nonexistent/users" })).toThrow(/LOCAL_USERS_FILE: cannot read/);
  });

  it("accepts production with a secret and a method; next-auth gets the public URL when one is set", () => {
    const env = prepare({ NODE_ENV: "production", AUTH_SECRET: SECRET, LOCAL_USERS: `alice:admin:${HASH}`, AUTH_URL: "https://ops.example.com" });
    expect(env.NEXTAUTH_URL).toBe("https://ops.example.com");
    expect(env.AUTH_TRUST_HOST).toBeUndefined();
    expect(env.AUTH_SECRET).toBe(SECRET);
  });

  it("gives the demo a random secret per start and lets next-auth use the (proxy-checked) forwarded host", () => {
    const a = prepare({ NODE_ENV: "production", DEMO_MODE: "true" });
    const b = prepare({ NODE_ENV: "production", DEMO_MODE: "true" });
    expect(a.AUTH_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.AUTH_SECRET).not.toBe(b.AUTH_SECRET);
    expect(a.AUTH_TRUST_HOST).toBe("true");
  });

  it("only warns in development", () => {
    const env = prepare({ NODE_ENV: "development" });
    expect(env.AUTH_SECRET).toHaveLength(43);
  });
});
