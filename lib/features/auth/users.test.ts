import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "./passwords";

const dir = mkdtempSync(join(tmpdir(), "ollama-ops-users-"));
const file = join(dir, "users");
let aliceHash = "";
let carolHash = "";

beforeAll(async () => {
  [aliceHash, carolHash] = await Promise.all([hashPassword("alice-pw", { N: 2 ** 14, r: 8, p: 1 }), hashPassword("carol-pw", { N: 2 ** 14, r: 8, p: 1 })]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

/** A fresh copy of the module (and of the cached config) under the given environment. */
async function usersWith(env: Record<string, string>) {
  vi.resetModules();
  vi.unstubAllEnvs();
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return import("./users");
}

describe("password accounts", () => {
  it("signs in local users by name (any case) and password, nobody else", async () => {
    const users = await usersWith({ LOCAL_USERS: `alice:operator:${aliceHash}` });
    await expect(users.checkPassword("Alice", "alice-pw")).resolves.toEqual({ id: "alice", name: "alice", role: "operator", provider: "local" });
    await expect(users.checkPassword("alice", "wrong")).resolves.toBeNull();
    await expect(users.checkPassword("mallory", "alice-pw")).resolves.toBeNull();
    await expect(users.checkPassword("viewer", "demo-viewer")).resolves.toBeNull();
    expect(users.signInMethods()).toEqual({ password: true, demo: false, oidc: undefined });
  });

  it("re-reads the users file when it changes, so removals apply to open sessions", async () => {
    writeFileSync(file, `# ops team\nalice:admin:${aliceHash}\n\ncarol:viewer:${carolHash}\n`);
    const users = await usersWith({ LOCAL_USERS_FILE: file });
    await expect(users.checkPassword("carol", "carol-pw")).resolves.toMatchObject({ name: "carol", role: "viewer" });
    expect(users.passwordUser("alice", "local")).toMatchObject({ role: "admin" });
    writeFileSync(file, `alice:viewer:${aliceHash}\n`);
    expect(users.passwordUser("alice", "local")).toMatchObject({ role: "viewer" });
    expect(users.passwordUser("carol", "local")).toBeUndefined();
  });

  it("fails closed when the users file breaks", async () => {
    writeFileSync(file, `alice:admin:${aliceHash}\n`);
    const users = await usersWith({ LOCAL_USERS_FILE: file, LOG_LEVEL: "error" });
    expect(users.passwordUser("alice", "local")).toBeDefined();
    const stderr = vi.spyOn(process.stderr, "write").mockReturnValue(true);
    writeFileSync(file, "alice:admin:not-a-hash-but-longer\n");
    expect(users.passwordUser("alice", "local")).toBeUndefined();
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/local users file unusable/);
    expect(String(stderr.mock.calls[0]?.[0])).not.toContain(aliceHash);
    stderr.mockRestore();
  });

  it("reports a broken users file at start with one line naming the variable", async () => {
    const users = await usersWith({});
    writeFileSync(file, `alice:admin:${aliceHash}\nbob:boss:${aliceHash}\n`);
    expect(() => users.readLocalUsersFile(file)).toThrow(/^Invalid configuration: LOCAL_USERS_FILE: .*line 2 \("bob"\): expected name:role:hash/);
    expect(() => users.readLocalUsersFile(join(dir, "missing"))).toThrow(/LOCAL_USERS_FILE: cannot read .*missing \(ENOENT\)/);
  });

  it("offers the demo users only in demo mode, and their sessions end when it is off", async () => {
    const demo = await usersWith({ DEMO_MODE: "true" });
    await expect(demo.checkPassword("operator", "demo-operator")).resolves.toMatchObject({ role: "operator", provider: "demo" });
    await expect(demo.checkPassword("operator", "demo-admin")).resolves.toBeNull();
    expect(demo.passwordUser("admin", "demo")).toMatchObject({ role: "admin" });
    expect(demo.signInMethods()).toEqual({ password: true, demo: true, oidc: undefined });
    const real = await usersWith({ LOCAL_USERS: `admin:viewer:${aliceHash}` });
    expect(real.passwordUser("admin", "demo")).toBeUndefined();
    await expect(real.checkPassword("admin", "demo-admin")).resolves.toBeNull();
  });
});
