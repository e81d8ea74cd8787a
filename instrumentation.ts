// Runs once when the server starts (also for the standalone `node server.js`, which never reads next.config.ts).
export function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  return import("./lib/startup").then(({ checkStartup }) => checkStartup());
}
