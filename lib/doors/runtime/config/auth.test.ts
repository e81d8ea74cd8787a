import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../features/auth/passwords";
import { ConfigError, loadConfig } from "./load";

let hash = "";
beforeAll(async () => {
  hash = await hashPassword("pw", { N: 2 ** 14, r: 8, p: 1 });
});

function problem(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

const OIDC = { OIDC_ISSUER: "https://id.example.com/application/o/ollama/", OIDC_CLIENT_ID: "ollama-ops", OIDC_CLIENT_SECRET: "s" };

describe("auth settings", () => {
  it("defaults to no sign-in method, no secret, proxy not trusted, no demo", () => {
    expect(loadConfig({}).auth).toEqual({
      secret: undefined,
      url: undefined,
      trustProxy: false,
      localUsers: [],
      localUsersFile: undefined,
      oidc: undefined,
      demo: false,
      sessionIdleMinutes: 60,
      sessionsConfigMap: "ollama-ops-sessions",
    });
  });

  it("reads the idle session length and the revocation ConfigMap, refusing nonsense", () => {
    expect(loadConfig({ SESSION_IDLE_MINUTES: "30", SESSIONS_CONFIGMAP: "sessions" }).auth).toMatchObject({ sessionIdleMinutes: 30, sessionsConfigMap: "sessions" });
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: "2" })).toThrow(/SESSION_IDLE_MINUTES: expected 5–720 minutes/);
    expect(() => loadConfig({ SESSIONS_CONFIGMAP: "Not_A_Name" })).toThrow(/SESSIONS_CONFIGMAP: expected a ConfigMap name/);
  });

  it("reads local users, the secret (AUTH_SECRET before NEXTAUTH_SECRET) and the public URL", () => {
    const auth = loadConfig({
      LOCAL_USERS: `alice:admin:${hash}, bob:viewer:${hash}`,
      NEXTAUTH_SECRET: "n".repeat(32),
      AUTH_SECRET: "a".repeat(32),
      NEXTAUTH_URL: "https://ops.example.com",
      TRUST_PROXY: "true",
    }).auth;
    expect(auth.localUsers).toEqual([
      { name: "alice", role: "admin", hash },
      { name: "bob", role: "viewer", hash },
    ]);
    expect(auth).toMatchObject({ secret: "a".repeat(32), url: "https://ops.example.com", trustProxy: true });
  });

  it("reads OIDC with its role mapping and defaults", () => {
    const oidc = loadConfig({ ...OIDC, OIDC_ROLE_GROUPS: "admin=ollama-admins, root ; operator=ollama-operators;viewer=*" }).auth.oidc;
    expect(oidc).toEqual({
      issuer: "https://id.example.com/application/o/ollama",
      clientId: "ollama-ops",
      clientSecret: "s",
      groupsClaim: "groups",
      scopes: "openid profile email groups",
      name: "single sign-on",
      roleGroups: [
        { role: "admin", group: "ollama-admins" },
        { role: "admin", group: "root" },
        { role: "operator", group: "ollama-operators" },
        { role: "viewer", group: "*" },
      ],
    });
  });

  it.each([
    [{ LOCAL_USERS: "alice:admin:hunter2" }, "LOCAL_USERS", /entry 1 \("alice"\): expected name:role:hash/],
    [{ LOCAL_USERS: "alice:root:HASH" }, "LOCAL_USERS", /entry 1 \("alice"\)/],
    [{ LOCAL_USERS: "alice:admin:HASH,Alice:viewer:HASH" }, "LOCAL_USERS", /user "Alice" is listed twice/],
    [{ AUTH_SECRET: "short" }, "AUTH_SECRET", /at least 32 characters/],
    [{ NEXTAUTH_URL: "ops.example.com" }, "NEXTAUTH_URL", /http\(s\) URL/],
    [{ OIDC_ISSUER: "https://id.example.com" }, "OIDC_CLIENT_ID", /required when any of OIDC_ISSUER/],
    [{ ...OIDC }, "OIDC_ROLE_GROUPS", /required with OIDC/],
    [{ ...OIDC, OIDC_ROLE_GROUPS: "boss=admins" }, "OIDC_ROLE_GROUPS", /expected role=group pairs/],
    [{ DEMO_MODE: "true", LOCAL_USERS: "alice:admin:HASH" }, "DEMO_MODE", /cannot be combined/],
    [{ DEMO_MODE: "true", ...OIDC, OIDC_ROLE_GROUPS: "viewer=*" }, "DEMO_MODE", /cannot be combined/],
    [{ TRUST_PROXY: "sometimes" }, "TRUST_PROXY", /expected true or false/],
  ])("rejects %o on %s", (env, variable, message) => {
    const withHash = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replaceAll("HASH", hash)]));
    const e = problem(withHash);
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(hash);
  });
});
