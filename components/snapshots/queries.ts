// Query keys, shared query options and mutations for the Snapshots page and the Overview widget.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { CreateSnapshotBody, RestoreSnapshotBody } from "@/lib/shared/snapshots/input";
import { isSettling } from "@/lib/shared/snapshots/state";
import type { createdSnapshot, deletedSnapshot, SnapshotsView, snapshotsSummary, snapshotsView, startedRestore } from "@/lib/shared/contracts/snapshots";

/** Fast while the controller may still change something, slow once everything has settled. */
const FAST_MS = 2_000;
const SLOW_MS = 15_000;

export const snapshotKeys = {
  all: ["snapshots"] as const,
  view: () => [...snapshotKeys.all, "view"] as const,
  summary: () => [...snapshotKeys.all, "summary"] as const,
};

function busy(view: Pick<SnapshotsView, "snapshots"> & Partial<Pick<SnapshotsView, "restores">> | undefined): boolean {
  if (!view) return false;
  const snapshots = view.snapshots.ok && view.snapshots.data.items.some(isSettling);
  const restores = view.restores?.ok === true && view.restores.data.some((r) => r.phase !== "Bound");
  return snapshots || restores;
}

/** The whole Snapshots page: snapshots, classes, cache PVC, restores, permissions. */
export const snapshotsViewQuery = () =>
  queryOptions({
    queryKey: snapshotKeys.view(),
    queryFn: () => fetchJson<typeof snapshotsView>("/api/snapshots"),
    refetchInterval: (q) => (busy(q.state.data) ? FAST_MS : SLOW_MS),
  });

/** Snapshots only, for the Overview. */
export const snapshotsSummaryQuery = () =>
  queryOptions({
    queryKey: snapshotKeys.summary(),
    queryFn: () => fetchJson<typeof snapshotsSummary>("/api/snapshots?view=summary"),
    refetchInterval: (q) => (busy(q.state.data) ? FAST_MS : SLOW_MS),
  });

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: snapshotKeys.all });
}

const post = (body: unknown): RequestInit => ({ method: "POST", body: JSON.stringify(body) });

/** POST /api/snapshots. */
export function useCreateSnapshot() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateSnapshotBody) => fetchJson<typeof createdSnapshot>("/api/snapshots", post(body)),
    onSettled: invalidate,
  });
}

/** DELETE /api/snapshots/:name. */
export function useDeleteSnapshot() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (name: string) =>
      fetchJson<typeof deletedSnapshot>(`/api/snapshots/${encodeURIComponent(name)}`, { method: "DELETE" }),
    onSettled: invalidate,
  });
}

/** POST /api/snapshots/:name/restore. */
export function useRestoreSnapshot() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ snapshot, body }: { snapshot: string; body: RestoreSnapshotBody }) =>
      fetchJson<typeof startedRestore>(`/api/snapshots/${encodeURIComponent(snapshot)}/restore`, post(body)),
    onSettled: invalidate,
  });
}
