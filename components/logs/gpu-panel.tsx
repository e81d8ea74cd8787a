"use client";
// GPU and VRAM: the inventory Ollama logged at start, and each loaded model's weights and KV cache per device.
import { useQuery } from "@tanstack/react-query";
import { Panel } from "@/components/ui/panel";
import { Empty, ErrorState, Loading } from "@/components/ui/states";
import { formatBytes } from "@/lib/format";
import { signalQueries } from "./queries";

const GiB = 1024 ** 3;
/** Binary sizes as Ollama logs them ("23.6 GiB"); unknown stays unknown. */
const size = (b: number | undefined) => (b === undefined ? "unknown" : b >= GiB ? `${(b / GiB).toFixed(1)} GiB` : `${(b / 1024 ** 2).toFixed(0)} MiB`);

export function GpuPanel() {
  const q = useQuery(signalQueries.gpu());
  if (q.isPending) return <Panel title="GPUs and VRAM"><Loading /></Panel>;
  if (q.isError) return <Panel title="GPUs and VRAM"><ErrorState title="GPU data unavailable" reason={q.error.message} /></Panel>;
  const v = q.data;
  return (
    <Panel title="GPUs and VRAM">
      {v.inventoryKnown ? (
        <ul aria-label="GPUs" className="mb-4 space-y-1 text-sm">
          {v.gpus.map((g) => (
            <li key={g.id} className="flex flex-wrap gap-x-3">
              <span className="font-medium">{g.description ?? g.name}</span>
              <span className="text-muted">
                {g.name} · {g.library}
                {g.compute ? ` compute ${g.compute}` : ""}
                {g.driver ? ` · driver ${g.driver}` : ""}
              </span>
              <span className="tabular">
                {size(g.availableBytes)} free of {size(g.totalBytes)} at start
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>GPU inventory unknown: Ollama&apos;s start-up lines are not in the current log ({v.follow.message ?? v.follow.state}).</Empty>
      )}
      {v.modelsError ? <ErrorState title="Loaded models unavailable" reason={v.modelsError} /> : null}
      {v.models.length === 0 && !v.modelsError ? <Empty>No model is loaded.</Empty> : null}
      <ul aria-label="Model placement" className="divide-y divide-border">
        {v.models.map((m) => (
          <li key={m.name} className="py-2 text-sm">
            <div className="flex flex-wrap items-baseline gap-x-3">
              <span className="font-mono text-xs">{m.name}</span>
              <span className="tabular text-muted">
                {formatBytes(m.sizeVram)} of {formatBytes(m.size)} in VRAM
              </span>
              {m.layersTotal !== undefined ? <span className="text-muted">{m.layersOnGpu}/{m.layersTotal} layers on GPU</span> : null}
              {m.loadSeconds !== undefined ? <span className="text-muted">loaded in {m.loadSeconds} s</span> : null}
            </div>
            {m.devices.length ? (
              <table className="mt-1 text-xs" aria-label={`Memory of ${m.name} per device`}>
                <thead className="text-muted">
                  <tr>
                    <th className="pr-3 text-left font-medium">Device</th>
                    <th className="pr-3 text-left font-medium">Weights</th>
                    <th className="pr-3 text-left font-medium">KV cache</th>
                    <th className="pr-3 text-left font-medium">Compute graph</th>
                  </tr>
                </thead>
                <tbody>
                  {m.devices.map((d) => (
                    <tr key={d.device}>
                      <td className="pr-3 font-mono">{d.device}</td>
                      <td className="pr-3 tabular">{size(d.weightsBytes)}</td>
                      <td className="pr-3 tabular">{size(d.kvCacheBytes)}</td>
                      <td className="pr-3 tabular">{size(d.graphBytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="text-xs text-muted">Per-device memory unknown: this model&apos;s load lines are not in the current log.</p>
            )}
            {m.offloadReason ? <p className="mt-1 text-xs text-warn">Partly on the CPU: {m.offloadReason}</p> : null}
          </li>
        ))}
      </ul>
    </Panel>
  );
}
