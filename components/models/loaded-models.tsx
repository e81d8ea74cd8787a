"use client";
// Models in GPU/RAM with unload buttons (one, or all); rows stay marked "unloading" until Ollama's list drops them.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { OffloadReason } from "@/components/logs/offload-reason";
import { useNow } from "@/components/ui/use-now";
import { ConsoleDialog } from "@/components/ui/dialog";
import { button, dangerButton, smallButton } from "@/components/ui/styles";
import { CardTable } from "@/components/ui/card-table";
import { Panel } from "@/components/ui/panel";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { formatBytes, formatDuration, formatPercent } from "@/lib/format";
import type { LoadedModelSummary } from "@/lib/ollama/cache";
import { modelQueries, useUnload } from "./queries";

function where(m: LoadedModelSummary): string {
  if (m.gpuRatio >= 1) return "100 % GPU";
  if (m.gpuRatio <= 0) return "100 % CPU";
  return `${formatPercent(m.gpuRatio, 0)} GPU / ${formatPercent(1 - m.gpuRatio, 0)} CPU`;
}

function expires(m: LoadedModelSummary, now: number): string {
  if (m.keptLoaded) return "kept loaded";
  const left = (Date.parse(m.expiresAt) - now) / 1000;
  return left > 0 ? `in ${formatDuration(left)}` : "now";
}

/** Loaded models with unload actions; the Overview may reuse it. */
export function LoadedModelsPanel({ canOperate }: { canOperate: boolean }) {
  const [leaving, setLeaving] = useState<ReadonlySet<string>>(new Set());
  const [confirmAll, setConfirmAll] = useState(false);
  const q = useQuery(modelQueries.list(leaving.size > 0));
  const unload = useUnload();
  const now = useNow(1_000);
  const loaded = q.data?.loaded;
  const names = loaded?.ok ? loaded.data.map((m) => m.name) : [];
  // Forget names Ollama no longer lists, so polling slows down again.
  const stillLeaving = new Set([...leaving].filter((n) => names.includes(n)));
  if (stillLeaving.size !== leaving.size) setLeaving(stillLeaving);

  function ask(model: string | undefined) {
    const targets = model ? [model] : names;
    setLeaving(new Set([...leaving, ...targets]));
    unload.mutate(model, {
      onSuccess: (r) => {
        if (r.failed.length) toast.error(`Could not unload ${r.failed.map((f) => `${f.name} (${f.message})`).join(", ")}`);
        else toast.success(model ? `Unloading ${model}` : `Unloading ${r.unloaded.length} model(s)`);
      },
      onError: (e) => {
        setLeaving(new Set([...leaving].filter((n) => !targets.includes(n))));
        toast.error(`Unload failed: ${e.message}`);
      },
    });
  }

  const forbidden = canOperate ? undefined : "Needs the operator role";
  return (
    <Panel
      title="Loaded models"
      actions={
        names.length > 1 ? (
          <button type="button" className={button} disabled={!canOperate || unload.isPending} title={forbidden} onClick={() => setConfirmAll(true)}>
            Unload all
          </button>
        ) : null
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState title="Console unreachable" reason={q.error.message} />
      ) : !q.data.loaded.ok ? (
        <ErrorState title="Ollama API unreachable" reason={q.data.loaded.error.message} />
      ) : q.data.loaded.data.length === 0 ? (
        <Empty>No model is loaded in memory.</Empty>
      ) : (
        <CardTable caption="Models loaded in memory">
          <thead className="text-xs text-muted">
            <tr>
              {["Model", "Size", "GPU / CPU", "Context", "Unloads", ""].map((h, i) => (
                <th key={i} scope="col" className="pb-1.5 pr-3 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {q.data.loaded.data.map((m) => (
              <tr key={m.name} className="border-t border-border">
                <th scope="row" className="py-1.5 pr-3 text-left font-mono text-xs font-normal">{m.name}</th>
                <td data-label="Size" className="tabular py-1.5 pr-3">{formatBytes(m.size)}</td>
                <td data-label="GPU / CPU" className="py-1.5 pr-3 text-xs">{where(m)}<OffloadReason model={m.name} size={m.size} sizeVram={m.sizeVram} /></td>
                <td data-label="Context" className="tabular py-1.5 pr-3">{m.contextLength?.toLocaleString() ?? "—"}</td>
                <td data-label="Unloads" className="tabular py-1.5 pr-3 text-xs">{leaving.has(m.name) ? "unloading…" : expires(m, now)}</td>
                <td className="py-1.5 text-right">
                  <button
                    type="button"
                    className={smallButton}
                    aria-label={`Unload ${m.name}`}
                    disabled={!canOperate || leaving.has(m.name)}
                    title={forbidden}
                    onClick={() => ask(m.name)}
                  >
                    Unload
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </CardTable>
      )}
      <ConsoleDialog
        open={confirmAll}
        onOpenChange={setConfirmAll}
        title={`Unload ${names.length} models?`}
        description="They leave GPU and RAM now; the next request to each loads it again, which takes time."
      >
        <ul aria-label="Models to unload" className="mb-4 list-disc pl-5 font-mono text-sm">
          {names.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
        <div className="flex justify-end gap-2">
          <button type="button" className={button} onClick={() => setConfirmAll(false)}>
            Keep them
          </button>
          <button
            type="button"
            className={dangerButton}
            onClick={() => {
              setConfirmAll(false);
              ask(undefined);
            }}
          >
            Unload {names.length} models
          </button>
        </div>
      </ConsoleDialog>
    </Panel>
  );
}
