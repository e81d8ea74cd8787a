// Turns pull jobs' progress, seen at each scrape, into a monotonic byte counter (Prometheus' rate() then gives download speed).
import "server-only";

/** Remembers each job's completed bytes between scrapes; `advance` returns the bytes completed since the last call. */
export class PullBytes {
  #seen = new Map<string, number>();

  /** Bytes completed since the previous call, over the jobs the manager still lists. */
  advance(jobs: readonly { id: string; completedBytes: number }[]): number {
    let delta = 0;
    const next = new Map<string, number>();
    for (const job of jobs) {
      // A retry restarts a job's progress; bytes downloaded again are counted again.
      delta += Math.max(0, job.completedBytes - (this.#seen.get(job.id) ?? 0));
      next.set(job.id, job.completedBytes);
    }
    this.#seen = next;
    return delta;
  }
}
