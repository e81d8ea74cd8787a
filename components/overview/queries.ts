// Query keys and options for every Overview widget: one key factory, shared by hooks, prefetch and invalidation.
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { fetchJson } from "@/components/ui/fetch-json";
import type {
  accessResponse,
  diskHistory,
  diskResponse,
  eventsResponse,
  healthResponse,
  loadedResponse,
  podsResponse,
  serviceCardResponse,
} from "@/lib/shared/contracts/overview";
import { OVERVIEW_POLL_MS, type OverviewRoute } from "./poll";

export const overviewKeys = {
  all: ["overview"] as const,
  widget: (name: string) => [...overviewKeys.all, name] as const,
};

/** Polls the server cache; it answers from watches and self-refreshing reads, so viewers add no upstream load. */
function widget<C extends z.ZodType>(name: OverviewRoute) {
  return queryOptions({
    queryKey: overviewKeys.widget(name),
    queryFn: () => fetchJson<C>(`/api/overview/${name}`),
    refetchInterval: OVERVIEW_POLL_MS[name],
  });
}

export const overviewQueries = {
  health: () => widget<typeof healthResponse>("health"),
  pods: () => widget<typeof podsResponse>("pods"),
  events: () => widget<typeof eventsResponse>("events"),
  access: () => widget<typeof accessResponse>("access"),
  serviceCard: () => widget<typeof serviceCardResponse>("service-card"),
  loaded: () => widget<typeof loadedResponse>("loaded"),
  disk: () => widget<typeof diskResponse>("disk"),
  diskHistory: () => widget<typeof diskHistory>("disk-history"),
};
