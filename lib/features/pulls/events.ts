// Server-Sent Events for pull jobs: a snapshot on connect, then each job's updates as the manager publishes them (≤ 4/s per job).
import "server-only";
import { sseResponse } from "../server/sse";
import { shutdownSignal } from "../../doors/runtime/shutdown";
import type { PullManager } from "./manager";

/** What the browser receives: `snapshot` once (every job), then `job` per update. */
export interface PullsSnapshot {
  jobs: ReturnType<PullManager["list"]>;
  journalProblem: string | null;
}

/** A text/event-stream Response that follows `manager` until the browser disconnects (`browser`) or the process stops. */
export function pullEvents(manager: PullManager, browser: AbortSignal): Response {
  // On SIGTERM the stream ends; EventSource reconnects and reaches the replacement process.
  return sseResponse(AbortSignal.any([browser, shutdownSignal()]), (channel) => {
    const snapshot: PullsSnapshot = { jobs: manager.list(), journalProblem: manager.journalProblem() ?? null };
    channel.event("snapshot", snapshot);
    return manager.subscribe((job) => channel.event("job", job));
  });
}
