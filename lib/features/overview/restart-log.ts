// The leader records every container termination its pod watch sees as an Event (lib/doors/kubernetes/restart-events.ts),
// so the restart history outlives the pod that held it and every replica lists the same one. Leader-only (issue 19).
import "server-only";
import { onRestart, restartHistory, watchedPods } from "../../doors/kubernetes/cache";
import { listRestartEvents, writeRestartEvent } from "../../doors/kubernetes/restart-events";
import { restartKey, type RestartRecord } from "../../doors/kubernetes/restarts";
import { config, type Target } from "../../doors/runtime/config";
import { log } from "../../doors/runtime/log";

/** At most one Event write per second: a crash loop restarts every 10 s to 5 min, so this never falls behind for long. */
const WRITE_GAP_MS = 1_000;
/** Terminations waiting to be written; beyond this the oldest are dropped (they stay in every watching replica's memory). */
const QUEUE_MAX = 50;

/** Records terminations as Events until `signal` aborts: the ones seen from now on, and the ones not yet recorded. */
export function startRestartEvents(signal: AbortSignal, target: Target = config().target): void {
  const done = new Set<string>();
  const queue: RestartRecord[] = [];
  let draining = false;

  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      for (let r = queue.shift(); r && !signal.aborted; r = queue.shift()) {
        try {
          await writeRestartEvent(target, r);
          done.add(restartKey(r));
        } catch (err) {
          log.warn("restart history: a termination was not recorded as an Event", { pod: r.pod, container: r.container, error: err instanceof Error ? err.message : String(err) });
        }
        await new Promise((resolve) => setTimeout(resolve, WRITE_GAP_MS).unref());
      }
    } finally {
      draining = false;
    }
  };
  const record = (r: RestartRecord) => {
    if (signal.aborted || done.has(restartKey(r)) || queue.some((q) => restartKey(q) === restartKey(r))) return;
    queue.push(r);
    if (queue.length > QUEUE_MAX) queue.shift();
    void drain();
  };

  const off = onRestart(target, record);
  signal.addEventListener("abort", off, { once: true });
  // What the watch saw before this replica led (or while nobody led), less what is recorded already.
  void Promise.all([watchedPods(target), listRestartEvents(target)]).then(
    ([, recorded]) => {
      for (const r of recorded) done.add(restartKey(r));
      for (const r of restartHistory(target).reverse()) record(r);
    },
    (err: unknown) => log.debug("restart history: catching up skipped", { error: err instanceof Error ? err.message : String(err) }),
  );
}
