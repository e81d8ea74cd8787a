// Ollama's version and how long it took to answer: the "API responsive" signal.
import "server-only";
import type { Target } from "../config";
import { ollama } from "./client";
import { ollamaError } from "./errors";

export interface OllamaVersion {
  version: string;
  latencyMs: number;
}

/** GET /api/version, timed. Throws AppError. */
export async function readVersion(target: Target): Promise<OllamaVersion> {
  const started = performance.now();
  try {
    const { version } = await ollama(target).version();
    return { version, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    throw ollamaError(err);
  }
}
