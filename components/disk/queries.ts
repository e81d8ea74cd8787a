"use client";
// Queries and mutations of the disk rescue widgets (issue 15): reclaim, volume expansion, forecast.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { ReclaimPlan, ReclaimRun, expansionPlan, expansionStarted, reclaimPlan, restartStarted } from "@/lib/shared/contracts/disk";

const post = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

export const diskKeys = {
  all: ["disk-rescue"] as const,
  reclaim: () => [...diskKeys.all, "reclaim"] as const,
  expansion: (pendingBytes: number) => [...diskKeys.all, "expansion", pendingBytes] as const,
};

/** A restart running, or one that ended moments ago (the numbers after it are still arriving). */
function recentRun(plan: ReclaimPlan | undefined): boolean {
  const run = plan?.run;
  if (!run) return false;
  return !run.finishedAt || Date.now() - Date.parse(run.finishedAt) < 20_000;
}

/** The reclaim plan; polled fast while a restart runs, and shortly after, so its progress and result show. */
export const reclaimQuery = () =>
  queryOptions({
    queryKey: diskKeys.reclaim(),
    queryFn: () => fetchJson<typeof reclaimPlan>("/api/disk/reclaim"),
    refetchInterval: (q) => (recentRun(q.state.data) ? 1_000 : 15_000),
  });

/** The expansion plan for a pull of `pendingBytes` (0: for the warning threshold); polled while a resize runs. */
export const expansionQuery = (pendingBytes: number) =>
  queryOptions({
    queryKey: diskKeys.expansion(pendingBytes),
    queryFn: () => fetchJson<typeof expansionPlan>(`/api/disk/expansion?pendingBytes=${pendingBytes}`),
    refetchInterval: (q) => (q.state.data && q.state.data.progress.stage !== "idle" ? 2_000 : 30_000),
  });

/** POST /api/disk/reclaim: restart Ollama (admin). */
export function useRestartOllama() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (purpose: ReclaimRun["purpose"]) => fetchJson<typeof restartStarted>("/api/disk/reclaim", post({ confirm: true, purpose })),
    onSettled: () => client.invalidateQueries({ queryKey: diskKeys.all }),
  });
}

/** POST /api/disk/expansion: "Expand now" (admin). */
export function useExpandNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (size: string) => fetchJson<typeof expansionStarted>("/api/disk/expansion", post({ size })),
    onSettled: () => client.invalidateQueries({ queryKey: diskKeys.all }),
  });
}
