import { describe, expect, it, vi } from "vitest";
import { LogHub, type HubDeps, type Located } from "./hub";
import { LogRing } from "./ring";
import type { LogEntry } from "../../shared/logs/types";

/** A scripted cluster: each follow call gets the next script entry; tests push text and end streams by hand. */
function fakeCluster(where: Located = { pod: "ollama-1", container: "ollama", restartCount: 0, uid: "u1" }) {
  const follows: { req: { sinceTime?: string }; onText: (t: string) => void; onEnd: (err?: unknown) => void }[] = [];
  const state = { where };
  const deps: HubDeps = {
    locate: () => Promise.resolve(state.where),
    follow: (req, onText, onEnd) => {
      follows.push({ req, onText, onEnd });
      return Promise.resolve({ abort: () => onEnd() });
    },
  };
  return { deps, follows, state };
}

const at = (s: number, text: string) => `2026-03-01T10:00:${String(s).padStart(2, "0")}.000000000Z ${text}\n`;

describe("LogHub", () => {
  it("serves any number of viewers from one upstream follow", async () => {
    const c = fakeCluster();
    const hub = new LogHub(c.deps);
    const seen: LogEntry[][] = Array.from({ length: 20 }, () => []);
    seen.forEach((lines) => hub.subscribe((e) => e.type === "lines" && lines.push(...e.lines), 100));
    await vi.waitFor(() => expect(c.follows).toHaveLength(1));
    c.follows[0]?.onText(at(1, 'time=x level=WARN source=a.go:1 msg="careful"') + at(2, "partial ").trimEnd() + " ");
    c.follows[0]?.onText("line\n");
    for (const lines of seen) expect(lines.map((l) => l.text)).toEqual(['time=x level=WARN source=a.go:1 msg="careful"', "partial line"]);
    expect(seen[0]?.[0]).toMatchObject({ seq: 1, level: "warn", time: "2026-03-01T10:00:01.000000000Z", highlight: { kind: "warning" } });
    expect(hub.upstreamsOpened).toBe(1);
    hub.stop();
  });

  it("resumes after a dropped connection from the last second read, without repeating lines", async () => {
    const c = fakeCluster();
    const hub = new LogHub(c.deps, { backoff: { baseMs: 10, maxMs: 10 } });
    const texts: string[] = [];
    hub.subscribe((e) => e.type === "lines" && texts.push(...e.lines.map((l) => l.text)), 0);
    await vi.waitFor(() => expect(c.follows).toHaveLength(1));
    c.follows[0]?.onText(at(1, "a") + at(5, "b") + at(5, "c"));
    c.follows[0]?.onEnd(new Error("connection reset"));
    await vi.waitFor(() => expect(c.follows).toHaveLength(2));
    expect(c.follows[1]?.req.sinceTime).toBe("2026-03-01T10:00:05.000Z");
    c.follows[1]?.onText(at(5, "b") + at(5, "c") + at(5, "d") + at(6, "e"));
    expect(texts).toEqual(["a", "b", "c", "d", "e"]);
    hub.stop();
  });

  it("starts a new log for a new container instance and keeps the dead one's last lines", async () => {
    const c = fakeCluster();
    const hub = new LogHub(c.deps, { backoff: { baseMs: 10, maxMs: 10 }, waitPollMs: 10 });
    const types: string[] = [];
    hub.subscribe((e) => types.push(e.type), 0);
    await vi.waitFor(() => expect(c.follows).toHaveLength(1));
    c.follows[0]?.onText(at(1, "old instance's last words"));
    c.state.where = { waiting: "CrashLoopBackOff", pod: "ollama-1", container: "ollama" };
    c.follows[0]?.onEnd();
    await vi.waitFor(() => expect(hub.status.state).toBe("waiting"));
    c.state.where = { pod: "ollama-1", container: "ollama", restartCount: 1, uid: "u1" };
    await vi.waitFor(() => expect(c.follows).toHaveLength(2));
    expect(c.follows[1]?.req.sinceTime).toBeUndefined();
    expect(types).toContain("instance");
    expect(hub.deadInstances()[0]).toMatchObject({ restartCount: 0, lines: [{ text: "old instance's last words" }] });
    hub.stop();
  });

  it("ends an open follow once nobody has looked for the idle time", async () => {
    const c = fakeCluster();
    const ended = vi.fn();
    c.deps.follow = (req, onText, onEnd) => {
      c.follows.push({ req, onText, onEnd });
      return Promise.resolve({ abort: () => (ended(), onEnd()) });
    };
    const hub = new LogHub(c.deps, { idleMs: 0 });
    const stop = hub.subscribe(() => undefined, 0);
    await vi.waitFor(() => expect(c.follows).toHaveLength(1));
    stop();
    await vi.waitFor(() => expect(ended).toHaveBeenCalled(), { timeout: 3_000 });
    await new Promise((r) => setTimeout(r, 50));
    expect(c.follows).toHaveLength(1);
    hub.stop();
  });

  it("follows for a new viewer even when the clock ticks between its arrival and the loop's first idle check", async () => {
    // The cause of a test that passed only on a retry: with a short idle time, a millisecond passing inside subscribe()
    // made the loop see nobody looking and park before the viewer was counted. Every Date.now() here is 1 ms later.
    let t = Date.parse("2026-03-01T10:00:00Z");
    const clock = vi.spyOn(Date, "now").mockImplementation(() => (t += 1));
    try {
      const c = fakeCluster();
      const hub = new LogHub(c.deps, { idleMs: 0 });
      hub.subscribe(() => undefined, 0);
      await vi.waitFor(() => expect(c.follows).toHaveLength(1));
      hub.stop();
    } finally {
      clock.mockRestore();
    }
  });

  it("parks without an upstream connection when nobody looks", async () => {
    const c = fakeCluster();
    const hub = new LogHub(c.deps, { idleMs: 0, backoff: { baseMs: 10, maxMs: 10 } });
    const stop = hub.subscribe(() => undefined, 0);
    await vi.waitFor(() => expect(c.follows).toHaveLength(1));
    stop();
    c.follows[0]?.onEnd();
    await new Promise((r) => setTimeout(r, 50));
    expect(c.follows).toHaveLength(1);
    hub.subscribe(() => undefined, 0);
    await vi.waitFor(() => expect(c.follows).toHaveLength(2));
    hub.stop();
  });
});

describe("LogRing", () => {
  it("keeps the newest entries within both bounds", () => {
    const ring = new LogRing<{ text: string }>(3, 10);
    for (const text of ["aaaa", "bbbb", "cccc", "dd"]) ring.push({ text });
    expect(ring.last().map((e) => e.text)).toEqual(["bbbb", "cccc", "dd"]);
    ring.push({ text: "eeeeee" });
    expect(ring.last().map((e) => e.text)).toEqual(["dd", "eeeeee"]);
    expect(ring.bytes).toBe(8);
    expect(ring.last(1).map((e) => e.text)).toEqual(["eeeeee"]);
  });
});
