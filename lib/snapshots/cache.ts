// Short-lived, coalesced reads: however many browsers poll, the API server sees at most one list per key per TTL.
import "server-only";

interface Entry {
  /** When the read succeeded; undefined while it is in flight. */
  doneAt: number | undefined;
  value: Promise<unknown>;
}

const entries = new Map<string, Entry>();

/** `read()` shared by every caller of `key` while it runs and for `ttlMs` after it succeeded; failures are not kept. */
export function coalesced<T>(key: string, ttlMs: number, read: () => Promise<T>): Promise<T> {
  const hit = entries.get(key);
  if (hit && (hit.doneAt === undefined || Date.now() - hit.doneAt < ttlMs)) return hit.value as Promise<T>;
  const entry: Entry = { doneAt: undefined, value: read() };
  entries.set(key, entry);
  entry.value.then(
    () => {
      entry.doneAt = Date.now();
    },
    () => {
      if (entries.get(key) === entry) entries.delete(key);
    },
  );
  return entry.value as Promise<T>;
}

/** Drops every cached read whose key starts with `prefix` (after a create, delete or restore). */
export function invalidate(prefix: string): void {
  for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
}
