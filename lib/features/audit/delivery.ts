// Background delivery of audit records to Kubernetes: a bounded queue, one writer, quiet retries while the API is away.
// Recording must never slow down or fail the action it records, so nothing here is awaited by callers.
// Like the kubelet's event recorder, repeats are folded together: records with the same aggregation key that wait in the
// queue become one batch (one write), and writes are paced, so a flood of failed sign-ins costs a few writes a second
// at most however fast it comes.
import "server-only";
import { AppError } from "../../doors/runtime/errors";
import { log } from "../../doors/runtime/log";
import { aggregationKey, type AuditBatch } from "./aggregate";
import type { AuditRecord } from "../../shared/audit/types";

const MAX_QUEUE = 1000;
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** At most one write per this many milliseconds (5 a second): the bound on what the audit trail costs the API server. */
export const MIN_WRITE_GAP_MS = 200;
/** Records kept per batch (the newest); older ones in a burst survive as the batch's count and in the log. */
export const BATCH_RECORDS = 20;

export interface Delivery {
  /** Queues a record; returns at once. */
  enqueue(record: AuditRecord): void;
  /** Records not yet written. */
  pending(): number;
  /** Resolves once the queue is empty (or the current attempt to empty it ended). */
  flush(): Promise<void>;
}

/** A delivery loop around `write` (which throws AppError on failure). */
export function createDelivery(
  write: (batch: AuditBatch) => Promise<void>,
  backoffMs: readonly number[] = BACKOFF_MS,
  minGapMs = MIN_WRITE_GAP_MS,
): Delivery {
  const queue: AuditBatch[] = [];
  /** The batch being written: records arriving meanwhile start a new batch, so none is lost to a write in flight. */
  let writing: AuditBatch | undefined;
  let running: Promise<void> | undefined;
  let failures = 0;
  let lastWrite = 0;

  const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

  async function drain(): Promise<void> {
    for (let next = queue[0]; next; next = queue[0]) {
      const gap = lastWrite + minGapMs - Date.now();
      if (gap > 0) await wait(gap);
      writing = next;
      try {
        await write(next);
        lastWrite = Date.now();
        queue.shift();
        if (failures) log.info("audit events are reaching Kubernetes again", { pending: queue.length });
        failures = 0;
      } catch (err) {
        lastWrite = Date.now();
        if (err instanceof AppError && err.code === "invalid") {
          // The API server will never accept this one; keep it in the log and move on.
          log.error("audit event rejected by Kubernetes; kept in the log only", { err, audit: next.records.at(-1) });
          queue.shift();
          continue;
        }
        if (!failures) log.warn("audit events not recorded in Kubernetes yet; retrying quietly", { err, pending: queue.length });
        writing = undefined;
        await wait(backoffMs[Math.min(failures, backoffMs.length - 1)] ?? 1_000);
        failures++;
      } finally {
        writing = undefined;
      }
    }
  }

  return {
    enqueue(record) {
      const key = aggregationKey(record);
      const waiting = queue.find((b) => b.key === key && b !== writing);
      if (waiting) {
        waiting.count++;
        waiting.records.push(record);
        if (waiting.records.length > BATCH_RECORDS) waiting.records.shift();
      } else {
        queue.push({ key, count: 1, records: [record] });
        if (queue.length > MAX_QUEUE) {
          const dropped = queue.shift();
          log.warn("audit queue full; oldest entry kept in the log only", { dropped: dropped?.records.at(-1)?.id });
        }
      }
      if (running) return;
      running = drain().finally(() => {
        running = undefined;
      });
    },
    pending: () => queue.reduce((n, b) => n + b.count, 0),
    flush: () => running ?? Promise.resolve(),
  };
}
