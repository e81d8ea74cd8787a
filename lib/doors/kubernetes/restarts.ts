// Restart history per container: every termination the pod watch has seen, kept after the pod forgets it or is replaced,
// merged with the terminations recorded as Events (restart-events.ts), so every replica lists the same history.
import "server-only";
import type { PodSummary, Termination } from "./pods";

export interface RestartRecord extends Termination {
  pod: string;
  container: string;
  /** The container's restart count when this termination was seen. */
  restartCount: number;
}

/** What makes two sightings of a termination the same one, on any replica (pod names, not uids: Events carry names). */
export function restartKey(r: Pick<RestartRecord, "pod" | "container" | "finishedAt" | "startedAt" | "restartCount">): string {
  return `${r.pod}/${r.container}/${r.finishedAt ?? r.startedAt ?? r.restartCount}`;
}

/**
 * A bounded, de-duplicated list of terminations, newest first: the ones the pod watch sees, plus the ones recorded as
 * Events (adopt), which is how a replica that started after a pod was replaced still knows its terminations.
 */
export class RestartHistory {
  readonly #limit: number;
  readonly #records = new Map<string, RestartRecord>();
  readonly #listeners = new Set<(r: RestartRecord) => void>();

  constructor(limit = 50) {
    this.#limit = limit;
  }

  /** Records the current and previous terminations of every container of `pod` (each only once). */
  observe(pod: PodSummary): void {
    for (const c of pod.containers) {
      for (const t of [c.terminated, c.lastTerminated]) {
        // An init container that completed is the normal path, not a restart.
        if (!t || (c.init && t.exitCode === 0)) continue;
        const record = { pod: pod.name, container: c.name, ...t, restartCount: c.restartCount };
        if (this.#add(record)) for (const l of this.#listeners) l(record);
      }
    }
    this.#trim();
  }

  /** Takes in terminations recorded elsewhere (the Events a leader wrote); ones already known are left as they are. */
  adopt(records: readonly RestartRecord[]): void {
    for (const r of records) this.#add(r);
    this.#trim();
  }

  /** Calls `listener` for every termination the watch sees from now on; returns the unsubscribe. */
  onNew(listener: (r: RestartRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Newest first (by finishedAt; unknown times last). */
  list(): RestartRecord[] {
    return [...this.#records.values()].sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? ""));
  }

  #add(record: RestartRecord): boolean {
    const key = restartKey(record);
    if (this.#records.has(key)) return false;
    this.#records.set(key, record);
    return true;
  }

  #trim(): void {
    if (this.#records.size <= this.#limit) return;
    const keep = new Set(this.list().slice(0, this.#limit));
    for (const [k, r] of this.#records) if (!keep.has(r)) this.#records.delete(k);
  }
}
