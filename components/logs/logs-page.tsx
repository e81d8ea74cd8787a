"use client";
// The admin-only log view: live follow (shared server-side), the previous container's log, the last lines of each
// restart, level/text/highlight filters, and the warning when the Deployment makes Ollama log prompts.
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { Panel } from "@/components/ui/panel";
import { QueryState } from "@/components/ui/query-panel";
import { Empty, ErrorState } from "@/components/ui/states";
import type { LogLevel } from "@/lib/shared/logs/types";
import type { RestartEntry } from "@/lib/shared/contracts/logs";
import { LEVELS, LogList, passes, type LineFilter } from "./log-lines";
import { signalQueries } from "./queries";
import { useLogStream } from "./use-log-stream";

type Source = { kind: "live" } | { kind: "previous" } | { kind: "restart"; restart: RestartEntry };

const TAILS = [100, 500, 1000, 5000];

const STATUS_TEXT = { starting: "Connecting…", following: "Live", reconnecting: "Reconnecting", waiting: "Waiting for the container", error: "Not following" } as const;

function Filters({ filter, setFilter }: { filter: LineFilter; setFilter: (f: LineFilter) => void }) {
  const toggle = (level: LogLevel) => {
    const levels = new Set(filter.levels);
    if (levels.has(level)) levels.delete(level);
    else levels.add(level);
    setFilter({ ...filter, levels });
  };
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <fieldset className="flex flex-wrap items-center gap-2">
        <legend className="sr-only">Levels</legend>
        {LEVELS.map((l) => (
          <label key={l.value} className="flex items-center gap-1">
            <input type="checkbox" checked={filter.levels.has(l.value)} onChange={() => toggle(l.value)} />
            {l.label}
          </label>
        ))}
      </fieldset>
      <label className="flex items-center gap-1">
        <input type="checkbox" checked={filter.highlightsOnly} onChange={(e) => setFilter({ ...filter, highlightsOnly: e.target.checked })} />
        Highlights only
      </label>
      <label className="flex items-center gap-1">
        <span>Text</span>
        <input
          type="search"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
          placeholder="filter lines"
          className="w-48 rounded border border-border bg-bg px-2 py-1 text-sm"
        />
      </label>
    </div>
  );
}

function LiveLog({ tail, filter }: { tail: number; filter: LineFilter }) {
  const stream = useLogStream(tail);
  const shown = useMemo(() => stream.lines.filter((l) => passes(l, filter)), [stream.lines, filter]);
  const markers = stream.restarts.map((r) => ({ beforeSeq: r.beforeSeq, text: `Container restarted (restart ${r.restartCount}) at ${new Date(r.time).toLocaleTimeString()}: lines below come from the new container` }));
  const status = stream.status;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span role="status" aria-label="Follow status" className={status?.state === "following" ? "text-ok" : "text-warn"}>
          {status ? STATUS_TEXT[status.state] : "Connecting…"}
          {status?.pod ? ` · ${status.pod}/${status.container ?? ""}` : ""}
          {status?.message ? ` · ${status.message}` : ""}
        </span>
        <button type="button" onClick={() => stream.setPaused(!stream.paused)} className="rounded border border-border px-2 py-0.5 hover:bg-raised">
          {stream.paused ? `Resume (${stream.held.length} new)` : "Pause"}
        </button>
        <span className="text-muted">
          {shown.length} of {stream.lines.length} lines
        </span>
        {stream.skipped ? <span className="text-warn">{stream.skipped} lines skipped (the browser fell behind)</span> : null}
      </div>
      {stream.error ? <ErrorState title="Log stream closed" reason={stream.error} /> : null}
      {stream.lines.length === 0 ? <Empty>No lines yet.</Empty> : <LogList lines={shown} label="Log lines" markers={markers} />}
    </div>
  );
}

function StaticLog({ source, tail, filter }: { source: Exclude<Source, { kind: "live" }>; tail: number; filter: LineFilter }) {
  const r = source.kind === "restart" ? source.restart : undefined;
  const q = useQuery(signalQueries.read(r ? { kind: "restart", pod: r.pod, container: r.container, restartCount: r.restartCount } : { kind: "previous", tail }));
  return (
    <QueryState query={q} errorTitle={source.kind === "previous" ? "Previous container's log unavailable" : "Last lines unavailable"}>
      {(d) => {
        const shown = d.entries.filter((l) => passes(l, filter));
        return (
          <div className="space-y-2">
            <p className="text-sm text-muted">
              {d.pod}/{d.container}, {source.kind === "previous" ? "previous container" : `last lines before restart ${source.restart.restartCount}`}
              {d.source === "console" ? " (kept by the console, which was following)" : ""} · {shown.length} of {d.entries.length} lines
            </p>
            {d.entries.length === 0 ? <Empty>That container wrote nothing.</Empty> : <LogList lines={shown} label="Log lines" />}
          </div>
        );
      }}
    </QueryState>
  );
}

function Restarts({ onOpen }: { onOpen: (r: RestartEntry) => void }) {
  const q = useQuery(signalQueries.restarts());
  return (
    <QueryState
      query={q}
      errorTitle="Restart history unavailable"
      failure={(d) => (d.restarts.ok ? undefined : d.restarts.error)}
      empty={(d) => (d.restarts.ok && d.restarts.data.length === 0 ? "No restart of the Ollama container since the console started." : undefined)}
    >
      {(d) => <RestartList restarts={d.restarts.ok ? d.restarts.data : []} onOpen={onOpen} />}
    </QueryState>
  );
}

function RestartList({ restarts, onOpen }: { restarts: RestartEntry[]; onOpen: (r: RestartEntry) => void }) {
  return (
    <ul aria-label="Restart history" className="space-y-1 text-sm">
      {restarts.map((r) => (
        <li key={`${r.pod}/${r.restartCount}/${r.finishedAt ?? ""}`} className="flex flex-wrap items-center gap-x-2">
          <span className={r.reason === "OOMKilled" ? "font-medium text-bad" : "font-medium"}>{r.reason}</span>
          <span className="text-muted">exit {r.exitCode}</span>
          <span className="text-muted">{r.finishedAt ? new Date(r.finishedAt).toLocaleString() : "time unknown"}</span>
          <span className="font-mono text-xs text-muted">{r.pod}</span>
          {r.lines === "gone" ? (
            <span className="text-muted">last lines no longer kept</span>
          ) : (
            <button type="button" className="text-accent underline" onClick={() => onOpen(r)}>
              Last lines
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function DebugBanner() {
  const q = useQuery(signalQueries.restarts());
  const debug = q.data?.debug.ok ? q.data.debug.data : undefined;
  if (!debug) return null;
  return (
    <div role="alert" className="mb-4 rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm">
      <p className="font-medium text-warn">This log can contain prompts</p>
      <p className="text-muted">{debug.message}</p>
    </div>
  );
}

/**
 * `?restart=<pod>/<container>/<restartCount>` (the Overview's restart history links here) opens that restart's last
 * lines; anything malformed falls back to the live log.
 */
function sourceFromAddress(restart: string | null): Source {
  const m = restart ? /^([a-z0-9.-]{1,253})\/([a-z0-9-]{1,63})\/(\d{1,9})$/.exec(restart) : null;
  const [, pod, container, count] = m ?? [];
  if (!pod || !container || !count) return { kind: "live" };
  return { kind: "restart", restart: { pod, container, restartCount: Number(count), reason: "", exitCode: 0, finishedAt: undefined, lines: "kubelet" } };
}

export function LogsPage() {
  const address = useSearchParams();
  const [source, setSource] = useState<Source>(() => sourceFromAddress(address.get("restart")));
  const [tail, setTail] = useState(500);
  const [filter, setFilter] = useState<LineFilter>({ levels: new Set<LogLevel>(["error", "warn", "info", "debug", "other"]), text: "", highlightsOnly: false });
  const tab = (kind: "live" | "previous", label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={source.kind === kind}
      onClick={() => setSource(kind === "live" ? { kind } : { kind })}
      className="rounded px-2 py-1 text-sm aria-selected:bg-raised aria-selected:font-medium"
    >
      {label}
    </button>
  );
  return (
    <>
      <DebugBanner />
      <div className="grid gap-4 xl:grid-cols-[1fr_22rem]">
        <Panel
          title="Ollama container log"
          actions={
            <div role="tablist" aria-label="Which log" className="flex items-center gap-1">
              {tab("live", "Live")}
              {tab("previous", "Previous container")}
              {source.kind === "restart" ? (
                <button type="button" role="tab" aria-selected className="rounded bg-raised px-2 py-1 text-sm font-medium">
                  Restart {source.restart.restartCount}
                </button>
              ) : null}
            </div>
          }
        >
          <div className="mb-3 flex flex-wrap items-center gap-3">
            <label className="flex items-center gap-1 text-sm">
              Last
              <select value={tail} onChange={(e) => setTail(Number(e.target.value))} className="rounded border border-border bg-bg px-1 py-0.5">
                {TAILS.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
              lines
            </label>
            <Filters filter={filter} setFilter={setFilter} />
          </div>
          {source.kind === "live" ? <LiveLog key={tail} tail={tail} filter={filter} /> : <StaticLog source={source} tail={tail} filter={filter} />}
        </Panel>
        <Panel title="Restart history">
          <Restarts onOpen={(restart) => setSource({ kind: "restart", restart })} />
        </Panel>
      </div>
    </>
  );
}
