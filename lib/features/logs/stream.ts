// The log view's Server-Sent Events: the shared follow's recent lines, then live lines, batched, bounded per viewer.
import "server-only";
import { sseResponse } from "../server/sse";
import type { LogHub } from "./hub";
import type { LogEntry, LogStreamEvent } from "../../shared/logs/types";

const FLUSH_MS = 100;
/** A viewer that cannot keep up loses its oldest unsent lines beyond this (told with a `skipped` event), never the server's memory. */
const MAX_PENDING_LINES = 2_000;

/** A text/event-stream Response following `hub` until the browser disconnects (`signal`). */
export function logEvents(hub: LogHub, tail: number, signal: AbortSignal): Response {
  return sseResponse(
    signal,
    (channel) => {
      let pending: LogEntry[] = [];
      let skipped = 0;
      const event = (e: LogStreamEvent) => channel.event(e.type, e);
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
      const unsubscribe = hub.subscribe(onEvent, tail);
      flush();
      // Only write when the browser has drained what it was sent: a stalled reader costs at most MAX_PENDING_LINES.
      const flusher = setInterval(() => {
        if (channel.drained()) flush();
      }, FLUSH_MS);
      return () => {
        unsubscribe();
        clearInterval(flusher);
      };
    },
    { highWaterMark: 1 },
  );
}
