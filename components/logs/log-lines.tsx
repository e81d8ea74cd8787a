// Log lines as the log view shows them: time, level, text; highlighted lines carry their plain explanation.
import type { LogEntry } from "@/lib/shared/contracts/logs";
import type { LogLevel } from "@/lib/shared/logs/types";

export const LEVELS: { value: LogLevel; label: string }[] = [
  { value: "error", label: "Error" },
  { value: "warn", label: "Warning" },
  { value: "info", label: "Info" },
  { value: "debug", label: "Debug" },
  { value: "other", label: "Other" },
];

const LEVEL_CSS: Record<LogLevel, string> = {
  error: "text-bad",
  warn: "text-warn",
  info: "text-info",
  debug: "text-muted",
  trace: "text-muted",
  other: "text-muted",
};

const MARK_CSS = { error: "border-l-bad bg-bad/5", warn: "border-l-warn bg-warn/5", info: "border-l-info bg-info/5" } as const;

export interface LineFilter {
  levels: Set<LogLevel>;
  text: string;
  highlightsOnly: boolean;
}

/** Whether a line passes the level, text and highlight filters (text: case-insensitive substring). */
export function passes(line: LogEntry, f: LineFilter): boolean {
  const level = line.level === "trace" ? "debug" : line.level;
  if (!f.levels.has(level)) return false;
  if (f.highlightsOnly && !line.highlight) return false;
  return f.text === "" || line.text.toLowerCase().includes(f.text.toLowerCase());
}

function clock(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleTimeString(undefined, { hour12: false });
}

export function LogLine({ line }: { line: LogEntry }) {
  const mark = line.highlight ? MARK_CSS[line.highlight.severity] : "border-l-transparent";
  return (
    <li className={`border-l-2 px-2 py-0.5 ${mark}`} data-level={line.level} data-highlight={line.highlight?.kind}>
      <div className="flex gap-2 font-mono text-xs">
        <time dateTime={line.time} className="shrink-0 tabular text-muted">
          {clock(line.time)}
        </time>
        <span className={`w-10 shrink-0 uppercase ${LEVEL_CSS[line.level]}`}>{line.level === "other" ? "—" : line.level}</span>
        <span className="min-w-0 whitespace-pre-wrap break-all">{line.text}</span>
      </div>
      {line.highlight ? <p className="ml-[7.5rem] text-xs text-fg">{line.highlight.explanation}</p> : null}
    </li>
  );
}

/** A list of lines (newest last) with an optional marker where a new container instance began. */
export function LogList({ lines, label, markers = [] }: { lines: LogEntry[]; label: string; markers?: { beforeSeq: number; text: string }[] }) {
  return (
    <ol aria-label={label} tabIndex={0} className="max-h-[65vh] overflow-auto rounded border border-border bg-bg py-1">
      {lines.map((l) => (
        <LineWithMarker key={l.seq} line={l} marker={markers.find((m) => m.beforeSeq === l.seq)?.text} />
      ))}
    </ol>
  );
}

function LineWithMarker({ line, marker }: { line: LogEntry; marker: string | undefined }) {
  return (
    <>
      {marker ? (
        <li role="separator" className="my-1 border-y border-warn/40 bg-warn/10 px-2 py-0.5 text-xs text-warn">
          {marker}
        </li>
      ) : null}
      <LogLine line={line} />
    </>
  );
}
