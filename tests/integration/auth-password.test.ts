// Password sign-in as next-auth's `authorize` runs it: generic failures, growing delays per address and per account
// (no lockout a stranger can trigger), audit lines without secrets.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/features/auth/passwords";
import { AUTH_TEST_ENV } from "./auth-fixture";

const PASSWORD = "SENTINEL-password-7d1e-correct-horse";
Object.assign(process.env, { ...AUTH_TEST_ENV, DEMO_MODE: "false", LOG_LEVEL: "info" });
process.env.LOCAL_USERS = `alice:operator:${await hashPassword(PASSWORD, { N: 2 ** 14, r: 8, p: 1 })}`;
const { authorizePassword, RATE_LIMITED } = await import("@/lib/features/auth/credentials");
const { PEER_HEADER } = await import("@/lib/features/auth/origin");

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  const capture = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
});
// Every test uses its own addresses and accounts: the throttle's memory is the process's.
let net = 0;
const addr = (host: number) => `10.${net}.0.${host}`;
beforeEach(() => void net++);
afterEach(() => vi.restoreAllMocks());

/** A direct client (TRUST_PROXY off): the server stamps its TCP address; X-Forwarded-For is the client's own words. */
const from = (ip: string, forwardedFor?: string) => new Headers({ [PEER_HEADER]: ip, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) });
const attempt = (username: string, password: string, ip = addr(1)) => authorizePassword({ username, password }, from(ip));
const audits = () => lines.filter((l) => l.includes('"msg":"audit"')).map((l) => (JSON.parse(l) as { audit: Record<string, unknown> }).audit);

describe("password sign-in", () => {
  it("signs in with the right password and audits nothing secret for failures", async () => {
    await expect(attempt("alice", PASSWORD)).resolves.toMatchObject({ name: "alice", role: "operator", provider: "local" });
    await expect(attempt("alice", "wrong")).resolves.toBeNull();
    await expect(attempt("nobody", PASSWORD)).resolves.toBeNull();
    expect(audits()).toEqual([
      expect.objectContaining({ action: "SignIn", subject: "alice", outcome: "failure", message: "wrong user name or password", user: null }),
      expect.objectContaining({ action: "SignIn", subject: "nobody", outcome: "failure", message: "wrong user name or password", user: null }),
    ]);
    expect(lines.join("")).not.toContain(PASSWORD);
    expect(lines.join("")).not.toContain(AUTH_TEST_ENV.AUTH_SECRET);
  });

  it("never locks the real user out: failures from strangers slow only the strangers (issue 12, finding 4)", async () => {
    for (let i = 0; i < 5; i++) await expect(attempt("alice", `guess-${i}`, addr(10 + i))).resolves.toBeNull();
    for (let i = 0; i < 10; i++) await attempt("alice", `guess-again-${i}`, addr(10)).catch(() => null);
    // A client that has not been failing, with the right password, gets in, whatever the account's count.
    await expect(attempt("alice", PASSWORD, addr(2))).resolves.toMatchObject({ name: "alice" });
  });

  it("slows a failing client down (account and address), refusing before the password is checked", async () => {
    for (let i = 0; i < 3; i++) await expect(attempt("bob", `guess-${i}`, addr(3))).resolves.toBeNull();
    // Three failures for one account: this client is slowed down for it, even with the right password…
    await expect(attempt("bob", "x", addr(3))).rejects.toThrow(RATE_LIMITED);
    // …and two more for others make its address wait for every account.
    for (let i = 0; i < 2; i++) await expect(attempt(`carl${i}`, "x", addr(3))).resolves.toBeNull();
    await expect(attempt("alice", PASSWORD, addr(3))).rejects.toThrow(RATE_LIMITED);
    expect(audits().filter((a) => a.message === "too many failed attempts; slowed down").map((a) => a.subject)).toEqual(["bob", "alice"]);
  });

  it("ignores a made-up X-Forwarded-For without TRUST_PROXY: 25 tries with 25 new headers are one address", async () => {
    let refused = 0;
    for (let i = 0; i < 25; i++) {
      await authorizePassword({ username: `spray${i}`, password: "x" }, from(addr(4), `192.0.2.${i}`)).catch((err: Error) => {
        if (err.message === RATE_LIMITED) refused++;
      });
    }
    expect(refused).toBe(20);
  });

  it("clears a user's count on success, so an honest typo never adds up", async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) await attempt("alice", "typo", addr(20 + round));
      await expect(attempt("alice", PASSWORD, addr(20 + round))).resolves.toMatchObject({ name: "alice" });
    }
  });

  it("treats malformed input as a plain failure", async () => {
    await expect(authorizePassword(undefined, from(addr(7)))).resolves.toBeNull();
    await expect(authorizePassword({ username: "alice", password: "" }, from(addr(7)))).resolves.toBeNull();
    await expect(authorizePassword({ username: { $ne: 1 }, password: "x" }, from(addr(7)))).resolves.toBeNull();
  });
});
