// What each key scope may call, and the canonical form of a forwarded path (Traefik's X-Forwarded-Uri) it is checked on.

import { SCOPES } from "../contracts/enums";

export { SCOPES };
export type Scope = (typeof SCOPES)[number];

/** Generation and embeddings: what a client application needs (POST, as Ollama serves them). */
const INFERENCE = new Set(["/api/chat", "/api/generate", "/api/embed", "/api/embeddings", "/v1/chat/completions", "/v1/completions", "/v1/embeddings"]);
/** Reading what is installed and running; nothing here changes Ollama. */
const READ_GET = new Set(["/api/tags", "/api/version", "/api/ps", "/v1/models"]);
const READ_POST = new Set(["/api/show"]);

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/** Encoded `.`, `/`, `\` and `%`: after decoding by a later hop they could change which path is reached. */
const ENCODED_SEPARATOR = /%(2e|2f|5c|25)/i;

/**
 * The path of a forwarded URI, or why it is refused: the query string is dropped (it never changes the path); encoded
 * dots/slashes/backslashes, `//`, `.`/`..` segments, control characters and bad escapes are refused outright rather than
 * "cleaned", so the path checked is the one every later hop sees.
 */
export function canonicalPath(uri: string): PathCheck {
  const raw = uri.split(/[?#]/, 1)[0] ?? "";
  if (!raw.startsWith("/")) return { ok: false, reason: "path-not-absolute" };
  if (ENCODED_SEPARATOR.test(raw)) return { ok: false, reason: "path-encoded-separator" };
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return { ok: false, reason: "path-bad-escape" };
  }
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return { ok: false, reason: "path-bad-character" };
  if (path.includes("//")) return { ok: false, reason: "path-double-slash" };
  if (path.split("/").some((s) => s === "." || s === "..")) return { ok: false, reason: "path-traversal" };
  return { ok: true, path };
}

/** Whether `scope` allows `method` on the canonical `path`. HEAD counts as GET. */
export function scopeAllows(scope: Scope, method: string, path: string): boolean {
  if (scope === "admin") return true;
  const m = method.toUpperCase();
  if (m === "POST" && INFERENCE.has(path)) return true;
  if (scope !== "inference+read") return false;
  if (m === "GET" || m === "HEAD") return READ_GET.has(path) || path.startsWith("/v1/models/");
  return m === "POST" && READ_POST.has(path);
}

/** One line per scope for the UI and README. */
export const SCOPE_HELP: Record<Scope, string> = {
  inference: "POST chat, generate, embed and the OpenAI-compatible /v1 inference paths",
  "inference+read": "inference, plus reading models and versions (tags, ps, show, version, /v1/models)",
  admin: "every path Traefik routes to Ollama, management included (pull, delete, create, copy, push)",
};
