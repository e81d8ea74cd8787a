// Query keys and options for every Overview widget: one key factory, shared by hooks, prefetch and invalidation.
import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type {
  AccessResponse,
  DiskHistory,
  DiskResponse,
  EventsResponse,
  HealthResponse,
  LoadedResponse,
  PodsResponse,
  ServiceCardResponse,
} from "@/lib/overview/types";
import { OVERVIEW_POLL_MS, type OverviewRoute } from "./poll";

export const overviewKeys = {
  all: ["overview"] as const,
  widget: (name: string) => [...overviewKeys.all, name] as const,
};

/** Polls the server cache; it answers from watches and self-refreshing reads, so viewers add no upstream load. */
function widget<T>(name: OverviewRoute) {
  return queryOptions({
    queryKey: overviewKeys.widget(name),
    queryFn: () => fetchJson<T>(`/api/overview/${name}`),
    refetchInterval: OVERVIEW_POLL_MS[name],
  });
}

export const overviewQueries = {
  health: () => widget<HealthResponse>("health"),
  pods: () => widget<PodsResponse>("pods"),
  events: () => widget<EventsResponse>("events"),
  access: () => widget<AccessResponse>("access"),
  serviceCard: () => widget<ServiceCardResponse>("service-card"),
  loaded: () => widget<LoadedResponse>("loaded"),
  disk: () => widget<DiskResponse>("disk"),
  diskHistory: () => widget<DiskHistory>("disk-history"),
};
