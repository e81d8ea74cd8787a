// Shared bits of the Overview widgets: level colours, a status badge, the stale-data note and error titles.
import type { ReactNode } from "react";
import { ErrorState } from "@/components/ui/states";
import { HttpError } from "@/components/ui/fetch-json";
import type { Freshness, Level } from "@/lib/contracts/shared";

export const LEVEL_TEXT: Record<Level, string> = { ok: "text-ok", warn: "text-warn", bad: "text-bad" };
const LEVEL_BADGE: Record<Level, string> = {
  ok: "border-ok/40 bg-ok/10 text-ok",
  warn: "border-warn/40 bg-warn/10 text-warn",
  bad: "border-bad/40 bg-bad/10 text-bad",
};
const LEVEL_DOT: Record<Level, string> = { ok: "bg-ok", warn: "bg-warn", bad: "bg-bad" };
const LEVEL_WORD: Record<Level, string> = { ok: "OK", warn: "Warning", bad: "Problem" };

/** A coloured dot whose meaning is also given in words for screen readers. */
export function LevelDot({ level }: { level: Level }) {
  return (
    <span className="inline-flex items-center">
      <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${LEVEL_DOT[level]}`} />
      <span className="sr-only">{LEVEL_WORD[level]}:</span>
    </span>
  );
}

/** A small pill with the level's colour. */
export function Badge({ level, children }: { level: Level; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-medium ${LEVEL_BADGE[level]}`}>{children}</span>;
}

function clock(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString() : "the start";
}

/** Says so when the watch behind a widget is not live: "Stale since 10:42:03: Kubernetes API unreachable: …". */
export function StaleNote({ freshness }: { freshness: Freshness }) {
  if (freshness.synced) return null;
  return (
    <p role="status" className="mb-3 rounded border border-warn/40 bg-warn/10 px-2 py-1 text-xs text-warn">
      Stale since {clock(freshness.staleSince)}: {freshness.error ?? "not synced yet"}
    </p>
  );
}

const SYSTEM: Record<string, string> = {
  kubernetes: "Kubernetes API",
  ollama: "Ollama API",
  agent: "Cache agent",
  prometheus: "Prometheus",
  console: "Console",
};

/** A title in words for an error from the console's API ("Kubernetes API unreachable", "Ollama API: access denied"). */
export function errorTitle(error: { code?: string; system?: string }): string {
  const system = SYSTEM[error.system ?? ""] ?? "Console";
  switch (error.code) {
    case "unreachable":
      return `${system} unreachable`;
    case "forbidden":
      return `${system}: access denied`;
    case "not_found":
      return "Not found";
    case "unavailable":
      return `${system} unavailable`;
    case "unauthorized":
      return error.system === "console" ? "Signed out" : `${system} rejected the console's credentials`;
    default:
      return `${system} error`;
  }
}

/** The error state of a widget whose query failed (or whose part of the answer is an error). */
export function WidgetError({ error }: { error: Error | { code?: string; system?: string; message: string } }) {
  const e: { code?: string; system?: string; message: string } =
    error instanceof HttpError ? { code: error.code, system: error.system, message: error.message } : error instanceof Error ? { message: error.message } : error;
  return <ErrorState title={errorTitle(e)} reason={e.message} />;
}
