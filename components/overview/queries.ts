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

/** How often the page asks the server cache; the server answers from watches and coalesced reads, so viewers add no upstream load. */
const LIVE_MS = 3_000;

export const overviewKeys = {
  all: ["overview"] as const,
  widget: (name: string) => [...overviewKeys.all, name] as const,
};

function widget<T>(name: string, refetchInterval = LIVE_MS) {
  return queryOptions({
    queryKey: overviewKeys.widget(name),
    queryFn: () => fetchJson<T>(`/api/overview/${name}`),
    refetchInterval,
  });
}

export const overviewQueries = {
  health: () => widget<HealthResponse>("health"),
  pods: () => widget<PodsResponse>("pods"),
  events: () => widget<EventsResponse>("events"),
  access: () => widget<AccessResponse>("access", 5_000),
  serviceCard: () => widget<ServiceCardResponse>("service-card", 15_000),
  loaded: () => widget<LoadedResponse>("loaded"),
  disk: () => widget<DiskResponse>("disk", 5_000),
  diskHistory: () => widget<DiskHistory>("disk-history", 30_000),
};
