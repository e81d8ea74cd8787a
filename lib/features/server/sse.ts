// Server-Sent Events plumbing shared by every streaming route: framing, the reconnect hint, heartbeats, backpressure,
// and one cleanup however the stream ends (browser gone, `signal` aborted, a write failing).
import "server-only";

const HEARTBEAT_MS = 15_000;
/** EventSource waits this long before reconnecting (after a restart, it reaches the replacement process). */
const RETRY_MS = 2_000;

export interface SseChannel {
  /** Sends one named event with `data` as JSON. */
  event(name: string, data: unknown): void;
  /** Whether the browser has read what it was sent: a caller that batches waits for this before writing more. */
  drained(): boolean;
}

/**
 * A text/event-stream Response. `open` starts following its source and returns the function that stops it; it runs
 * once, after the reconnect hint, and its stop function runs once when the stream ends for any reason.
 * `highWaterMark` 1 makes `drained()` report backpressure per event (for callers that bound what they queue).
 */
export function sseResponse(signal: AbortSignal, open: (channel: SseChannel) => () => void, opts: { highWaterMark?: number } = {}): Response {
  const encoder = new TextEncoder();
  let cleanup = (): void => undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let ended = false;
        let stop: (() => void) | undefined;
        const send = (text: string) => {
          if (ended) return;
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
          }
        };
        const channel: SseChannel = {
          event: (name, data) => send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`),
          drained: () => (controller.desiredSize ?? 1) > 0,
        };
        // Proxies (Traefik) close idle streams; a comment line every 15 s keeps this one open.
        const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
        const onAbort = () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed by the runtime
          }
        };
        cleanup = () => {
          if (ended) return;
          ended = true;
          stop?.();
          clearInterval(heartbeat);
          signal.removeEventListener("abort", onAbort);
        };
        send(`retry: ${RETRY_MS}\n\n`);
        const stopSource = open(channel);
        if (ended) stopSource();
        else stop = stopSource;
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      },
      cancel() {
        cleanup();
      },
    },
    opts.highWaterMark === undefined ? undefined : { highWaterMark: opts.highWaterMark },
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
