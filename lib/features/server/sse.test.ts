// One SSE plumbing for logs and pulls: framing, and the source stopped exactly once however the stream ends.
import { describe, expect, it, vi } from "vitest";
import { sseResponse } from "./sse";

async function readText(res: Response, chunks: number): Promise<string> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (let i = 0; i < chunks; i++) text += (await reader.read()).value ?? "";
  await reader.cancel();
  return text;
}

describe("sseResponse", () => {
  it("frames named JSON events after the reconnect hint, with SSE headers", async () => {
    const res = sseResponse(new AbortController().signal, (channel) => {
      channel.event("snapshot", { jobs: [] });
      return () => undefined;
    });
    expect(res.headers.get("Content-Type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toBe("no-store, no-transform");
    expect(await readText(res, 2)).toBe('retry: 2000\n\nevent: snapshot\ndata: {"jobs":[]}\n\n');
  });

  it("stops the source once when the signal aborts, and closes the stream", async () => {
    const stop = vi.fn();
    const browser = new AbortController();
    const res = sseResponse(browser.signal, () => stop);
    const reader = res.body!.getReader();
    await reader.read();
    browser.abort();
    browser.abort();
    expect(stop).toHaveBeenCalledTimes(1);
    expect((await reader.read()).done).toBe(true);
  });

  it("stops the source once when the browser cancels", async () => {
    const stop = vi.fn();
    const res = sseResponse(new AbortController().signal, () => stop);
    await res.body!.cancel();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("stops a source whose stream ended while it was opening", () => {
    const stop = vi.fn();
    const browser = new AbortController();
    browser.abort();
    sseResponse(browser.signal, () => stop);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("sends a heartbeat comment every 15 s", async () => {
    vi.useFakeTimers();
    try {
      const res = sseResponse(new AbortController().signal, () => () => undefined);
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      expect((await reader.read()).value).toBe("retry: 2000\n\n");
      vi.advanceTimersByTime(15_000);
      expect((await reader.read()).value).toBe(": keep-alive\n\n");
      await reader.cancel();
    } finally {
      vi.useRealTimers();
    }
  });
});
