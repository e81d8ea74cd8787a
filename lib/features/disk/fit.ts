// Will a pull fit (D3)? Bytes still to download vs free space minus headroom, and which deletions would make room. Pure.
import "server-only";
import type { Headroom } from "../../doors/runtime/config";

/** A blob of a model: a manifest layer or its config. */
export interface Blob {
  digest: string;
  size: number;
}

/** An installed model and the blobs only it references (deleting it frees exactly these). */
export interface Footprint {
  name: string;
  uniqueBlobs: Blob[];
  uniqueBytes: number;
}

export type Verdict = "fits" | "tight" | "does_not_fit";

export interface FitInput {
  /** Every blob of the model to pull (layers + config), from the registry manifest. */
  blobs: Blob[];
  /** Digests already complete on the volume. */
  present: ReadonlySet<string>;
  /** Digest → bytes an interrupted download already wrote (Ollama resumes from them). */
  partial: ReadonlyMap<string, number>;
  capacityBytes: number;
  availableBytes: number;
  headroom: Headroom | undefined;
  /** Installed models, for the "free N GB by deleting …" suggestion. */
  installed: Footprint[];
  /** Display name of the model being pulled: never suggested for deletion. */
  model: string;
}

export interface Suggestion {
  name: string;
  freesBytes: number;
}

export interface FitReport {
  verdict: Verdict;
  totalBytes: number;
  presentBytes: number;
  partialBytes: number;
  /** What still has to come over the network and land on the volume. */
  downloadBytes: number;
  capacityBytes: number;
  availableBytes: number;
  headroomBytes: number;
  /** Free space left once the pull is done (negative: the pull fails with "no space left on device"). */
  freeAfterBytes: number;
  /** Bytes to free so the pull leaves the headroom intact; 0 when it fits. */
  shortfallBytes: number;
  /** Installed models to delete, largest saving first, until the shortfall is covered (or the list ends). */
  suggestions: Suggestion[];
  /** True when deleting every suggested model would cover the shortfall. */
  suggestionsCover: boolean;
}

const GIB = 2 ** 30;

/** The headroom in bytes: the setting, or by default the larger of 10 % of capacity and 5 GiB. */
export function headroomBytes(capacityBytes: number, headroom: Headroom | undefined): number {
  if (!headroom) return Math.max(Math.round(capacityBytes * 0.1), 5 * GIB);
  if ("bytes" in headroom) return headroom.bytes;
  return Math.round((capacityBytes * headroom.percent) / 100);
}

function distinct(blobs: Blob[]): Blob[] {
  const byDigest = new Map<string, Blob>();
  for (const blob of blobs) byDigest.set(blob.digest, blob);
  return [...byDigest.values()];
}

/** Per model, the blobs no other model references: what deleting it would really free. */
export function footprints(models: { name: string; blobs: Blob[] }[]): Footprint[] {
  const references = new Map<string, number>();
  for (const model of models) {
    for (const blob of distinct(model.blobs)) references.set(blob.digest, (references.get(blob.digest) ?? 0) + 1);
  }
  return models.map((model) => {
    const uniqueBlobs = distinct(model.blobs).filter((b) => references.get(b.digest) === 1);
    return { name: model.name, uniqueBlobs, uniqueBytes: uniqueBlobs.reduce((sum, b) => sum + b.size, 0) };
  });
}

function suggest(installed: Footprint[], wanted: ReadonlySet<string>, model: string, shortfall: number): Suggestion[] {
  // A blob the pull needs and finds present would have to be downloaded again if deleted: it frees nothing.
  const candidates = installed
    .filter((f) => f.name.toLowerCase() !== model.toLowerCase())
    .map((f) => ({ name: f.name, freesBytes: f.uniqueBlobs.filter((b) => !wanted.has(b.digest)).reduce((sum, b) => sum + b.size, 0) }))
    .filter((s) => s.freesBytes > 0)
    .sort((a, b) => b.freesBytes - a.freesBytes || a.name.localeCompare(b.name));
  const picked: Suggestion[] = [];
  let freed = 0;
  for (const candidate of candidates) {
    if (freed >= shortfall) break;
    picked.push(candidate);
    freed += candidate.freesBytes;
  }
  return picked;
}

/** Compares the bytes still to download with the free space minus headroom: fits, tight (eats the headroom) or does not fit. */
export function checkFit(input: FitInput): FitReport {
  const blobs = distinct(input.blobs);
  let totalBytes = 0;
  let presentBytes = 0;
  let partialBytes = 0;
  for (const blob of blobs) {
    totalBytes += blob.size;
    if (input.present.has(blob.digest)) presentBytes += blob.size;
    else partialBytes += Math.min(blob.size, Math.max(0, input.partial.get(blob.digest) ?? 0));
  }
  const downloadBytes = totalBytes - presentBytes - partialBytes;
  const headroom = headroomBytes(input.capacityBytes, input.headroom);
  const freeAfterBytes = input.availableBytes - downloadBytes;
  const verdict: Verdict = freeAfterBytes >= headroom ? "fits" : freeAfterBytes >= 0 ? "tight" : "does_not_fit";
  const shortfallBytes = Math.max(0, headroom - freeAfterBytes);
  const wanted = new Set(blobs.map((b) => b.digest));
  const suggestions = shortfallBytes > 0 ? suggest(input.installed, wanted, input.model, shortfallBytes) : [];
  return {
    verdict,
    totalBytes,
    presentBytes,
    partialBytes,
    downloadBytes,
    capacityBytes: input.capacityBytes,
    availableBytes: input.availableBytes,
    headroomBytes: headroom,
    freeAfterBytes,
    shortfallBytes,
    suggestions,
    suggestionsCover: suggestions.reduce((sum, s) => sum + s.freesBytes, 0) >= shortfallBytes,
  };
}
