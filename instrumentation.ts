// Runs once when the server starts (also for the standalone `node server.js`, which never reads next.config.ts).
export function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  return import("./lib/startup").then(async ({ checkStartup }) => {
    checkStartup();
    if (process.env.NEXT_PHASE === "phase-production-build") return;
    // SIGTERM: stop taking work, end the event streams and watches, journal the pulls, flush the audit, exit in < 10 s.
    (await import("./lib/shutdown")).installSignalHandlers();
    // A restarted console picks up the pulls it was running (job journal in the cluster).
    (await import("./lib/pulls")).resumePullsAtStart();
  });
}
