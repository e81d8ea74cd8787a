// Query keys, shared query options and mutations for the Models page (and the Overview, which may reuse the unload panel).
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { deletedModel, deleteImpact, modelDetails, modelsResponse, unloadResult } from "@/lib/shared/contracts/models";
import type { preflight, pullJob, pullsResponse, startedPull } from "@/lib/shared/contracts/pulls";

export const modelKeys = {
  all: ["models"] as const,
  list: () => [...modelKeys.all, "list"] as const,
  details: (model: string) => [...modelKeys.all, "details", model] as const,
  deleteImpact: (model: string) => [...modelKeys.all, "delete-impact", model] as const,
  pulls: () => ["pulls"] as const,
  preflight: (model: string) => ["pulls", "preflight", model] as const,
};

const q = (model: string) => `?model=${encodeURIComponent(model)}`;

export const modelQueries = {
  /** Installed + loaded; fast while something is leaving memory. */
  list: (fast = false) =>
    queryOptions({ queryKey: modelKeys.list(), queryFn: () => fetchJson<typeof modelsResponse>("/api/models"), refetchInterval: fast ? 1_000 : 5_000 }),
  details: (model: string) =>
    queryOptions({ queryKey: modelKeys.details(model), queryFn: () => fetchJson<typeof modelDetails>(`/api/models/details${q(model)}`), staleTime: 60_000 }),
  deleteImpact: (model: string) =>
    queryOptions({ queryKey: modelKeys.deleteImpact(model), queryFn: () => fetchJson<typeof deleteImpact>(`/api/models/delete-impact${q(model)}`), staleTime: 0 }),
  /** Jobs by polling: the fallback when the event stream is unavailable, and the settings (registries) for the form. */
  pulls: (poll: boolean) =>
    queryOptions({ queryKey: modelKeys.pulls(), queryFn: () => fetchJson<typeof pullsResponse>("/api/pulls"), refetchInterval: poll ? 2_000 : false }),
  /** Re-checked every 10 s while the name sits in the form: free space moves (other pulls, deletes) while the operator decides. */
  preflight: (model: string) =>
    queryOptions({
      queryKey: modelKeys.preflight(model),
      queryFn: () => fetchJson<typeof preflight>(`/api/pulls/preflight${q(model)}`),
      staleTime: 5_000,
      refetchInterval: 10_000,
    }),
};

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });

function useInvalidateModels() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: modelKeys.all });
}

/** POST /api/pulls: start or join a pull. */
export function useStartPull() {
  return useMutation({
    mutationFn: (body: { model: string; override: boolean }) => fetchJson<typeof startedPull>("/api/pulls", json("POST", body)),
  });
}

/** DELETE /api/pulls/:id. */
export function useCancelPull() {
  return useMutation({ mutationFn: (id: string) => fetchJson<typeof pullJob>(`/api/pulls/${encodeURIComponent(id)}`, { method: "DELETE" }) });
}

/** DELETE /api/models. Only the list is refreshed: the deleted model's details and delete impact would answer 404. */
export function useDeleteModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { model: string; snapshotFirst: boolean }) =>
      fetchJson<typeof deletedModel>("/api/models", json("DELETE", body)),
    onSuccess: (_r, body) => {
      client.removeQueries({ queryKey: modelKeys.details(body.model), type: "inactive" });
      client.removeQueries({ queryKey: modelKeys.deleteImpact(body.model), type: "inactive" });
    },
    onSettled: () => client.invalidateQueries({ queryKey: modelKeys.list() }),
  });
}

/** POST /api/models/unload: one model, or all when `model` is undefined. */
export function useUnload() {
  const invalidate = useInvalidateModels();
  return useMutation({
    mutationFn: (model: string | undefined) =>
      fetchJson<typeof unloadResult>("/api/models/unload", json("POST", model ? { model } : { all: true })),
    onSettled: invalidate,
  });
}
