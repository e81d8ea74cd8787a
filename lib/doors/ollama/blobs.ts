// Which blobs Ollama already has (HEAD /api/blobs/:digest): the client library has no method for it.
import "server-only";
import type { Target } from "../runtime/config";
import { AppError } from "../runtime/errors";
import { mapLimit } from "../runtime/pool";
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
  const unique = [...new Set(digests)];
  const found = await mapLimit(unique, PARALLEL, (digest) => hasBlob(target, digest));
  return new Set(unique.filter((_, i) => found[i]));
}
