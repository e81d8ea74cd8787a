// Graceful stop on SIGTERM (a rollout, a node drain): refuse new work, end the long-lived streams, stop the watches, hand
// pull jobs back to the journal, flush the audit, then let Next close the server. Hard deadline: the pod's grace period.
import "server-only";
import { log } from "./log";
import { processWide } from "./process-wide";

/** Exit no later than this after SIGTERM, whatever is still running (Kubernetes' default grace period is 30 s). */
export const EXIT_DEADLINE_MS = 9_000;
/** Time the shutdown hooks get before Next's own close runs regardless. */
const HOOKS_BUDGET_MS = 6_000;

type Hook = () => void | Promise<void>;

interface Lifecycle {
  /** Aborted when the process starts shutting down; streams listen to it. */
  stopping: AbortController;
  hooks: Map<string, Hook>;
  installed: boolean;
}

const state = processWide<Lifecycle>("lifecycle", () => ({ stopping: new AbortController(), hooks: new Map(), installed: false }));

/** Aborts when the process begins to shut down. */
export function shutdownSignal(): AbortSignal {
  return state.stopping.signal;
}

/** Whether the process is shutting down (new work is refused). */
export function isShuttingDown(): boolean {
  return state.stopping.signal.aborted;
}

/** Runs `hook` at shutdown. Keyed: every copy of a module registers under the same name, so it runs once. */
export function onShutdown(name: string, hook: Hook): void {
  state.hooks.set(name, hook);
}

/** Starts the shutdown: aborts the signal, runs every hook (each failure logged), resolves when all ended or the budget ran out. */
export async function shutdown(budgetMs = HOOKS_BUDGET_MS): Promise<void> {
  if (!state.stopping.signal.aborted) state.stopping.abort(new Error("shutting down"));
  const runs = [...state.hooks].map(async ([name, hook]) => {
    try {
      await hook();
    } catch (err) {
      log.warn("shutdown step failed", { step: name, err });
    }
  });
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)));
  await Promise.race([Promise.all(runs), budget]);
  clearTimeout(timer);
}

/**
 * Puts our shutdown in front of the SIGTERM/SIGINT handlers already installed (Next's, which closes the HTTP server and
 * exits): they run once our steps are done, so open event streams no longer hold the server open. Idempotent.
 */
export function installSignalHandlers(): void {
  if (state.installed) return;
  state.installed = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const next = process.listeners(signal);
    process.removeAllListeners(signal);
    let started = false;
    process.on(signal, () => {
      if (started) return;
      started = true;
      log.info("shutting down", { signal });
      setTimeout(() => {
        log.warn("shutdown took too long; exiting", { deadlineMs: EXIT_DEADLINE_MS });
        process.exit(signal === "SIGTERM" ? 143 : 130);
      }, EXIT_DEADLINE_MS).unref();
      void shutdown().finally(() => {
        if (next.length === 0) process.exit(0);
        for (const listener of next) listener(signal);
      });
    });
  }
}
