// Ollama data the Overview keeps through an outage: the last loaded list read, with when, so a blip does not blank it;
// and the kind of a failure in words an operator can act on.
import "server-only";
import { registerMap } from "../../doors/runtime/caches";
import type { LoadedModelSummary } from "../../doors/ollama/cache";

/** The kinds of failure the strip names; undefined when the message says none of them. */
export type FailureKind = "connection refused" | "DNS" | "timeout" | "TLS" | "HTTP error";

/** Reads the kind from an AppError message of the Ollama door ("Ollama API unreachable: connection refused"). */
export function failureKind(message: string): FailureKind | undefined {
  const m = message.toLowerCase();
  if (m.includes("connection refused")) return "connection refused";
  if (m.includes("dns") || m.includes("host not found")) return "DNS";
  if (m.includes("timed out") || m.includes("timeout")) return "timeout";
  if (m.includes("tls") || m.includes("certificate") || m.includes("ssl")) return "TLS";
  if (/http \d{3}/.test(m)) return "HTTP error";
  return undefined;
}

interface Known {
  models: LoadedModelSummary[];
  at: string;
}

const lastLoaded = registerMap("last loaded models read", new Map<string, Known>());

/** Remembers a successful read of the loaded list for `url`. */
export function rememberLoaded(url: string, models: LoadedModelSummary[], at = new Date().toISOString()): void {
  lastLoaded.set(url, { models, at });
}

/** The last successful read for `url`, if any. */
export function lastKnownLoaded(url: string): Known | undefined {
  return lastLoaded.get(url);
}
