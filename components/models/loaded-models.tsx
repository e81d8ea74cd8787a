"use client";
// Models in GPU/RAM, one widget for the Overview and the Models page: size, GPU/CPU split, context length, a live
// countdown to unload, and unload buttons (one, or all) for operators. Rows stay marked "unloading" until Ollama's list
// drops them; while Ollama cannot be read the last list stays, marked stale with the reason.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { OffloadReason } from "@/components/logs/offload-reason";
import { OVERVIEW_POLL_MS } from "@/components/overview/poll";
import { overviewKeys, overviewQueries } from "@/components/overview/queries";
import { buttonColumn, DataTable, type Column } from "@/components/ui/data-table";
import { ConfirmDialog } from "@/components/ui/dialog";
import { QueryPanel } from "@/components/ui/query-panel";
import { button } from "@/components/ui/styles";
import { useNow } from "@/components/ui/use-now";
import { formatBytes, formatDuration, formatPercent } from "@/lib/shared/format";
import type { LoadedModelSummary } from "@/lib/shared/contracts/shared";
import { useUnload } from "./queries";
import { PinnedBadge, usePinned } from "@/components/overview/pinned";

/** How long a row asked to unload says "unloading…" at most, should Ollama keep listing it. */
const LEAVING_MS = 30_000;

function Split({ m }: { m: LoadedModelSummary }) {
  const text = m.gpuRatio >= 1 ? "100 % GPU" : m.gpuRatio <= 0 ? "100 % CPU" : `${formatPercent(m.gpuRatio, 0)} GPU / ${formatPercent(1 - m.gpuRatio, 0)} CPU`;
  return (
    <>
      <span className="flex items-center gap-2">
        <span aria-hidden className="flex h-1.5 w-12 shrink-0 overflow-hidden rounded-full bg-muted/30">
          <span className="bg-ok" style={{ width: `${m.gpuRatio * 100}%` }} />
        </span>
        <span className="whitespace-nowrap">{text}</span>
      </span>
      <OffloadReason model={m.name} size={m.size} sizeVram={m.sizeVram} />
    </>
  );
}

function memory(m: LoadedModelSummary, serverNow: number, leaving: boolean): string {
  if (leaving) return "unloading…";
  if (m.keptLoaded) return "kept loaded";
  const left = (Date.parse(m.expiresAt) - serverNow) / 1000;
  return left > 0 ? `unloads in ${formatDuration(left)}` : "unloading";
}

interface RowContext {
  serverNow: number;
  isLeaving: (name: string) => boolean;
  canOperate: boolean;
  onUnload: (name: string) => void;
  /** Lower-case names of the declared pins (issue 14): the console keeps them loaded. */
  pinned: Set<string>;
}

function columns({ serverNow, isLeaving, canOperate, onUnload, pinned }: RowContext): Column<LoadedModelSummary>[] {
  return [
    {
      id: "model",
      header: "Model",
      className: "break-all font-mono text-xs",
      cell: (m) => (
        <>
          {m.name}
          {pinned.has(m.name.toLowerCase()) ? <PinnedBadge /> : null}
        </>
      ),
    },
    { id: "size", header: "Size", className: "tabular whitespace-nowrap", cell: (m) => formatBytes(m.size) },
    { id: "split", header: "GPU / CPU", className: "text-xs", cell: (m) => <Split m={m} /> },
    { id: "context", header: "Context", className: "tabular", cell: (m) => m.contextLength?.toLocaleString() ?? "—" },
    { id: "memory", header: "Memory", className: "tabular whitespace-nowrap text-xs", cell: (m) => memory(m, serverNow, isLeaving(m.name)) },
    buttonColumn({
      text: "Unload",
      label: (m) => `Unload ${m.name}`,
      onClick: (m) => onUnload(m.name),
      blocked: (m) => (!canOperate ? "Needs the operator role" : isLeaving(m.name) ? "Unloading" : undefined),
    }),
  ];
}

function UnloadAllDialog({ names, open, onClose, onConfirm }: { names: string[]; open: boolean; onClose: () => void; onConfirm: () => void }) {
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title={`Unload ${names.length} models?`}
      description="They leave GPU and RAM now; the next request to each loads it again, which takes time."
      cancel="Keep them"
      confirm={`Unload ${names.length} models`}
      onConfirm={onConfirm}
    >
      <ul aria-label="Models to unload" className="list-disc pl-5 font-mono">
        {names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </ConfirmDialog>
  );
}

/** The loaded models with their unload actions (disabled, with the reason, for a viewer). */
export function LoadedModels({ canOperate }: { canOperate: boolean }) {
  // Model name → when it was asked to unload (ms).
  const [leaving, setLeaving] = useState<ReadonlyMap<string, number>>(new Map());
  const [confirmAll, setConfirmAll] = useState(false);
  const now = useNow(1_000);
  const pinned = usePinned();
  const isLeaving = (name: string) => now - (leaving.get(name) ?? -Infinity) < LEAVING_MS;
  const q = useQuery({
    ...overviewQueries.loaded(),
    // Every second while a model is on its way out, so its row goes as soon as Ollama lets go of it.
    refetchInterval: (query) => (query.state.data?.models.some((m) => isLeaving(m.name)) ? 1_000 : OVERVIEW_POLL_MS.loaded),
  });
  const names = q.data?.models.map((m) => m.name) ?? [];
  const client = useQueryClient();
  const unload = useUnload();
  // The server's clock at our `now`: a browser clock that is off does not skew the countdown.
  const time = q.data?.time;
  const offsetMs = useMemo(() => (time ? Date.parse(time) - q.dataUpdatedAt : 0), [time, q.dataUpdatedAt]);

  function ask(model: string | undefined) {
    const targets = model ? [model] : names;
    // The clock of this render (at most a second old) is close enough for a 30 s mark.
    const at = now;
    setLeaving((prev) => new Map([...[...prev].filter(([, t]) => at - t < LEAVING_MS), ...targets.map((n) => [n, at] as const)]));
    unload.mutate(model, {
      onSuccess: (r) => {
        if (r.failed.length) toast.error(`Could not unload ${r.failed.map((f) => `${f.name} (${f.message})`).join(", ")}`);
        else toast.success(model ? `Unloading ${model}` : `Unloading ${r.unloaded.length} model(s)`);
      },
      onError: (e) => {
        setLeaving((prev) => new Map([...prev].filter(([n]) => !targets.includes(n))));
        toast.error(`Unload failed: ${e.message}`);
      },
      onSettled: () => void client.invalidateQueries({ queryKey: overviewKeys.widget("loaded") }),
    });
  }

  const allButton =
    names.length > 1 ? (
      <button type="button" className={button} disabled={!canOperate || unload.isPending} title={canOperate ? undefined : "Needs the operator role"} onClick={() => setConfirmAll(true)}>
        Unload all
      </button>
    ) : null;
  return (
    <QueryPanel
      title="Loaded models"
      actions={allButton}
      query={q}
      failure={(d) => (d.error && !d.asOf ? d.error : undefined)}
      stale={(d) => (d.error ? { since: d.asOf, reason: d.error.message } : undefined)}
      empty={(d) => (d.models.length === 0 ? "No model is loaded in memory." : undefined)}
    >
      {(d) => (
        <>
          <DataTable
            caption="Models loaded in memory"
            rows={d.models}
            rowKey={(m) => m.name}
            columns={columns({ serverNow: now + offsetMs, isLeaving, canOperate: canOperate && !d.error, onUnload: ask, pinned })}
          />
          <UnloadAllDialog
            names={names}
            open={confirmAll}
            onClose={() => setConfirmAll(false)}
            onConfirm={() => {
              setConfirmAll(false);
              ask(undefined);
            }}
          />
        </>
      )}
    </QueryPanel>
  );
}
