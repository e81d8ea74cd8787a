// Reads a real Ollama models directory (read-only) and its filesystem numbers, and builds the agent report.
import { readdir, readFile, stat, statfs } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { buildReport, type AgentReport, type BlobFile, type FsStats, type ManifestFile, type ModelsListing } from "./report.ts";

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === "ENOENT";
}

async function readManifests(root: string): Promise<ManifestFile[]> {
  const dir = join(root, "manifests");
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const files = await Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e): Promise<ManifestFile | undefined> => {
        const full = join(e.parentPath, e.name);
        const path = relative(dir, full).split(sep).join("/");
        try {
          return { path, text: await readFile(full, "utf8") };
        } catch (err) {
          // Deleted between readdir and read (a concurrent `ollama rm`): not part of this snapshot.
          if (isNotFound(err)) return undefined;
          throw err;
        }
      }),
  );
  return files.filter((f) => f !== undefined);
}

async function readBlobs(root: string): Promise<BlobFile[]> {
  const dir = join(root, "blobs");
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const files = await Promise.all(
    names.map(async (name): Promise<BlobFile | undefined> => {
      try {
        const st = await stat(join(dir, name));
        // st.blocks counts 512-byte units whatever the filesystem block size: the real cost of a sparse file.
        return st.isFile() ? { name, size: st.size, allocated: st.blocks * 512, modifiedAt: st.mtime } : undefined;
      } catch (err) {
        // A partial file renamed to its final name mid-scan: the next scan sees it.
        if (isNotFound(err)) return undefined;
        throw err;
      }
    }),
  );
  return files.filter((f) => f !== undefined);
}

/** Lists manifests (with their text) and blob files (with apparent and allocated sizes) under an Ollama models dir. */
export async function listModelsDir(root: string): Promise<ModelsListing> {
  const [manifests, blobs] = await Promise.all([readManifests(root), readBlobs(root)]);
  return { manifests, blobs };
}

/** Capacity, usage and inodes of the filesystem holding `path` (statfs). */
export async function readFsStats(path: string): Promise<FsStats> {
  const s = await statfs(path);
  return {
    capacityBytes: s.blocks * s.bsize,
    usedBytes: (s.blocks - s.bfree) * s.bsize,
    availableBytes: s.bavail * s.bsize,
    inodes: s.files,
    inodesFree: s.ffree,
    inodesUsed: s.files - s.ffree,
  };
}

/** Scans `root` and returns the full agent report; never writes anything. */
export async function scanModels(root: string): Promise<AgentReport> {
  const [fs, listing] = await Promise.all([readFsStats(root), listModelsDir(root)]);
  return buildReport({ path: root, time: new Date(), fs, listing });
}
