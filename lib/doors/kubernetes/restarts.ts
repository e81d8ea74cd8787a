// Restart history per container: every termination the pod watch has seen, kept after the pod forgets it or is replaced.
import "server-only";
import type { PodSummary, Termination } from "./pods";

export interface RestartRecord extends Termination {
  pod: string;
  container: string;
  /** The container's restart count when this termination was seen. */
  restartCount: number;
}

/** A bounded, de-duplicated list of terminations, newest first. */
export class RestartHistory {
  readonly #limit: number;
  readonly #records = new Map<string, RestartRecord>();

  constructor(limit = 50) {
    this.#limit = limit;
  }

  /** Records the current and previous terminations of every container of `pod` (each only once). */
  observe(pod: PodSummary): void {
    for (const c of pod.containers) {
      for (const t of [c.terminated, c.lastTerminated]) {
        // An init container that completed is the normal path, not a restart.
        if (!t || (c.init && t.exitCode === 0)) continue;
        const key = `${pod.uid}/${c.name}/${t.finishedAt ?? t.startedAt ?? c.restartCount}`;
        if (this.#records.has(key)) continue;
        this.#records.set(key, { pod: pod.name, container: c.name, ...t, restartCount: c.restartCount });
      }
    }
    if (this.#records.size > this.#limit) {
      const keep = this.list().slice(0, this.#limit);
      const keys = new Set(keep);
      for (const [k, r] of this.#records) if (!keys.has(r)) this.#records.delete(k);
    }
  }

  /** Newest first (by finishedAt; unknown times last). */
  list(): RestartRecord[] {
    return [...this.#records.values()].sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? ""));
  }
}
