import { describe, expect, it } from "vitest";
import { hashPassword, isPasswordHash, verifyPassword } from "./passwords";

describe("password hashes", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    expect(isPasswordHash(hash)).toBe(true);
    await expect(verifyPassword("correct horse battery", hash)).resolves.toBe(true);
    await expect(verifyPassword("correct horse batterY", hash)).resolves.toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    expect(a).not.toBe(b);
  });

  it("honours the cost parameters stored in the hash", async () => {
    const hash = await hashPassword("pw", { N: 2 ** 14, r: 4, p: 2 });
    expect(hash.startsWith("scrypt$16384$4$2$")).toBe(true);
    await expect(verifyPassword("pw", hash)).resolves.toBe(true);
  });

  it.each([
    ["plain text", "hunter2"],
    ["bcrypt", "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"],
    ["N not a power of two", `scrypt$30000$8$1$${"A".repeat(22)}$${"B".repeat(43)}`],
    ["N too large", `scrypt$${2 ** 22}$8$1$${"A".repeat(22)}$${"B".repeat(43)}`],
    ["short key", `scrypt$32768$8$1$${"A".repeat(22)}$${"B".repeat(20)}`],
  ])("refuses a malformed hash (%s)", async (_what, hash) => {
    expect(isPasswordHash(hash)).toBe(false);
    await expect(verifyPassword("hunter2", hash)).resolves.toBe(false);
  });
});
