import { describe, expect, it } from "vitest";
import { FailureLimiter } from "./rate-limit";

function limiter(limit = 3, windowMs = 60_000) {
  const clock = { now: 1_000_000 };
  return { clock, l: new FailureLimiter(limit, windowMs, () => clock.now) };
}

describe("FailureLimiter", () => {
  it("blocks a key after `limit` failures until the oldest ages out of the window", () => {
    const { clock, l } = limiter();
    l.fail("alice");
    clock.now += 10_000;
    l.fail("alice");
    expect(l.blockedFor("alice")).toBe(0);
    l.fail("alice");
    expect(l.blockedFor("alice")).toBe(50_000);
    expect(l.blockedFor("bob")).toBe(0);
    clock.now += 50_000;
    expect(l.blockedFor("alice")).toBe(0);
  });

  it("forgets a key on reset", () => {
    const { l } = limiter(1);
    l.fail("alice");
    expect(l.blockedFor("alice")).toBeGreaterThan(0);
    l.reset("alice");
    expect(l.blockedFor("alice")).toBe(0);
  });

  it("stays blocked while failures keep coming", () => {
    const { clock, l } = limiter(2, 1_000);
    for (let i = 0; i < 10; i++) {
      l.fail("ip");
      clock.now += 400;
    }
    expect(l.blockedFor("ip")).toBeGreaterThan(0);
  });
});
