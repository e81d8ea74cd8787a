// Queries of the log view, the settings page and the GPU panel: one key factory, shared queryOptions.
import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { LogRead, RestartLines, gpuView, logRead, logRestartsResponse, restartLines, settingsView } from "@/lib/shared/contracts/logs";

/** The previous container's lines (GET /api/logs) or one restart's (GET /api/logs/restart, which says where they came from). */
export type LogReadAnswer = RestartLines | (LogRead & { source?: undefined });

export type LogReadRef = { kind: "previous"; tail: number } | { kind: "restart"; pod: string; container: string; restartCount: number };

export const signalKeys = {
  all: ["signals"] as const,
  gpu: () => [...signalKeys.all, "gpu"] as const,
  settings: () => [...signalKeys.all, "settings"] as const,
  restarts: () => [...signalKeys.all, "restarts"] as const,
  read: (ref: LogReadRef) => [...signalKeys.all, "read", ref] as const,
};

export const signalQueries = {
  /** GPU inventory and placement; the Overview's and Models page's offload notes share it. */
  gpu: () => queryOptions({ queryKey: signalKeys.gpu(), queryFn: () => fetchJson<typeof gpuView>("/api/gpu"), refetchInterval: 5_000 }),
  settings: () => queryOptions({ queryKey: signalKeys.settings(), queryFn: () => fetchJson<typeof settingsView>("/api/settings"), refetchInterval: 10_000 }),
  restarts: () =>
    queryOptions({
      queryKey: signalKeys.restarts(),
      queryFn: () => fetchJson<typeof logRestartsResponse>("/api/logs/restarts"),
      refetchInterval: 10_000,
    }),
  /** The previous container's last lines, or the last lines before one restart of the history. */
  read: (ref: LogReadRef) =>
    queryOptions({
      queryKey: signalKeys.read(ref),
      queryFn: (): Promise<LogReadAnswer> =>
        ref.kind === "previous"
          ? fetchJson<typeof logRead>(`/api/logs?previous=true&tail=${ref.tail}`)
          : fetchJson<typeof restartLines>(
              `/api/logs/restart?${new URLSearchParams({ pod: ref.pod, container: ref.container, restartCount: String(ref.restartCount) }).toString()}`,
            ),
      staleTime: Infinity,
    }),
};
