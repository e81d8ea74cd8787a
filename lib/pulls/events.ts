// Server-Sent Events for pull jobs: a snapshot on connect, then each job's updates as the manager publishes them (≤ 4/s per job).
import "server-only";
import { shutdownSignal } from "../shutdown";
import type { PullManager } from "./manager";

const HEARTBEAT_MS = 15_000;

/** What the browser receives: `snapshot` once (every job), then `job` per update. */
export interface PullsSnapshot {
  jobs: ReturnType<PullManager["list"]>;
  journalProblem: string | null;
}

/** A text/event-stream Response that follows `manager` until the browser disconnects (`browser`) or the process stops. */
export function pullEvents(manager: PullManager, browser: AbortSignal): Response {
  // On SIGTERM the stream ends; EventSource reconnects (retry: 2000) and reaches the replacement process.
  const signal = AbortSignal.any([browser, shutdownSignal()]);
  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const event = (name: string, data: unknown) => send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      const snapshot: PullsSnapshot = { jobs: manager.list(), journalProblem: manager.journalProblem() ?? null };
      send("retry: 2000\n\n");
      event("snapshot", snapshot);
      const unsubscribe = manager.subscribe((job) => event("job", job));
      // Proxies (Traefik) close idle streams; a comment line every 15 s keeps this one open.
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
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
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
