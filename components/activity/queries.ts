// Activity list queries: one key factory and one queryOptions, used by the page and by anything that invalidates it.
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { ActivityFilter } from "@/lib/shared/audit/filter";
import type { activityList } from "@/lib/shared/contracts/activity";

export const activityKeys = {
  all: ["activity"] as const,
  list: (filter: ActivityFilter) => [...activityKeys.all, "list", filter] as const,
};

/** The filtered list, refreshed every 10 s. */
export function activityQuery(filter: ActivityFilter) {
  const params = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  return queryOptions({
    queryKey: activityKeys.list(filter),
    queryFn: () => fetchJson<typeof activityList>(`/api/activity?${params.toString()}`),
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
}
