// Queries of the log view, the settings page and the GPU panel: one key factory, shared queryOptions.
import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "@/components/ui/fetch-json";
import type { Settled } from "@/lib/api/settle";
import type { DebugWarning } from "@/lib/logs/debug";
import type { LogEntry } from "@/lib/logs/types";
import type { GpuView } from "@/lib/logs/gpu";
import type { RestartEntry } from "@/lib/logs/read";
import type { SettingsView } from "@/lib/logs/settings-view";

export interface LogReadResponse {
  pod: string;
  container: string;
  previous: boolean;
  entries: LogEntry[];
  source?: "console" | "kubelet";
}

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
  gpu: () => queryOptions({ queryKey: signalKeys.gpu(), queryFn: () => fetchJson<GpuView>("/api/gpu"), refetchInterval: 5_000 }),
  settings: () => queryOptions({ queryKey: signalKeys.settings(), queryFn: () => fetchJson<SettingsView>("/api/settings"), refetchInterval: 10_000 }),
  restarts: () =>
    queryOptions({
      queryKey: signalKeys.restarts(),
      queryFn: () => fetchJson<{ restarts: Settled<RestartEntry[]>; debug: Settled<DebugWarning | undefined> }>("/api/logs/restarts"),
      refetchInterval: 10_000,
    }),
  /** The previous container's last lines, or the last lines before one restart of the history. */
  read: (ref: LogReadRef) =>
    queryOptions({
      queryKey: signalKeys.read(ref),
      queryFn: () =>
        fetchJson<LogReadResponse>(
          ref.kind === "previous"
            ? `/api/logs?previous=true&tail=${ref.tail}`
            : `/api/logs/restart?${new URLSearchParams({ pod: ref.pod, container: ref.container, restartCount: String(ref.restartCount) }).toString()}`,
        ),
      staleTime: Infinity,
    }),
};
