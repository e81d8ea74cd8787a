// The Ollama door: the official `ollama` client, one instance per Ollama URL, built lazily.
import "server-only";
import { Ollama } from "ollama";
import type { Target } from "../runtime/config";
import { streamFetch } from "./stream-fetch";

const REQUEST_TIMEOUT_MS = 5_000;
const byUrl = new Map<string, Ollama>();

/** fetch with a deadline, so a hung Ollama reads as "timed out" instead of hanging a page. */
const fetchWithTimeout: typeof fetch = (input, init) =>
  fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

/** A client for short request/response calls (tags, ps, show, version, delete, unload). */
export function ollama(target: Pick<Target, "ollamaUrl">): Ollama {
  let client = byUrl.get(target.ollamaUrl);
  if (!client) {
    client = new Ollama({ host: target.ollamaUrl, fetch: fetchWithTimeout });
    byUrl.set(target.ollamaUrl, client);
  }
  return client;
}

/**
 * A client whose calls may take up to `ms`: the health probe waits longer than REQUEST_TIMEOUT_MS so that a slow
 * answer is measured ("slow (7 s)") instead of reading as unreachable.
 */
export function ollamaWithDeadline(target: Pick<Target, "ollamaUrl">, ms: number): Ollama {
  const key = `${ms} ${target.ollamaUrl}`;
  let client = byUrl.get(key);
  if (!client) {
    client = new Ollama({ host: target.ollamaUrl, fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(ms) }) });
    byUrl.set(key, client);
  }
  return client;
}

/** A fresh client for one long stream (a pull), without HTTP timeouts: abort() on it, or `cancel`, stops that stream only. */
export function ollamaForStream(target: Pick<Target, "ollamaUrl">, cancel?: AbortSignal): Ollama {
  return new Ollama({ host: target.ollamaUrl, fetch: streamFetch(cancel) });
}
