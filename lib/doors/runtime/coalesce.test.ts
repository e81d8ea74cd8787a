import { afterEach, describe, expect, it, vi } from "vitest";
import { coalescer, refresher } from "./coalesce";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

describe("coalescer", () => {
  it("shares one in-flight call between any number of callers, then reuses the result for the TTL", async () => {
    let t = 0;
    const c = coalescer<number>(2_000, () => t);
    let calls = 0;
    const d = deferred<number>();
    const load = () => (calls++, d.promise);
    const all = Array.from({ length: 50 }, () => c.get("tags", load));
    d.resolve(7);
    expect(await Promise.all(all)).toEqual(Array(50).fill(7));
    expect(calls).toBe(1);

    t = 1_999;
    await c.get("tags", () => Promise.resolve(8));
    expect(await c.get("tags", load)).toBe(7);
    t = 2_000;
    expect(await c.get("tags", () => Promise.resolve(9))).toBe(9);
  });

  it("caches a failure for the TTL so a down upstream is not hammered", async () => {
    let t = 0;
    const c = coalescer<number>(1_000, () => t);
    let calls = 0;
    const failing = () => (calls++, Promise.reject(new Error("down")));
    await expect(c.get("ps", failing)).rejects.toThrow("down");
    await expect(c.get("ps", failing)).rejects.toThrow("down");
    expect(calls).toBe(1);
    t = 1_000;
    expect(await c.get("ps", () => Promise.resolve(1))).toBe(1);
  });

  it("keeps keys apart and starts a new call after invalidate, even while one is in flight", async () => {
    const c = coalescer<string>(10_000);
    const slow = deferred<string>();
    const first = c.get("a", () => slow.promise);
    expect(await c.get("b", () => Promise.resolve("b"))).toBe("b");
    c.invalidate("a");
    expect(await c.get("a", () => Promise.resolve("fresh"))).toBe("fresh");
    slow.resolve("stale");
    expect(await first).toBe("stale");
    expect(await c.get("a", () => Promise.resolve("other"))).toBe("fresh");
  });
});

describe("refresher", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Readers polling for `seconds`, each every `everyMs`; returns how many upstream loads happened. */
  async function loadsFor(readers: number, everyMs: number, seconds: number): Promise<number> {
    vi.useFakeTimers();
    const r = refresher<number>(2_000, 30_000);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    for (let t = 0; t < seconds * 1000; t += 100) {
      for (let i = 0; i < readers; i++) if ((t + i * 37) % everyMs < 100) await r.get("ps", load);
      await vi.advanceTimersByTimeAsync(100);
    }
    r.invalidate();
    return loads;
  }

  it("loads at the same pace for 1 reader and for 50, however often they read", async () => {
    const one = await loadsFor(1, 3_000, 60);
    const fifty = await loadsFor(50, 3_000, 60);
    const eager = await loadsFor(50, 500, 60);
    expect(one).toBeGreaterThanOrEqual(30);
    expect(one).toBeLessThanOrEqual(31);
    expect(fifty).toBe(one);
    expect(eager).toBe(one);
  });

  it("answers readers with the latest result at once, keeps a failure until the next refresh, and stops when idle", async () => {
    vi.useFakeTimers();
    const r = refresher<string>(2_000, 10_000);
    let answer: () => Promise<string> = () => Promise.resolve("v1");
    const load = () => answer();
    expect(await r.get("k", load)).toBe("v1");
    answer = () => Promise.reject(new Error("down"));
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(r.get("k", load)).rejects.toThrow("down");
    answer = () => Promise.resolve("v2");
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await r.get("k", load)).toBe("v2");

    let calls = 0;
    answer = () => (calls++, Promise.resolve("v3"));
    await vi.advanceTimersByTimeAsync(14_000);
    const callsWhenIdle = calls;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toBe(callsWhenIdle);
    // After idling, a reader waits for a fresh load rather than getting an old answer.
    answer = () => Promise.resolve("v4");
    expect(await r.get("k", load)).toBe("v4");
    r.invalidate();
  });

  it("invalidate makes the next read wait for a new load", async () => {
    vi.useFakeTimers();
    const r = refresher<string>(2_000);
    expect(await r.get("k", () => Promise.resolve("before"))).toBe("before");
    r.invalidate("k");
    expect(await r.get("k", () => Promise.resolve("after"))).toBe("after");
    r.invalidate();
  });
});
