import { describe, expect, it } from "vitest";
import { addressKey, delayAfter, FORGET_AFTER_MS, MAX_DELAY_MS, MemoryThrottleStore, SignInThrottle } from "./throttle";

function throttle() {
  const clock = { now: 1_000_000 };
  const now = () => clock.now;
  return { clock, t: new SignInThrottle(new MemoryThrottleStore(now), now) };
}

describe("delayAfter", () => {
  it("lets a few typos pass, then doubles up to a cap", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => delayAfter(n, 3))).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000]);
    expect(delayAfter(40, 3)).toBe(MAX_DELAY_MS);
  });
});

describe("SignInThrottle", () => {
  it("slows a failing address down with growing waits, and lets it try again once the wait is over", async () => {
    const { clock, t } = throttle();
    for (let i = 0; i < 5; i++) await t.failed(`user${i}`, "203.0.113.5");
    expect(await t.waitFor("admin", "203.0.113.5")).toBe(1_000);
    clock.now += 1_000;
    expect(await t.waitFor("admin", "203.0.113.5")).toBe(0);
    await t.failed("admin", "203.0.113.5");
    expect(await t.waitFor("someone-else", "203.0.113.5")).toBe(2_000);
  });

  it("never shuts the real admin out: a client that has not been failing is not slowed by the account's failures (issue 12, finding 4)", async () => {
    const { t } = throttle();
    // Twenty wrong passwords for admin, from twenty addresses.
    for (let i = 0; i < 20; i++) await t.failed("admin", `198.51.100.${i}`);
    expect(await t.waitFor("admin", "192.0.2.44")).toBe(0);
    // A failing client, though, waits out the account's delay, whatever address it fails from next.
    expect(await t.waitFor("admin", "198.51.100.3")).toBeGreaterThan(60_000);
  });

  it("clears the account (not the address) on success, and forgets everything after an hour of quiet", async () => {
    const { clock, t } = throttle();
    for (let i = 0; i < 6; i++) await t.failed("alice", "203.0.113.5");
    await t.succeeded("alice");
    expect(await t.waitFor("bob", "203.0.113.5")).toBeGreaterThan(0);
    clock.now += FORGET_AFTER_MS + 1;
    expect(await t.waitFor("bob", "203.0.113.5")).toBe(0);
  });

  it("throttles an IPv6 client by its /64, so rotating addresses inside it gains nothing", async () => {
    const { t } = throttle();
    for (let i = 1; i <= 6; i++) await t.failed(`user${i}`, `2001:db8:1:2::${i}`);
    expect(await t.waitFor("user9", "2001:db8:1:2:ffff::9")).toBeGreaterThan(0);
    expect(await t.waitFor("user9", "2001:db8:1:3::1")).toBe(0);
    expect(addressKey("2001:0DB8:aa:bb:cc:dd:ee:ff")).toBe("2001:db8:aa:bb::/64");
  });
});

describe("MemoryThrottleStore", () => {
  it("stays bounded under a spray of keys", async () => {
    const store = new MemoryThrottleStore();
    for (let i = 0; i < 10_050; i++) await store.fail(`k${i}`, Date.now());
    expect(await store.get("k0")).toBeUndefined();
    expect(await store.get("k10049")).toMatchObject({ failures: 1 });
  });
});
