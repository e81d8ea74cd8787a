// Runs once when the server starts (also for the standalone `node server.js`, which never reads next.config.ts).
export function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  return import("./lib/features/server/startup").then(async ({ checkStartup }) => {
    checkStartup();
    if (process.env.NEXT_PHASE === "phase-production-build") return;
    // SIGTERM: stop taking work, end the event streams and watches, journal the pulls, flush the audit, exit in < 10 s.
    const { installSignalHandlers, onShutdown } = await import("./lib/doors/runtime/shutdown");
    installSignalHandlers();
    // Issue 19: only the replica holding the Lease runs background work (whileLeader in lib/doors/kubernetes/leader.ts); on SIGTERM
    // it stops that work, then releases the Lease so another replica takes over at once.
    const { config } = await import("./lib/doors/runtime/config");
    const { startLeaderElection } = await import("./lib/doors/kubernetes/leader");
    const { target, leader } = config();
    onShutdown("leader", startLeaderElection(target, leader.mode, leader.lease));
    // A restarted console picks up the pulls it was running (job journal in the cluster). leader-only (issue 19): the
    // manager follows the journal until this replica leads.
    (await import("./lib/features/pulls")).resumePullsAtStart();
    // Models as desired state (issue 14): scheduled update checks, pinned models kept loaded, RECONCILE=auto. Only the
    // leader runs them (one load of a pin, one reconcile per cluster); each gets a signal that aborts when leadership
    // ends or the process stops (SIGTERM stops leader work before the Lease is released).
    const { whileLeader } = await import("./lib/doors/kubernetes/leader");
    const { startUpdateChecks } = await import("./lib/features/models/updates");
    const { startPins } = await import("./lib/features/models/pins");
    const { startAutoReconcile } = await import("./lib/features/models/reconcile");
    whileLeader("update-checks", (signal) => startUpdateChecks(signal));
    whileLeader("pins", (signal) => startPins(signal));
    whileLeader("auto-reconcile", (signal) => startAutoReconcile(signal));
    // Container terminations recorded as Events, so every replica (and a later one) lists the same restart history.
    const { startRestartEvents } = await import("./lib/features/overview/restart-log");
    whileLeader("restart-events", (signal) => startRestartEvents(signal));
    // Disk usage samples for the usage-over-time chart (when PROMETHEUS_URL is unset), shared through a ConfigMap.
    const { startDiskSamples } = await import("./lib/features/disk/samples");
    whileLeader("disk-samples", (signal) => startDiskSamples(signal));
  });
}
