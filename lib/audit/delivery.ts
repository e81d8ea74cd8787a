// Background delivery of audit records to Kubernetes: a bounded queue, one writer, quiet retries while the API is away.
// Recording must never slow down or fail the action it records, so nothing here is awaited by callers.
import "server-only";
import { AppError } from "../errors";
import { log } from "../log";
import type { AuditRecord } from "./types";

const MAX_QUEUE = 1000;
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export interface Delivery {
  /** Queues a record; returns at once. */
  enqueue(record: AuditRecord): void;
  /** Records not yet written. */
  pending(): number;
  /** Resolves once the queue is empty (or the current attempt to empty it ended). */
  flush(): Promise<void>;
}

/** A delivery loop around `write` (which throws AppError on failure). */
export function createDelivery(write: (record: AuditRecord) => Promise<void>, backoffMs: readonly number[] = BACKOFF_MS): Delivery {
  const queue: AuditRecord[] = [];
  let running: Promise<void> | undefined;
  let failures = 0;

  const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

  async function drain(): Promise<void> {
    for (let next = queue[0]; next; next = queue[0]) {
      try {
        await write(next);
        queue.shift();
        if (failures) log.info("audit events are reaching Kubernetes again", { pending: queue.length });
        failures = 0;
      } catch (err) {
        if (err instanceof AppError && err.code === "invalid") {
          // The API server will never accept this one; keep it in the log and move on.
          log.error("audit event rejected by Kubernetes; kept in the log only", { err, audit: next });
          queue.shift();
          continue;
        }
        if (!failures) log.warn("audit events not recorded in Kubernetes yet; retrying quietly", { err, pending: queue.length });
        await wait(backoffMs[Math.min(failures, backoffMs.length - 1)] ?? 1_000);
        failures++;
      }
    }
  }

  return {
    enqueue(record) {
      queue.push(record);
      if (queue.length > MAX_QUEUE) {
        const dropped = queue.shift();
        log.warn("audit queue full; oldest entry kept in the log only", { dropped: dropped?.id });
      }
      if (running) return;
      running = drain().finally(() => {
        running = undefined;
      });
    },
    pending: () => queue.length,
    flush: () => running ?? Promise.resolve(),
  };
}
