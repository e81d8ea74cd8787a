"use client";
// Follows /api/logs/stream: the newest lines (bounded in the browser too), the follow's status, restarts and skipped lines.
// Mount it under a `key` that changes with `tail`: a new tail is a new stream with fresh state.
import { useCallback, useEffect, useRef, useState } from "react";
import type { FollowStatus, LogEntry, LogStreamEvent } from "@/lib/shared/contracts/logs";

/** Lines kept in the page; older ones scroll away (the server keeps its own bounded ring). */
export const MAX_BROWSER_LINES = 5_000;

export interface LogStreamState {
  lines: LogEntry[];
  /** Lines received while paused, shown on resume. */
  held: LogEntry[];
  paused: boolean;
  status: FollowStatus | undefined;
  /** The browser's connection to the console (EventSource). */
  connected: boolean;
  /** A new container instance began at this line's seq (restart marker). */
  restarts: { beforeSeq: number; time: string; restartCount: number }[];
  skipped: number;
  error: string | undefined;
}

const bounded = (lines: LogEntry[]) => (lines.length > MAX_BROWSER_LINES ? lines.slice(-MAX_BROWSER_LINES) : lines);

export function useLogStream(tail: number): LogStreamState & { setPaused: (paused: boolean) => void } {
  const [state, setState] = useState<LogStreamState>({ lines: [], held: [], paused: false, status: undefined, connected: false, restarts: [], skipped: 0, error: undefined });
  const lastSeq = useRef(0);

  useEffect(() => {
    const source = new EventSource(`/api/logs/stream?tail=${tail}`);
    const handle = (msg: MessageEvent<string>) => {
      const e = JSON.parse(msg.data) as LogStreamEvent;
      if (e.type === "lines") {
        // After an EventSource reconnect the server sends its recent lines again: keep only what is new.
        const fresh = e.lines.filter((l) => l.seq > lastSeq.current);
        if (!fresh.length) return;
        lastSeq.current = fresh.at(-1)?.seq ?? lastSeq.current;
        setState((s) => (s.paused ? { ...s, held: bounded([...s.held, ...fresh]) } : { ...s, lines: bounded([...s.lines, ...fresh]) }));
      } else if (e.type === "status") setState((s) => ({ ...s, status: e.status }));
      else if (e.type === "skipped") setState((s) => ({ ...s, skipped: s.skipped + e.count }));
      else setState((s) => ({ ...s, restarts: [...s.restarts, { beforeSeq: lastSeq.current + 1, time: e.time, restartCount: e.restartCount }] }));
    };
    for (const t of ["lines", "status", "skipped", "instance"] as const) source.addEventListener(t, handle);
    source.onopen = () => setState((s) => ({ ...s, connected: true, error: undefined }));
    source.onerror = () => {
      // EventSource retries by itself; a 401/403 closes it for good (readyState CLOSED).
      setState((s) => ({ ...s, connected: false, error: source.readyState === EventSource.CLOSED ? "The console refused the log stream (signed out, or not an admin)." : undefined }));
    };
    return () => source.close();
  }, [tail]);

  const setPaused = useCallback((paused: boolean) => {
    setState((s) => (paused ? { ...s, paused } : { ...s, paused, lines: bounded([...s.lines, ...s.held]), held: [] }));
  }, []);

  return { ...state, setPaused };
}
