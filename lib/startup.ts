// Start-up checks: a bad setting stops the server with one line naming the variable.
import { ConfigError, loadConfig } from "./config/load.ts";

/** Validates the configuration; on failure prints one line and exits non-zero. */
export function checkStartup(): void {
  try {
    loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
