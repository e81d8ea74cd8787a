import { afterEach, describe, expect, it, vi } from "vitest";
import { Reflector, type ListResult, type WatchFn } from "./reflector";

interface Call {
  query: Record<string, string>;
  onEvent: (type: string, object: unknown) => void;
  done: (err: unknown) => void;
}

const obj = (name: string, rv: string, value = name) => ({ metadata: { name, resourceVersion: rv }, value });

/** A fake API server: lists come from `lists` in order, the last one repeating (an Error is thrown); watches are recorded for the test to drive. */
function fakeApi(lists: (ListResult | Error)[]) {
  const calls: Call[] = [];
  let listCount = 0;
  const watch: WatchFn = (_path, query, onEvent, done) => {
    calls.push({ query, onEvent, done });
    return Promise.resolve({ abort: () => undefined });
  };
  const list = () => {
    const next = lists[Math.min(listCount++, lists.length - 1)];
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next ?? { items: [], resourceVersion: "1" });
  };
  return { calls, watch, list, lists: () => listCount };
}

type Thing = { name: string; value: string };
const live: Reflector<Thing>[] = [];
function make(api: ReturnType<typeof fakeApi>) {
  const r = new Reflector<Thing>({
    what: "things",
    path: "/api/v1/things",
    list: api.list,
    watch: api.watch,
    summarize: (raw) => ({ name: (raw as ReturnType<typeof obj>).metadata.name, value: (raw as ReturnType<typeof obj>).value }),
    backoff: { baseMs: 5, maxMs: 20 },
    notInstalledRetryMs: 20,
  });
  live.push(r);
  r.start();
  return r;
}

afterEach(() => {
  for (const r of live.splice(0)) r.stop();
});

const values = (r: Reflector<Thing>) => r.snapshot().items.map((i) => i.value).sort();

describe("Reflector", () => {
  it("lists, then applies watch events from the list's resourceVersion", async () => {
    const api = fakeApi([{ items: [obj("a", "5"), obj("b", "6")], resourceVersion: "10" }]);
    const r = make(api);
    await r.ready(1_000);
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    expect(api.calls[0]?.query).toMatchObject({ resourceVersion: "10", allowWatchBookmarks: "true" });
    expect(r.snapshot().freshness).toMatchObject({ synced: true, error: undefined, notInstalled: false });

    const w = api.calls[0]!;
    w.onEvent("MODIFIED", obj("a", "11", "a2"));
    w.onEvent("ADDED", obj("c", "12"));
    w.onEvent("DELETED", obj("b", "13"));
    w.onEvent("BOOKMARK", { metadata: { resourceVersion: "20" } });
    expect(values(r)).toEqual(["a2", "c"]);

    // client-node ends every watch after 30 s of silence: reconnect from the last resourceVersion, no relist.
    w.done(Object.assign(new Error("timeout"), { name: "TimeoutError" }));
    await vi.waitFor(() => expect(api.calls).toHaveLength(2));
    expect(api.calls[1]?.query.resourceVersion).toBe("20");
    expect(api.lists()).toBe(1);
  });

  it("relists after a 410 Expired ERROR event and drops objects deleted meanwhile", async () => {
    const api = fakeApi([
      { items: [obj("a", "5"), obj("b", "6")], resourceVersion: "10" },
      { items: [obj("a", "30", "a-new")], resourceVersion: "31" },
    ]);
    const r = make(api);
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.onEvent("ERROR", { kind: "Status", code: 410, reason: "Expired", message: "too old resource version: 10 (25)" });
    api.calls[0]!.done(null);
    await vi.waitFor(() => expect(api.calls).toHaveLength(2));
    expect(api.lists()).toBe(2);
    expect(api.calls[1]?.query.resourceVersion).toBe("31");
    expect(values(r)).toEqual(["a-new"]);
    expect(r.snapshot().freshness.synced).toBe(true);
  });

  it("keeps serving the last objects as stale while the API is down, then recovers by itself", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    const lists: (ListResult | Error)[] = [{ items: [obj("a", "5")], resourceVersion: "10" }, refused];
    const api = fakeApi(lists);
    const r = make(api);
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.done(refused);

    await vi.waitFor(() => expect(r.snapshot().freshness.synced).toBe(false));
    const stale = r.snapshot();
    expect(stale.items.map((i) => i.value)).toEqual(["a"]);
    expect(stale.freshness.error).toBe("Kubernetes API unreachable: connection refused");
    expect(stale.freshness.staleSince).toBeDefined();
    expect(r.lastError?.code).toBe("unreachable");
    const listsWhileDown = api.lists();
    await vi.waitFor(() => expect(api.lists()).toBeGreaterThan(listsWhileDown));

    lists.push({ items: [obj("a", "40", "back")], resourceVersion: "41" });
    await vi.waitFor(() => expect(api.calls).toHaveLength(2));
    expect(values(r)).toEqual(["back"]);
    expect(r.snapshot().freshness).toMatchObject({ synced: true, error: undefined, staleSince: undefined });
    expect(r.lastError).toBeUndefined();
  });

  it("restarts a watch that fails with an HTTP error instead of stopping like client-node's informer", async () => {
    const api = fakeApi([{ items: [], resourceVersion: "1" }]);
    const r = make(api);
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    api.calls[0]!.done(Object.assign(new Error("Internal Server Error"), { statusCode: 500 }));
    await vi.waitFor(() => expect(api.calls).toHaveLength(2));
    expect(api.lists()).toBe(2);
    expect(r.snapshot().freshness.synced).toBe(true);
  });

  it("reports an API that is not served as not installed, not as an error", async () => {
    const notServed = Object.assign(new Error("HTTP-Code: 404"), { code: 404, body: '{"kind":"Status","reason":"NotFound","message":"the server could not find the requested resource","code":404}' });
    const api = fakeApi([notServed]);
    const r = make(api);
    await r.ready(1_000);
    expect(r.snapshot().freshness).toMatchObject({ synced: true, notInstalled: true, error: undefined });
    expect(r.snapshot().items).toEqual([]);
    expect(api.calls).toHaveLength(0);
  });

  it("answers ready() after a failed first list, with the reason", async () => {
    const forbidden = Object.assign(new Error("HTTP-Code: 403"), {
      code: 403,
      body: JSON.stringify({ kind: "Status", reason: "Forbidden", code: 403, message: 'pods is forbidden: User "x" cannot list resource "pods"' }),
    });
    const api = fakeApi([forbidden]);
    const r = make(api);
    await r.ready(1_000);
    expect(r.snapshot().freshness).toMatchObject({ synced: false, lastSyncAt: undefined, error: 'pods is forbidden: User "x" cannot list resource "pods"' });
    expect(r.lastError?.code).toBe("forbidden");
  });

  it("reconnects from the same resourceVersion when a watch ends at once without events", async () => {
    const api = fakeApi([{ items: [], resourceVersion: "1" }]);
    make(api);
    await vi.waitFor(() => expect(api.calls).toHaveLength(1));
    for (let i = 0; i < 3; i++) {
      api.calls[i]!.done(null);
      await vi.waitFor(() => expect(api.calls).toHaveLength(i + 2));
    }
    // No relist: the resourceVersion is still good.
    expect(api.lists()).toBe(1);
    expect(api.calls.map((c) => c.query.resourceVersion)).toEqual(["1", "1", "1", "1"]);
  });
});
