// A pull job as browsers see it, and how a failed attempt is told apart: retry (Ollama restarting) or give up (Ollama said no).
import "server-only";
import { readOllamaFailure } from "../../doors/ollama/errors";
import type { JournalEntry, Override } from "./journal";
import type { Phase } from "./progress";

/** The serialisable state of one pull job: what GET /api/pulls and the event stream send. */
export interface PullJob {
  id: string;
  model: string;
  state: Phase;
  /** Ollama's status line, or what the console is doing ("waiting for a free slot", "retrying in 4s"). */
  status: string;
  completedBytes: number;
  totalBytes: number;
  bytesPerSecond: number | null;
  etaSeconds: number | null;
  /** 1 for the first connection to Ollama, +1 per retry. */
  attempt: number;
  nextRetryAt: string | null;
  /** Ollama's own error text on failure, e.g. "… no space left on device". */
  error: string | null;
  /** Free space when the job failed, so the error shows next to the disk state. */
  diskAtFailure: { availableBytes: number; capacityBytes: number; source: string; time: string } | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  override: Override;
  /** True when a restarted console picked this job up from the journal. */
  resumed: boolean;
  cancelledBy: string | null;
}

/** Phases after which a job never changes again. */
export const FINAL: ReadonlySet<Phase> = new Set(["succeeded", "failed", "cancelled"]);

/** A job's state before it first runs (new, or picked up from the journal). */
export function queuedView(entry: JournalEntry, resumed: boolean): PullJob {
  return {
    id: entry.id,
    model: entry.model,
    state: "queued",
    status: "waiting for a free slot",
    completedBytes: 0,
    totalBytes: entry.expectedBytes,
    bytesPerSecond: null,
    etaSeconds: null,
    attempt: 0,
    nextRetryAt: null,
    error: null,
    diskAtFailure: null,
    startedBy: entry.startedBy.name,
    startedAt: entry.startedAt,
    finishedAt: null,
    override: entry.override,
    resumed,
    cancelledBy: null,
  };
}

/** Why an attempt ended, and whether another attempt may succeed. */
export interface AttemptFailure {
  retry: boolean;
  message: string;
}

/** Sorts an attempt's error into "Ollama went away, try again" and "Ollama refused, stop" (keeping Ollama's words). */
export function classifyFailure(err: unknown): AttemptFailure {
  const f = readOllamaFailure(err);
  switch (f.kind) {
    case "answer":
      // 502/503/504 come from a proxy or Service in front of a restarting Ollama; other statuses are Ollama's answer.
      return { retry: [502, 503, 504].includes(f.status), message: f.text };
    case "network":
      return { retry: true, message: `Ollama unreachable: ${f.reason}` };
    case "stream-cut":
      return { retry: true, message: "the pull stream ended early (Ollama restarting?)" };
    case "cancelled":
      // Ollama cancels the download itself when it shuts down; we did not ask for it.
      return { retry: true, message: "Ollama cancelled the download (shutting down?)" };
    case "other":
      return { retry: false, message: f.message };
  }
}
