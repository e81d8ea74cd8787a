// The cache agent's wire contract (apiVersion ollama-ops.dev/cache-agent/v1, agent/README.md "The report"): the one
// definition the agent (agent/), the console's door (lib/doors/agent/index.ts, which validates it with zod) and the simulator
// (sim/, which serves the agent's own code) share. Fields are only ever added within v1. Types only: the agent image
// runs this file with Node's type stripping and no dependencies.

export const API_VERSION = "ollama-ops.dev/cache-agent/v1";
/** GET: the report. */
export const REPORT_PATH = "/v1/report";
/** GET: 200 while the agent runs. */
export const HEALTH_PATH = "/healthz";

export interface FsStats {
  capacityBytes: number;
  usedBytes: number;
  availableBytes: number;
  inodes: number;
  inodesFree: number;
  inodesUsed: number;
}

export interface LayerReport {
  digest: string;
  mediaType: string;
  size: number;
  shared: boolean;
  present: boolean;
}

export interface ModelReport {
  name: string;
  bytes: number;
  uniqueBytes: number;
  sharedBytes: number;
  missingBytes: number;
  layers: LayerReport[];
}

export interface PartialDownload {
  digest: string;
  bytes: number;
  totalBytes?: number;
  /** Newest mtime of the download's files (ISO 8601): Ollama's start-up prune keeps partials younger than 1 h. */
  modifiedAt?: string;
}

export interface Inventory {
  models: ModelReport[];
  referencedBytes: number;
  sharedBytes: number;
  partial: { bytes: number; files: number; downloads: PartialDownload[] };
  unreferenced: { bytes: number; blobs: { digest: string; bytes: number }[] };
  other: { bytes: number; files: number };
  manifestCount: number;
  blobCount: number;
  errors: { path: string; message: string }[];
}

export interface AgentReport {
  apiVersion: typeof API_VERSION;
  time: string;
  path: string;
  fs: FsStats;
  inventory: Inventory;
}
