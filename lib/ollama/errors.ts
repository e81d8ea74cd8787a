// Maps ollama-js failures to AppError (system "ollama") with Ollama's own error text kept.
import { AppError, networkReason } from "../errors";

/** Converts anything thrown by the ollama client into an AppError. */
export function ollamaError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { name?: unknown; status_code?: unknown; error?: unknown; message?: unknown };
  if (e.name === "ResponseError" && typeof e.status_code === "number") {
    const text = typeof e.error === "string" && e.error ? e.error : `HTTP ${e.status_code}`;
    if (e.status_code === 404) return new AppError("not_found", text, "ollama", { cause: err });
    if (e.status_code === 400) return new AppError("invalid", text, "ollama", { cause: err });
    if (e.status_code === 503) return new AppError("unavailable", `Ollama is busy: ${text}`, "ollama", { cause: err });
    return new AppError("upstream", `Ollama API error (HTTP ${e.status_code}): ${text}`, "ollama", { cause: err });
  }
  const reason = networkReason(err);
  if (reason) return new AppError("unreachable", `Ollama API unreachable: ${reason}`, "ollama", { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  if (message === "fetch failed") return new AppError("unreachable", "Ollama API unreachable: fetch failed", "ollama", { cause: err });
  return new AppError("upstream", `Ollama API error: ${message}`, "ollama", { cause: err });
}
