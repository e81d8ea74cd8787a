// Cache-volume usage from the first source that works: cache agent, Prometheus, kubelet summary (opt-in), estimate.
import "server-only";
import type { Inventory } from "../../../agent/wire";
import { watched, watchedDeployment, watchedPods } from "../../doors/kubernetes/cache";
import { cacheClaimName } from "../../doors/kubernetes/deployment";
import { refresher } from "../../doors/runtime/coalesce";
import { registerCache } from "../../doors/runtime/caches";
import { config, type Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { listModels } from "../../doors/ollama/cache";
import { readAgentReport } from "../../doors/agent";
import { kubeletVolumeStats } from "./kubelet";
import { capacityMismatch, diskLevel, usedRatio, type DiskLevel } from "./level";
import { promVolumeStats, type VolumeStats } from "../../doors/prometheus";

/** The cache agent's `inventory` (agent/README.md). */
export type AgentInventory = Inventory;

export interface DiskUsage {
  source: "agent" | "prometheus" | "kubelet" | "estimate";
  /** Where the numbers come from and, for a fallback, why the better sources were not used. */
  sourceNote: string;
  pvcName: string | undefined;
  capacityBytes: number;
  usedBytes: number;
  availableBytes: number;
  usedRatio: number;
  level: DiskLevel;
  time: string;
  inventory: AgentInventory | undefined;
  /** The PVC's status.capacity.storage, to hold the measurement against. */
  pvcCapacityBytes: number | undefined;
  /** The path the cache agent runs statfs on (agent source only). */
  measuredPath: string | undefined;
  /** Set when the measured filesystem's size differs from the PVC's by more than a few percent. */
  capacityWarning: string | undefined;
}

/** While someone reads, the server measures this often (the agent rescans at most every 5 s anyway); callers get the latest. */
const DISK_REFRESH_MS = 5_000;
const usage = registerCache("disk usage", refresher<DiskUsage>(DISK_REFRESH_MS));

interface Volume {
  pvcName: string | undefined;
  /** PVC status.capacity.storage. */
  capacityBytes: number | undefined;
  /** Node of a running pod that mounts the PVC (for the kubelet summary). */
  node: string | undefined;
}

/** The model cache's PVC: CACHE_PVC, or discovered from the Deployment's volumes (undefined if neither works). */
export function cachePvcName(target: Target): Promise<string | undefined> {
  return watchedDeployment(target).then(
    ({ deployment }) => cacheClaimName(deployment, target.cachePvc),
    () => target.cachePvc,
  );
}

/** What the cluster cache knows about the cache volume; whatever cannot be read stays undefined. */
async function volumeOf(target: Target): Promise<Volume> {
  const pvcName = await cachePvcName(target);
  if (!pvcName) return { pvcName, capacityBytes: undefined, node: undefined };
  const [pvcs, pods] = await Promise.all([watched(target, "pvcs").catch(() => undefined), watchedPods(target).catch(() => undefined)]);
  return {
    pvcName,
    capacityBytes: pvcs?.items.find((p) => p.name === pvcName)?.capacityBytes,
    node: pods?.items.find((p) => p.phase === "Running" && p.nodeName && p.claims.some((c) => c.claimName === pvcName))?.nodeName,
  };
}

function result(source: DiskUsage["source"], sourceNote: string, volume: Volume, stats: VolumeStats, inventory?: AgentInventory, measuredPath?: string): DiskUsage {
  const ratio = usedRatio(stats.usedBytes, stats.availableBytes, stats.capacityBytes);
  return {
    pvcCapacityBytes: volume.capacityBytes,
    measuredPath,
    // The estimate takes the PVC's capacity itself: nothing to compare.
    capacityWarning: source === "estimate" ? undefined : capacityMismatch({ source, measuredBytes: stats.capacityBytes, pvcBytes: volume.capacityBytes, pvcName: volume.pvcName, path: measuredPath }),
    source,
    sourceNote,
    pvcName: volume.pvcName,
    ...stats,
    usedRatio: ratio,
    level: diskLevel(ratio, config().disk),
    inventory,
  };
}

const why = (notes: string[]) => (notes.length ? ` (${notes.join("; ")})` : "");
const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function measure(target: Target): Promise<DiskUsage> {
  const cfg = config();
  const volume = await volumeOf(target);
  const notes: string[] = [];
  try {
    const r = await readAgentReport(target.agentUrl);
    const { capacityBytes, usedBytes, availableBytes } = r.fs;
    return result("agent", `cache agent: statfs of ${r.path}`, volume, { capacityBytes, usedBytes, availableBytes, time: r.time }, r.inventory, r.path);
  } catch (err) {
    notes.push(reason(err));
  }
  if (!cfg.prometheusUrl) notes.push("Prometheus not configured (PROMETHEUS_URL)");
  else if (!volume.pvcName) notes.push("Prometheus: the cache PVC is unknown");
  else {
    try {
      const stats = await promVolumeStats(cfg.prometheusUrl, target.namespace, volume.pvcName);
      return result("prometheus", `Prometheus kubelet_volume_stats for ${volume.pvcName}${why(notes)}`, volume, stats);
    } catch (err) {
      notes.push(reason(err));
    }
  }
  if (cfg.kubeletSummary && volume.pvcName && volume.node) {
    try {
      const stats = await kubeletVolumeStats(target, volume.node, volume.pvcName);
      return result("kubelet", `kubelet summary of node ${volume.node}${why(notes)}`, volume, stats);
    } catch (err) {
      notes.push(reason(err));
    }
  }
  if (volume.capacityBytes === undefined) {
    throw new AppError("unavailable", `Disk usage unknown: ${[...notes, "the cache PVC's capacity is unknown, so no estimate"].join("; ")}`, "console");
  }
  let models;
  try {
    models = await listModels(target);
  } catch (err) {
    throw new AppError("unavailable", `Disk usage unknown: ${[...notes, `no estimate either: ${reason(err)}`].join("; ")}`, "console", { cause: err });
  }
  const used = models.reduce((n, m) => n + m.size, 0);
  const stats = { capacityBytes: volume.capacityBytes, usedBytes: used, availableBytes: Math.max(0, volume.capacityBytes - used), time: new Date().toISOString() };
  const note = `estimate: ${models.length} model sizes vs the PVC's capacity; shared layers, partial downloads and other files are not seen${why(notes)}`;
  return result("estimate", note, volume, stats);
}

/** How full the model cache is, from the best available source. Served from a shared, self-refreshing cache: cheap to call. Throws AppError when no source works. */
export function diskUsage(target: Target): Promise<DiskUsage> {
  return usage.get(`${target.context ?? ""}|${target.namespace}|${target.deployment}`, () => measure(target));
}
