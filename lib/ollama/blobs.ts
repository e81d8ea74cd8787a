// Which blobs Ollama already has (HEAD /api/blobs/:digest): the client library has no method for it.
import "server-only";
import type { Target } from "../config";
import { AppError } from "../errors";
import { ollamaError } from "./errors";

const TIMEOUT_MS = 5_000;
const PARALLEL = 6;

async function hasBlob(target: Pick<Target, "ollamaUrl">, digest: string): Promise<boolean> {
  let res: Response;
  try {
    res = await fetch(`${target.ollamaUrl}/api/blobs/${encodeURIComponent(digest)}`, { method: "HEAD", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw ollamaError(err);
  }
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw new AppError("upstream", `Ollama answered HTTP ${res.status} when asked for blob ${digest.slice(0, 19)}…`, "ollama");
}

/** The subset of `digests` present (complete) in Ollama's blob store. Throws AppError. */
export async function presentBlobs(target: Pick<Target, "ollamaUrl">, digests: readonly string[]): Promise<Set<string>> {
  const present = new Set<string>();
  const queue = [...new Set(digests)];
  const worker = async () => {
    for (let digest = queue.shift(); digest !== undefined; digest = queue.shift()) {
      if (await hasBlob(target, digest)) present.add(digest);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  return present;
}
