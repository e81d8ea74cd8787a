// The log view's Server-Sent Events: the shared follow's recent lines, then live lines, batched, bounded per viewer.
import "server-only";
import type { LogHub } from "./hub";
import type { LogEntry, LogStreamEvent } from "./types";

const HEARTBEAT_MS = 15_000;
const FLUSH_MS = 100;
/** A viewer that cannot keep up loses its oldest unsent lines beyond this (told with a `skipped` event), never the server's memory. */
const MAX_PENDING_LINES = 2_000;

/** A text/event-stream Response following `hub` until the browser disconnects (`signal`). */
export function logEvents(hub: LogHub, tail: number, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let pending: LogEntry[] = [];
      let skipped = 0;
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const event = (e: LogStreamEvent) => send(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      const flush = () => {
        if (skipped) event({ type: "skipped", count: skipped });
        if (pending.length) event({ type: "lines", lines: pending });
        pending = [];
        skipped = 0;
      };
      const onEvent = (e: LogStreamEvent) => {
        if (e.type !== "lines") {
          flush();
          event(e);
          return;
        }
        pending.push(...e.lines);
        if (pending.length > MAX_PENDING_LINES) {
          skipped += pending.length - MAX_PENDING_LINES;
          pending = pending.slice(-MAX_PENDING_LINES);
        }
      };
      send("retry: 2000\n\n");
      const unsubscribe = hub.subscribe(onEvent, tail);
      flush();
      const flusher = setInterval(() => {
        // Only write when the browser has drained what it was sent (desiredSize > 0): a stalled reader costs at most MAX_PENDING_LINES.
        if ((controller.desiredSize ?? 1) > 0) flush();
      }, FLUSH_MS);
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(flusher);
        clearInterval(heartbeat);
        signal.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    },
    cancel() {
      cleanup();
    },
  }, { highWaterMark: 1 });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
