// Password sign-in as next-auth's `authorize` runs it: generic failures, limits per user and per IP, audit lines without secrets.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword } from "@/lib/auth/passwords";
import { AUTH_TEST_ENV } from "./auth-fixture";

const PASSWORD = "SENTINEL-password-7d1e-correct-horse";
Object.assign(process.env, { ...AUTH_TEST_ENV, DEMO_MODE: "false", LOG_LEVEL: "info" });
process.env.LOCAL_USERS = `alice:operator:${await hashPassword(PASSWORD, { N: 2 ** 14, r: 8, p: 1 })}`;
const { authorizePassword, RATE_LIMITED } = await import("@/lib/auth/credentials");
const { signInLimits } = await import("@/lib/auth/rate-limit");

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  const capture = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  for (const limiter of Object.values(signInLimits)) for (const key of ["alice", "bob", "10.0.0.1", "10.0.0.2", "10.0.0.3"]) limiter.reset(key);
});
afterEach(() => vi.restoreAllMocks());

const from = (ip: string) => new Headers({ "x-forwarded-for": ip });
const attempt = (username: string, password: string, ip = "10.0.0.1") => authorizePassword({ username, password }, from(ip));
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

  it("locks a user name after 5 failures, even with the right password, without touching other users", async () => {
    for (let i = 0; i < 5; i++) await expect(attempt("alice", `guess-${i}`, `10.0.0.${(i % 3) + 1}`)).resolves.toBeNull();
    await expect(attempt("alice", PASSWORD)).rejects.toThrow(RATE_LIMITED);
    await expect(attempt("ALICE", PASSWORD)).rejects.toThrow(RATE_LIMITED);
    await expect(attempt("bob", "x", "10.0.0.2")).resolves.toBeNull();
    expect(audits().filter((a) => a.message === "too many failed attempts; refused").map((a) => a.subject)).toEqual(["alice", "ALICE"]);
  });

  it("blocks an IP after 20 failures across user names", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(`spray${i}`, "x", "10.0.0.3")));
    await expect(attempt("alice", PASSWORD, "10.0.0.3")).rejects.toThrow(RATE_LIMITED);
    await expect(attempt("alice", PASSWORD, "10.0.0.2")).resolves.toMatchObject({ name: "alice" });
  });

  it("clears a user's count on success, so an honest typo never adds up", async () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await attempt("alice", "typo");
      await expect(attempt("alice", PASSWORD, "10.0.0.2")).resolves.toMatchObject({ name: "alice" });
    }
  });

  it("treats malformed input as a plain failure", async () => {
    await expect(authorizePassword(undefined, from("10.0.0.1"))).resolves.toBeNull();
    await expect(authorizePassword({ username: "alice", password: "" }, from("10.0.0.1"))).resolves.toBeNull();
    await expect(authorizePassword({ username: { $ne: 1 }, password: "x" }, from("10.0.0.1"))).resolves.toBeNull();
  });
});
