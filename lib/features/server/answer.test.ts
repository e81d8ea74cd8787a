// The wrapper's answers: checked against the route's contract outside production, and shared answers (the Overview's
// polls) built and serialised once per window with an ETag, answered 304 when the viewer already holds them.
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AUTH_TEST_ENV, consoleRequest, sessionCookie } from "../../../tests/integration/auth-fixture";

Object.assign(process.env, AUTH_TEST_ENV);
const { route } = await import("./route");
const { notModified, resetSharedAnswers, SHARED_ANSWER_MS } = await import("./answer");

const ctx = { params: Promise.resolve({}) };
const contract = z.object({ pods: z.array(z.object({ name: z.string(), restarts: z.number() })) });

function get(cookie: string, ifNoneMatch?: string) {
  const req = consoleRequest("GET", "/api/overview/pods", { cookie, site: "same-origin" });
  if (ifNoneMatch) req.headers.set("if-none-match", ifNoneMatch);
  return req;
}

afterEach(() => {
  resetSharedAnswers();
  vi.useRealTimers();
});

describe("contract check", () => {
  it("answers 500 naming the field when the handler's answer drifts from its contract (tests and dev only)", async () => {
    // Past the compiler, e.g. data read from a cache typed too loosely: the run-time check catches it.
    const drifted = (() => Promise.resolve({ pods: [{ name: "a", restartz: 1 }] })) as unknown as () => Promise<z.output<typeof contract>>;
    const res = await route({ response: contract }, drifted)(get(await sessionCookie("viewer")), ctx);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/does not match its contract: pods\.0\.restarts/);
  });

  it("passes an answer that fits, as JSON with no-store", async () => {
    const res = await route({ response: contract }, () => Promise.resolve({ pods: [{ name: "a", restarts: 1 }] }))(get(await sessionCookie("viewer")), ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("etag")).toBeNull();
    expect(await res.json()).toEqual({ pods: [{ name: "a", restarts: 1 }] });
  });
});

describe("shared answers", () => {
  it("builds once for 50 concurrent viewers, sends an ETag, and answers 304 to If-None-Match", async () => {
    const handler = vi.fn(() => Promise.resolve({ pods: [{ name: "ollama-0", restarts: 2 }] }));
    const GET = route({ response: contract, shared: true }, handler);
    const cookies = await Promise.all([sessionCookie("viewer"), sessionCookie("admin")]);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => GET(get(cookies[i % 2]!), ctx)));
    expect(handler).toHaveBeenCalledTimes(1);
    const etags = new Set(answers.map((r) => r.headers.get("etag")));
    expect(etags.size).toBe(1);
    const etag = answers[0]!.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(answers[0]!.headers.get("cache-control")).toBe("private, no-cache");
    expect(await answers[0]!.json()).toEqual({ pods: [{ name: "ollama-0", restarts: 2 }] });

    const again = await GET(get(cookies[0], etag), ctx);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("builds again after the window: same bytes keep the ETag (304), changed data gets a new one (200)", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    let restarts = 2;
    const handler = vi.fn(() => Promise.resolve({ pods: [{ name: "ollama-0", restarts }] }));
    const GET = route({ response: contract, shared: true }, handler);
    const cookie = await sessionCookie("viewer");
    const first = await GET(get(cookie), ctx);
    const etag = first.headers.get("etag")!;

    vi.advanceTimersByTime(SHARED_ANSWER_MS + 1);
    expect((await GET(get(cookie, etag), ctx)).status).toBe(304);
    expect(handler).toHaveBeenCalledTimes(2);

    restarts = 3;
    vi.advanceTimersByTime(SHARED_ANSWER_MS + 1);
    const changed = await GET(get(cookie, etag), ctx);
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.json()).toEqual({ pods: [{ name: "ollama-0", restarts: 3 }] });
  });

  it("rebuilds ahead of time in the window's second half, so polling viewers never wait for a build", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    let restarts = 1;
    let release = () => {};
    const handler = vi.fn(() => new Promise<{ pods: { name: string; restarts: number }[] }>((resolve) => (release = () => resolve({ pods: [{ name: "ollama-0", restarts }] }))));
    const GET = route({ response: contract, shared: true }, handler);
    const cookie = await sessionCookie("viewer");
    const first = GET(get(cookie), ctx);
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1));
    release();
    expect(await ((await first).json() as Promise<unknown>)).toEqual({ pods: [{ name: "ollama-0", restarts: 1 }] });

    // Second half of the window: answered at once from the current build while the next one runs (not released yet).
    restarts = 2;
    vi.advanceTimersByTime(SHARED_ANSWER_MS * 0.6);
    expect(await ((await GET(get(cookie), ctx)).json() as Promise<unknown>)).toEqual({ pods: [{ name: "ollama-0", restarts: 1 }] });
    expect(await ((await GET(get(cookie), ctx)).json() as Promise<unknown>)).toEqual({ pods: [{ name: "ollama-0", restarts: 1 }] });
    expect(handler).toHaveBeenCalledTimes(2);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The early build replaced the old one: the next viewer gets it without waiting, and it is young again.
    vi.advanceTimersByTime(SHARED_ANSWER_MS * 0.3);
    expect(await ((await GET(get(cookie), ctx)).json() as Promise<unknown>)).toEqual({ pods: [{ name: "ollama-0", restarts: 2 }] });
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it("still checks the session and role of every viewer before answering from the shared copy", async () => {
    const GET = route({ response: contract, shared: true, role: "operator" }, () => Promise.resolve({ pods: [] }));
    expect((await GET(get(await sessionCookie("operator")), ctx)).status).toBe(200);
    expect((await GET(get(await sessionCookie("viewer")), ctx)).status).toBe(403);
    expect((await GET(consoleRequest("GET", "/api/overview/pods"), ctx)).status).toBe(401);
  });

  it("does not keep a failed build: the next request tries again", async () => {
    const handler = vi.fn().mockRejectedValueOnce(new Error("boom")).mockResolvedValue({ pods: [] });
    const GET = route({ response: contract, shared: true }, handler as () => Promise<z.output<typeof contract>>);
    const cookie = await sessionCookie("viewer");
    expect((await GET(get(cookie), ctx)).status).toBe(500);
    expect((await GET(get(cookie), ctx)).status).toBe(200);
  });
});

describe("If-None-Match", () => {
  it("compares weakly, accepts lists and *, and nothing else", () => {
    expect(notModified('W/"abc"', 'W/"abc"')).toBe(true);
    expect(notModified('"abc"', 'W/"abc"')).toBe(true);
    expect(notModified('"x", W/"abc"', 'W/"abc"')).toBe(true);
    expect(notModified("*", 'W/"abc"')).toBe(true);
    expect(notModified('W/"abd"', 'W/"abc"')).toBe(false);
    expect(notModified(null, 'W/"abc"')).toBe(false);
  });
});
