"use client";
// GPU and VRAM: the inventory Ollama logged at start, and each loaded model's weights and KV cache per device.
import { useQuery } from "@tanstack/react-query";
import { DataTable, type Column } from "@/components/ui/data-table";
import { QueryPanel } from "@/components/ui/query-panel";
import { Empty, ErrorState } from "@/components/ui/states";
import { formatBytes } from "@/lib/shared/format";
import type { GpuView } from "@/lib/shared/contracts/logs";
import { signalQueries } from "./queries";

const GiB = 1024 ** 3;
/** Binary sizes as Ollama logs them ("23.6 GiB"); unknown stays unknown. */
const size = (b: number | undefined) => (b === undefined ? "unknown" : b >= GiB ? `${(b / GiB).toFixed(1)} GiB` : `${(b / 1024 ** 2).toFixed(0)} MiB`);

type Placement = GpuView["models"][number];
type DeviceMemory = Placement["devices"][number];

const DEVICE_COLUMNS: Column<DeviceMemory>[] = [
  { id: "device", header: "Device", className: "font-mono", cell: (d) => d.device },
  { id: "weights", header: "Weights", className: "tabular", cell: (d) => size(d.weightsBytes) },
  { id: "kv", header: "KV cache", className: "tabular", cell: (d) => size(d.kvCacheBytes) },
  { id: "graph", header: "Compute graph", className: "tabular", cell: (d) => size(d.graphBytes) },
];

function Gpus({ v }: { v: GpuView }) {
  if (!v.inventoryKnown) return <Empty>GPU inventory unknown: Ollama&apos;s start-up lines are not in the current log ({v.follow.message ?? v.follow.state}).</Empty>;
  return (
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
  );
}

function Model({ m }: { m: Placement }) {
  return (
    <li className="py-2 text-sm">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <span className="font-mono text-xs">{m.name}</span>
        <span className="tabular text-muted">
          {formatBytes(m.sizeVram)} of {formatBytes(m.size)} in VRAM
        </span>
        {m.layersTotal !== undefined ? <span className="text-muted">{m.layersOnGpu}/{m.layersTotal} layers on GPU</span> : null}
        {m.loadSeconds !== undefined ? <span className="text-muted">loaded in {m.loadSeconds} s</span> : null}
      </div>
      {m.devices.length ? (
        <div className="mt-1 text-xs">
          <DataTable caption={`Memory of ${m.name} per device`} rows={m.devices} rowKey={(d) => d.device} columns={DEVICE_COLUMNS} />
        </div>
      ) : (
        <p className="text-xs text-muted">Per-device memory unknown: this model&apos;s load lines are not in the current log.</p>
      )}
      {m.offloadReason ? <p className="mt-1 text-xs text-warn">Partly on the CPU: {m.offloadReason}</p> : null}
    </li>
  );
}

export function GpuPanel() {
  const q = useQuery(signalQueries.gpu());
  return (
    <QueryPanel title="GPUs and VRAM" query={q} errorTitle="GPU data unavailable">
      {(v) => (
        <>
          <Gpus v={v} />
          {v.modelsError ? <ErrorState title="Loaded models unavailable" reason={v.modelsError} /> : null}
          {v.models.length === 0 && !v.modelsError ? <Empty>No model is loaded.</Empty> : null}
          <ul aria-label="Model placement" className="divide-y divide-border">
            {v.models.map((m) => (
              <Model key={m.name} m={m} />
            ))}
          </ul>
        </>
      )}
    </QueryPanel>
  );
}
