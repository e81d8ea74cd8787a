// Log shapes shared by the server (hub, routes) and the browser (log view). Browser-safe.
import type { Highlight } from "./highlights";
import type { LogLevel } from "./parse";

export type { Highlight, HighlightKind } from "./highlights";
export type { LogLevel } from "./parse";

/** One line of the Ollama container's log as the log view shows it. */
export interface LogEntry {
  /** Increases by one per line the console read from this target (gaps = lines dropped for a slow viewer). */
  seq: number;
  /** Kubelet timestamp (RFC 3339). */
  time: string | undefined;
  level: LogLevel;
  /** The line as Ollama printed it (at most MAX_LINE_CHARS). */
  text: string;
  highlight: Highlight | undefined;
}

/** What the shared follow is doing, for the "live / reconnecting / waiting" badge. */
export interface FollowStatus {
  state: "starting" | "following" | "reconnecting" | "waiting" | "error";
  pod: string | undefined;
  container: string | undefined;
  /** Why it is not following (container waiting, API error). */
  message: string | undefined;
  since: string;
}

/** Events of the SSE log stream (`/api/logs/stream`). */
export type LogStreamEvent =
  | { type: "lines"; lines: LogEntry[] }
  | { type: "status"; status: FollowStatus }
  /** A new container instance started (restart or new pod): the lines before it belong to the one that died. */
  | { type: "instance"; pod: string; container: string; restartCount: number; time: string }
  | { type: "skipped"; count: number };

/** Lines longer than this are cut (a debug log can print whole prompts on one line). */
export const MAX_LINE_CHARS = 8_192;
