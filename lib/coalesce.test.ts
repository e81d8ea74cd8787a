import { describe, expect, it } from "vitest";
import { coalescer } from "./coalesce";

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
