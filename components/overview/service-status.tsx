"use client";
// First slice of the Overview: Deployment replicas and the Ollama API, each with its own unreachable state.
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import { Panel } from "@/components/ui/panel";
import { ErrorState, Loading } from "@/components/ui/states";

type Settled<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
interface StatusResponse {
  deployment: Settled<{ name: string; namespace: string; desired: number; ready: number }>;
  ollama: Settled<{ version: string; latencyMs: number }>;
}

export function ServiceStatus() {
  const q = useQuery({ queryKey: ["status"], queryFn: () => fetchJson<StatusResponse>("/api/status"), refetchInterval: 5_000 });
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Panel title="Deployment">
        {q.isPending ? <Loading /> : q.isError ? <ErrorState title="Console unreachable" reason={q.error.message} /> : q.data.deployment.ok ? (
          <p className="text-2xl font-semibold tabular">
            {q.data.deployment.data.ready}/{q.data.deployment.data.desired}
            <span className="ml-2 text-sm font-normal text-muted">replicas ready</span>
          </p>
        ) : (
          <ErrorState title={q.data.deployment.error.code === "unreachable" ? "Kubernetes API unreachable" : "Kubernetes API error"} reason={q.data.deployment.error.message} />
        )}
      </Panel>
      <Panel title="Ollama API">
        {q.isPending ? <Loading /> : q.isError ? <ErrorState title="Console unreachable" reason={q.error.message} /> : q.data.ollama.ok ? (
          <p className="text-2xl font-semibold tabular">
            v{q.data.ollama.data.version}
            <span className="ml-2 text-sm font-normal text-muted">answered in {q.data.ollama.data.latencyMs} ms</span>
          </p>
        ) : (
          <ErrorState title={q.data.ollama.error.code === "unreachable" ? "Ollama API unreachable" : "Ollama API error"} reason={q.data.ollama.error.message} />
        )}
      </Panel>
    </div>
  );
}
