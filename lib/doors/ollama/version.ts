// Ollama's version and how long it took to answer: the "API responsive" signal.
import "server-only";
import type { Target } from "../runtime/config";
import { ollamaWithDeadline } from "./client";
import { ollamaError } from "./errors";

export interface OllamaVersion {
  version: string;
  latencyMs: number;
}

/** How long the health probe waits: well past the 5 s of other calls, so a slow answer is timed, not called unreachable. */
export const VERSION_TIMEOUT_MS = 15_000;

/** GET /api/version, timed. Throws AppError. */
export async function readVersion(target: Target): Promise<OllamaVersion> {
  const started = performance.now();
  try {
    const { version } = await ollamaWithDeadline(target, VERSION_TIMEOUT_MS).version();
    return { version, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    throw ollamaError(err);
  }
}
