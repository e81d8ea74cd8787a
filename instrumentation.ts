// Runs once when the server starts (also for the standalone `node server.js`, which never reads next.config.ts).
export function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  return import("./lib/startup").then(async ({ checkStartup }) => {
    checkStartup();
    // A restarted console picks up the pulls it was running (job journal in the cluster).
    if (process.env.NEXT_PHASE !== "phase-production-build") (await import("./lib/pulls")).resumePullsAtStart();
  });
}
