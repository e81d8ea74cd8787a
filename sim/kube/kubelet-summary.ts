// The kubelet's Summary API (k8s.io/kubelet/pkg/apis/stats/v1alpha1, api-facts B1), which kube-apiserver's node proxy
// reaches at `/api/v1/nodes/<node>/proxy/stats/summary`: the node's own figures and, per running Pod on the node, its
// containers and volumes. A claim's volume reports its filesystem (`pvcRef` naming the claim); the simulator's model
// cache (sim/world.ts) gives the figures of the claim it is on, any other claim reports its capacity and nothing used.
// Byte and inode counts are numbers; every FsStats carries its `time`. The real tier cannot check it: its KWOK nodes
// have no kubelet for kube-apiserver to dial.
import type { FsStats } from "../../agent/wire.ts";
import { getArray, getPath, getString, isRecord } from "./json.ts";
import { parseQuantity } from "./quantity.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject } from "./types.ts";

/** The figures of the filesystem a claim is on, when something knows them. */
export type ClaimStats = (namespace: string, claim: string) => FsStats | undefined;

const GiB = 1024 ** 3;

function fs(time: string, f: FsStats): Record<string, unknown> {
  return { time, availableBytes: f.availableBytes, capacityBytes: f.capacityBytes, usedBytes: f.usedBytes, inodesFree: f.inodesFree, inodes: f.inodes, inodesUsed: f.inodesUsed };
}

/** A filesystem of `capacity` bytes with `used` of them taken, and inodes in proportion. */
function figures(capacity: number, used: number): FsStats {
  const inodes = Math.max(1024, Math.floor(capacity / 16_384));
  const inodesUsed = Math.min(inodes, Math.ceil(used / 65_536) + 11);
  return { capacityBytes: capacity, usedBytes: used, availableBytes: Math.max(0, capacity - used), inodes, inodesFree: inodes - inodesUsed, inodesUsed };
}

const cpu = (time: string, cores: number) => ({ time, usageNanoCores: Math.round(cores * 1e9), usageCoreNanoSeconds: Math.round(cores * 3.6e12) });
const memory = (time: string, bytes: number) => ({ time, usageBytes: bytes, workingSetBytes: bytes, rssBytes: Math.round(bytes * 0.8), pageFaults: 0, majorPageFaults: 0 });

/** One volume of a Pod, as the kubelet reports it. */
function volumeStats(store: ObjectStore, pod: KubeObject, volume: unknown, time: string, claimStats: ClaimStats): Record<string, unknown> | undefined {
  const name = getString(volume, "name");
  if (!name) return undefined;
  const namespace = pod.metadata.namespace ?? "";
  const claim = getString(volume, "persistentVolumeClaim.claimName");
  if (!claim) return { ...fs(time, figures(64 * 1024 ** 2, 12_288)), name };
  const pvc = store.get("PersistentVolumeClaim", namespace, claim);
  const capacity = parseQuantity(getPath(pvc, "status.capacity.storage")) ?? 0;
  const known = claimStats(namespace, claim) ?? figures(capacity, 0);
  return { ...fs(time, known), name, pvcRef: { name: claim, namespace } };
}

/** The Summary of `node` now; `onlyCpuAndMemory` (the `only_cpu_and_memory=true` query) leaves filesystems out. */
export function statsSummary(store: ObjectStore, node: KubeObject, claimStats: ClaimStats, onlyCpuAndMemory: boolean): Record<string, unknown> {
  const time = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const nodeName = node.metadata.name;
  const storage = parseQuantity(getPath(node, "status.capacity.ephemeral-storage")) ?? 200 * GiB;
  const pods = store.list("Pod").filter((p) => getString(p, "spec.nodeName") === nodeName && getString(p, "status.phase") === "Running");
  const nodeFs = figures(storage, Math.round(storage * 0.31));
  return {
    node: {
      nodeName,
      startTime: node.metadata.creationTimestamp,
      cpu: cpu(time, 0.25 + 0.1 * pods.length),
      memory: memory(time, 2 * GiB + pods.length * 512 * 1024 ** 2),
      ...(onlyCpuAndMemory ? {} : { fs: fs(time, nodeFs), runtime: { imageFs: fs(time, nodeFs) } }),
    },
    pods: pods.map((pod) => {
      const startTime = getString(pod, "status.startTime") ?? pod.metadata.creationTimestamp;
      const containers = getArray(pod, "spec.containers").filter(isRecord);
      const volumes = onlyCpuAndMemory ? [] : getArray(pod, "spec.volumes").map((v) => volumeStats(store, pod, v, time, claimStats)).filter((v) => v !== undefined);
      return {
        podRef: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
        startTime,
        containers: containers.map((c) => ({ name: c.name, startTime, cpu: cpu(time, 0.05), memory: memory(time, 256 * 1024 ** 2) })),
        cpu: cpu(time, 0.05 * containers.length),
        memory: memory(time, containers.length * 256 * 1024 ** 2),
        ...(onlyCpuAndMemory ? {} : { volume: volumes, "ephemeral-storage": fs(time, figures(storage, 65_536)) }),
        process_stats: { process_count: containers.length },
      };
    }),
  };
}
