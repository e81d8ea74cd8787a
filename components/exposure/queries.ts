// The exposure report query, shared by the Access path details and the health-strip status.
import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { exposureReport } from "@/lib/shared/contracts/exposure";

/** The server refreshes its probes every 15 s; reading more often would only return the same report. */
export const exposureQuery = () =>
  queryOptions({ queryKey: ["exposure"] as const, queryFn: () => fetchJson<typeof exposureReport>("/api/exposure"), refetchInterval: 15_000 });

export const LEVEL_STYLE = {
  red: "border-bad/40 bg-bad/10 text-bad",
  amber: "border-warn/40 bg-warn/10 text-warn",
  green: "border-ok/40 bg-ok/10 text-ok",
  neutral: "border-border bg-raised text-muted",
} as const;
