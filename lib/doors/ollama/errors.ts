// The one reading of ollama-js failures: `readOllamaFailure` knows every shape the client throws; `ollamaError` turns
// it into an AppError (system "ollama") with Ollama's own error text kept; pulls read it to decide on a retry.
import "server-only";
import { AppError, networkReason } from "../runtime/errors";

/** What an ollama-js failure says. */
export type OllamaFailure =
  /** Ollama (or a proxy in front of it) answered with an HTTP error; `text` is Ollama's `error` field. */
  | { kind: "answer"; status: number; text: string }
  /** Never reached Ollama, or the connection dropped. */
  | { kind: "network"; reason: string }
  /** A streamed answer ended without its final message (Ollama restarting?). */
  | { kind: "stream-cut" }
  /** Ollama cancelled the work itself ("context canceled": it is shutting down). */
  | { kind: "cancelled" }
  | { kind: "other"; message: string };

// ollama-js's words when a stream ends without `done`/`success`; undici's when the body is cut.
const STREAM_CUT = new Set(["Did not receive done or success response in stream.", "terminated"]);

/** Reads anything the ollama client threw (ResponseError, fetch/socket errors, in-stream errors). */
export function readOllamaFailure(err: unknown): OllamaFailure {
  const e = err as { name?: unknown; status_code?: unknown; error?: unknown; message?: unknown };
  if (e.name === "ResponseError" && typeof e.status_code === "number") {
    return { kind: "answer", status: e.status_code, text: typeof e.error === "string" && e.error ? e.error : `HTTP ${e.status_code}` };
  }
  const message = err instanceof Error ? err.message : typeof e.message === "string" ? e.message : String(err);
  const reason = networkReason(err) ?? (message === "fetch failed" ? "fetch failed" : undefined);
  if (reason) return { kind: "network", reason };
  if (STREAM_CUT.has(message)) return { kind: "stream-cut" };
  if (message === "context canceled") return { kind: "cancelled" };
  return { kind: "other", message };
}

/** Converts anything thrown by the ollama client into an AppError. */
export function ollamaError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const f = readOllamaFailure(err);
  switch (f.kind) {
    case "answer":
      if (f.status === 404) return new AppError("not_found", f.text, "ollama", { cause: err });
      if (f.status === 400) return new AppError("invalid", f.text, "ollama", { cause: err });
      if (f.status === 503) return new AppError("unavailable", `Ollama is busy: ${f.text}`, "ollama", { cause: err });
      return new AppError("upstream", `Ollama API error (HTTP ${f.status}): ${f.text}`, "ollama", { cause: err });
    case "network":
      return new AppError("unreachable", `Ollama API unreachable: ${f.reason}`, "ollama", { cause: err });
    case "stream-cut":
      return new AppError("unreachable", "Ollama's answer ended early (Ollama restarting?)", "ollama", { cause: err });
    case "cancelled":
      return new AppError("unavailable", "Ollama cancelled the request (shutting down?)", "ollama", { cause: err });
    case "other":
      return new AppError("upstream", `Ollama API error: ${f.message}`, "ollama", { cause: err });
  }
}
