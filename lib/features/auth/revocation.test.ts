import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryRevocationStore, REVOCATION_CACHE_MS, RevocationList } from "./revocation";

afterEach(() => vi.useRealTimers());

describe("RevocationList", () => {
  it("refuses a signed-out session at once on this replica, and within the cache time on another", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new MemoryRevocationStore();
    const here = new RevocationList(store);
    const there = new RevocationList(store);
    expect(await there.isRevoked("sid-aaaaaaaaaaaaaaaa")).toBe(false);
    here.revoke("sid-aaaaaaaaaaaaaaaa", Date.now() + 3_600_000);
    expect(await here.isRevoked("sid-aaaaaaaaaaaaaaaa")).toBe(true);
    await vi.runAllTimersAsync();
    await here.settled();
    // The other replica read a moment ago: it may answer from its cache until that is REVOCATION_CACHE_MS old.
    vi.advanceTimersByTime(REVOCATION_CACHE_MS);
    expect(await there.isRevoked("sid-aaaaaaaaaaaaaaaa")).toBe(true);
    expect(await there.isRevoked("sid-bbbbbbbbbbbbbbbb")).toBe(false);
  });

  it("forgets an entry once every copy of the cookie has expired", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const list = new RevocationList(new MemoryRevocationStore());
    list.revoke("sid-aaaaaaaaaaaaaaaa", Date.now() + 60_000);
    vi.advanceTimersByTime(60_001);
    expect(await list.isRevoked("sid-aaaaaaaaaaaaaaaa")).toBe(false);
  });

  it("batches a burst of sign-outs into few writes, and reads the store at most once per cache period", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new MemoryRevocationStore();
    const load = vi.spyOn(store, "load");
    const list = new RevocationList(store);
    for (let i = 0; i < 100; i++) list.revoke(`sid-${String(i).padStart(16, "0")}`, Date.now() + 60_000);
    await vi.runAllTimersAsync();
    await list.settled();
    expect(store.writes).toBeLessThanOrEqual(2);
    expect(store.entries.size).toBe(100);
    await Promise.all(Array.from({ length: 50 }, () => list.isRevoked("sid-unknown-000000000")));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("keeps refusing its own sign-outs and retries the write while the store is down", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    vi.spyOn(process.stderr, "write").mockReturnValue(true);
    const store = new MemoryRevocationStore();
    const add = vi.spyOn(store, "add").mockRejectedValueOnce(new Error("API server unreachable"));
    vi.spyOn(store, "load").mockRejectedValue(new Error("API server unreachable"));
    const list = new RevocationList(store);
    list.revoke("sid-aaaaaaaaaaaaaaaa", Date.now() + 60_000);
    expect(await list.isRevoked("sid-aaaaaaaaaaaaaaaa")).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    await list.settled();
    expect(add).toHaveBeenCalledTimes(2);
    expect(store.entries.has("sid-aaaaaaaaaaaaaaaa")).toBe(true);
  });
});
