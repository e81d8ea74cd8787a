"use client";
// Loaded models: size, GPU/CPU split from size_vram, context length, and a live countdown to unload (or "kept loaded").
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { OffloadReason } from "@/components/logs/offload-reason";
import { Panel } from "@/components/ui/panel";
import { Empty, Loading } from "@/components/ui/states";
import { formatBytes, formatDuration, formatPercent } from "@/lib/format";
import type { LoadedModelSummary, LoadedResponse } from "@/lib/overview/types";
import { overviewQueries } from "./queries";
import { WidgetError } from "./status";
import { useNow } from "@/components/ui/use-now";

function Split({ m }: { m: LoadedModelSummary }) {
  const text = m.gpuRatio >= 1 ? "100 % GPU" : m.gpuRatio <= 0 ? "100 % CPU" : `${formatPercent(m.gpuRatio, 0)} GPU / ${formatPercent(1 - m.gpuRatio, 0)} CPU`;
  return (
    <span className="flex min-w-0 flex-1 items-center gap-2">
      <span aria-hidden className="flex h-1.5 w-16 shrink-0 overflow-hidden rounded-full bg-muted/30">
        <span className="bg-ok" style={{ width: `${m.gpuRatio * 100}%` }} />
      </span>
      <span className="whitespace-nowrap">{text}</span>
    </span>
  );
}

function Countdown({ m, serverNow }: { m: LoadedModelSummary; serverNow: number }) {
  if (m.keptLoaded) return <span>kept loaded</span>;
  const left = (Date.parse(m.expiresAt) - serverNow) / 1000;
  return <span className="tabular">{left > 0 ? `unloads in ${formatDuration(left)}` : "unloading"}</span>;
}

/** While Ollama cannot be read: the last list read stays, marked stale with the reason (or the error when none was ever read). */
function OllamaStale({ error, asOf }: { error: NonNullable<LoadedResponse["error"]>; asOf: string }) {
  return (
    <p role="status" className="mb-3 rounded border border-warn/40 bg-warn/10 px-2 py-1 text-xs text-warn">
      Stale since {new Date(asOf).toLocaleTimeString()}: {error.message}
    </p>
  );
}

export function LoadedModels() {
  const q = useQuery(overviewQueries.loaded());
  const now = useNow(1_000);
  // The server's clock at our `now`: a browser clock that is off does not skew the countdown.
  const time = q.data?.time;
  const offsetMs = useMemo(() => (time ? Date.parse(time) - q.dataUpdatedAt : 0), [time, q.dataUpdatedAt]);
  const serverNow = now + offsetMs;
  return (
    <Panel title="Loaded models">
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <WidgetError error={q.error} />
      ) : q.data.error && !q.data.asOf ? (
        <WidgetError error={q.data.error} />
      ) : (
        <>
          {q.data.error && q.data.asOf ? <OllamaStale error={q.data.error} asOf={q.data.asOf} /> : null}
          {q.data.models.length === 0 ? (
            <Empty>No model is loaded in memory.</Empty>
          ) : (
            <ul className="divide-y divide-border" aria-label="Models in memory">
              {q.data.models.map((m) => (
                <li key={m.name} className="py-2 first:pt-0 last:pb-0">
                  <div className="flex items-baseline justify-between gap-3">
                    <span className="break-all font-mono text-xs">{m.name}</span>
                    <span className="whitespace-nowrap text-sm">
                      <Countdown m={m} serverNow={serverNow} />
                    </span>
                  </div>
                  <div className="mt-1 flex items-center gap-3 text-xs text-muted">
                    <span className="tabular">{formatBytes(m.size)}</span>
                    <span className="tabular">context {m.contextLength?.toLocaleString() ?? "—"}</span>
                    <Split m={m} />
                  </div>
                  <OffloadReason model={m.name} size={m.size} sizeVram={m.sizeVram} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}
