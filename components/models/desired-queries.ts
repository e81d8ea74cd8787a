// Queries and mutations of the issue-14 widgets: updates, the declared set with its drift and pins, reconcile, variants.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { applyResult, desiredResponse, pinRetryResult, reconcileResult, updatesResponse, variantResult } from "@/lib/shared/contracts/models-desired";
import { modelKeys } from "./queries";

export const desiredKeys = {
  updates: () => ["models-desired", "updates"] as const,
  desired: () => ["models-desired", "declared"] as const,
};

export const desiredQueries = {
  updates: () => queryOptions({ queryKey: desiredKeys.updates(), queryFn: () => fetchJson<typeof updatesResponse>("/api/models/updates"), refetchInterval: 30_000 }),
  /** The ConfigMap is watched on the server: polling every 5 s shows a git change within seconds of it landing. */
  desired: () => queryOptions({ queryKey: desiredKeys.desired(), queryFn: () => fetchJson<typeof desiredResponse>("/api/models/desired"), refetchInterval: 5_000 }),
};

const post = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ["models-desired"] }), client.invalidateQueries({ queryKey: modelKeys.all })]);
}

/** POST /api/models/updates: check every installed model now. */
export function useCheckUpdates() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<typeof updatesResponse>("/api/models/updates", { method: "POST" }),
    onSuccess: async (data) => {
      client.setQueryData(desiredKeys.updates(), data);
      // "Outdated" in the drift view comes from this check.
      await client.invalidateQueries({ queryKey: desiredKeys.desired() });
    },
  });
}

/** POST /api/models/updates/apply: named models, or all. */
export function useApplyUpdates() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { models: string[]; snapshotFirst: boolean } | { all: true; snapshotFirst: boolean }) =>
      fetchJson<typeof applyResult>("/api/models/updates/apply", post(body)),
    onSettled: refresh,
  });
}

/** POST /api/models/reconcile. */
export function useReconcile() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { prune: boolean; confirm?: string[] }) => fetchJson<typeof reconcileResult>("/api/models/reconcile", post(body)),
    onSettled: refresh,
  });
}

/** POST /api/models/pins/retry: forget a pin's failures and load it again. */
export function useRetryPin() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (model: string) => fetchJson<typeof pinRetryResult>("/api/models/pins/retry", post({ model })),
    onSettled: refresh,
  });
}

/** POST /api/models/variants. */
export function useCreateVariant() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { name: string; from: string; parameters: Record<string, number>; system?: string }) =>
      fetchJson<typeof variantResult>("/api/models/variants", post(body)),
    onSettled: refresh,
  });
}
