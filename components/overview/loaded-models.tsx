"use client";
// Loaded models: size, GPU/CPU split from size_vram, context length, and a live countdown to unload (or "kept loaded").
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Panel } from "@/components/ui/panel";
import { Empty, Loading } from "@/components/ui/states";
import { formatBytes, formatDuration, formatPercent } from "@/lib/format";
import type { LoadedModelSummary } from "@/lib/overview/types";
import { overviewQueries } from "./queries";
import { WidgetError } from "./status";
import { useNow } from "@/components/snapshots/use-now";

function Split({ m }: { m: LoadedModelSummary }) {
  const text = m.gpuRatio >= 1 ? "100 % GPU" : m.gpuRatio <= 0 ? "100 % CPU" : `${formatPercent(m.gpuRatio, 0)} GPU / ${formatPercent(1 - m.gpuRatio, 0)} CPU`;
  return (
    <div className="min-w-28">
      <div aria-hidden className="flex h-1.5 overflow-hidden rounded-full bg-muted/30">
        <div className="bg-ok" style={{ width: `${m.gpuRatio * 100}%` }} />
      </div>
      <span className="text-xs text-muted">{text}</span>
    </div>
  );
}

function Countdown({ m, serverNow }: { m: LoadedModelSummary; serverNow: number }) {
  if (m.keptLoaded) return <span>kept loaded</span>;
  const left = (Date.parse(m.expiresAt) - serverNow) / 1000;
  return <span className="tabular">{left > 0 ? `unloads in ${formatDuration(left)}` : "unloading"}</span>;
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
      ) : q.data.models.length === 0 ? (
        <Empty>No model is loaded in memory.</Empty>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-muted">
            <tr>
              {["Model", "Size", "GPU / CPU", "Context", "Unload"].map((h) => (
                <th key={h} scope="col" className="pb-1.5 pr-3 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {q.data.models.map((m) => (
              <tr key={m.name} className="border-t border-border align-top">
                <td className="py-2 pr-3 font-mono text-xs">{m.name}</td>
                <td className="whitespace-nowrap py-2 pr-3 tabular">{formatBytes(m.size)}</td>
                <td className="py-2 pr-3">
                  <Split m={m} />
                </td>
                <td className="py-2 pr-3 tabular">{m.contextLength?.toLocaleString() ?? "—"}</td>
                <td className="whitespace-nowrap py-2">
                  <Countdown m={m} serverNow={serverNow} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
