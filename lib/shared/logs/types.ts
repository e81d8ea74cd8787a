// Log shapes shared by the server (hub, routes) and the browser (log view). Browser-safe.
export type { Highlight, HighlightKind } from "../../features/logs/highlights";
export type { LogLevel } from "../../features/logs/parse";

// The wire shapes are the log routes' contracts (lib/shared/contracts/logs.ts).
export type { FollowStatus, LogEntry, LogStreamEvent } from "../contracts/logs";

/** Lines longer than this are cut (a debug log can print whole prompts on one line). */
export const MAX_LINE_CHARS = 8_192;
