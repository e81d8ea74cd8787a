// What one scrape reports: read from the console's own coalesced sources, each bounded in time; a source that fails is simply absent.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { watchedDeployment } from "../../doors/kubernetes/cache";
import type { Target } from "../../doors/runtime/config";
import { diskUsage, type DiskUsage } from "../disk";
import { listLoaded, listModels, type LoadedModelSummary, type ModelSummary } from "../../doors/ollama/cache";
import { pulls, type PullJob } from "../pulls";

/** Systems whose reachability the scrape reports as ollama_ops_source_up. */
export const SOURCES = ["kubernetes", "ollama", "agent"] as const;
export type Source = (typeof SOURCES)[number];

export interface Snapshot {
  disk: DiskUsage | undefined;
  models: ModelSummary[] | undefined;
  loaded: LoadedModelSummary[] | undefined;
  jobs: PullJob[];
  up: Record<Source, boolean>;
}

/** A scrape must answer within Prometheus' timeout (10 s by default) even when an upstream hangs. */
const SOURCE_TIMEOUT_MS = 4_000;

/** The value, or undefined if it failed or took longer than the scrape can wait. */
async function within<T>(promise: Promise<T>): Promise<T | undefined> {
  const done = new AbortController();
  const timeout = sleep(SOURCE_TIMEOUT_MS, undefined, { signal: done.signal }).catch(() => undefined);
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    done.abort();
  }
}

/** Reads every source once, in parallel. Never throws. */
export async function gather(target: Target): Promise<Snapshot> {
  const [deployment, disk, models, loaded] = await Promise.all([
    within(watchedDeployment(target)),
    within(diskUsage(target)),
    within(listModels(target)),
    within(listLoaded(target)),
  ]);
  return {
    disk,
    models,
    loaded,
    jobs: pulls(target).list(),
    up: {
      kubernetes: deployment?.freshness.synced === true,
      ollama: models !== undefined && loaded !== undefined,
      agent: disk?.source === "agent",
    },
  };
}
