// Process-wide settings, validated once on first use.
import "server-only";
import { loadConfig, type Config } from "./load.ts";

export { loadConfig, ConfigError, type Config, type Headroom, type Target } from "./load.ts";

let cached: Config | undefined;

/** The validated settings of this process (read from process.env once). */
export function config(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
