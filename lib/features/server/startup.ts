// Start-up checks: a bad setting stops the server with one line naming the variable.
import "server-only";
import { prepareAuth } from "../auth/startup";
import { ConfigError, loadConfig } from "../../doors/runtime/config/load.ts";

/** Validates the configuration and the sign-in rules; on failure prints one line and exits non-zero. */
export function checkStartup(): void {
  try {
    const config = loadConfig(process.env);
    // `next build` prerenders through the same hook; only a serving process needs a secret and a way to sign in.
    if (process.env.NEXT_PHASE !== "phase-production-build") prepareAuth(config.auth);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
