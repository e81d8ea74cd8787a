// Query keys, query options and mutations of the Keys page.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { createdKey, keysResponse } from "@/lib/shared/contracts/keys";
import type { okResponse } from "@/lib/shared/contracts/error";
import type { CreateKeyInput } from "@/lib/shared/keys/types";

export const keyKeys = { all: ["keys"] as const };

/** Keys with this replica's usage; refreshed so counters move while the page is open. */
export const keysQuery = () =>
  queryOptions({ queryKey: keyKeys.all, queryFn: () => fetchJson<typeof keysResponse>("/api/keys"), refetchInterval: 10_000 });

export function useCreateKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateKeyInput) => fetchJson<typeof createdKey>("/api/keys", { method: "POST", body: JSON.stringify(input) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keyKeys.all }),
  });
}

export function useRevokeKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<typeof okResponse>(`/api/keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keyKeys.all }),
  });
}
