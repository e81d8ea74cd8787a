"use client";
// Next to a loaded model that is not all in VRAM (size_vram < size): why, from Ollama's own log. Renders nothing otherwise.
import { useQuery } from "@tanstack/react-query";
import { signalQueries } from "./queries";

export function OffloadReason({ model, size, sizeVram }: { model: string; size: number; sizeVram: number }) {
  const partial = sizeVram < size;
  const q = useQuery({ ...signalQueries.gpu(), enabled: partial });
  if (!partial) return null;
  const reason = q.data?.models.find((m) => m.name === model)?.offloadReason;
  if (q.isPending && q.fetchStatus !== "idle") return null;
  return (
    <p className="mt-0.5 text-xs text-warn" data-testid="offload-reason">
      Why on CPU: {q.isError ? "unknown (Ollama's log could not be read)" : (reason ?? "unknown")}
    </p>
  );
}
