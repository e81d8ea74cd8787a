// Coalesced reads: one upstream call in flight per key, its result (or failure) reused for a short TTL by every caller.

/** A keyed cache of promises: `get` starts `load` only when no fresh or in-flight result exists. */
export interface Coalescer<T> {
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Forgets `key` (or everything); the next `get` calls upstream again, even if a call is in flight. */
  invalidate(key?: string): void;
}

interface Entry<T> {
  promise: Promise<T>;
  settledAt: number | undefined;
}

/** Failures are cached too, so a down upstream is asked at most once per TTL whatever the number of viewers. */
export function coalescer<T>(ttlMs: number, now: () => number = Date.now): Coalescer<T> {
  const entries = new Map<string, Entry<T>>();
  return {
    get(key, load) {
      const hit = entries.get(key);
      if (hit && (hit.settledAt === undefined || now() - hit.settledAt < ttlMs)) return hit.promise;
      const entry: Entry<T> = { promise: load(), settledAt: undefined };
      const settle = () => {
        entry.settledAt = now();
      };
      entry.promise.then(settle, settle);
      entries.set(key, entry);
      return entry.promise;
    },
    invalidate(key) {
      if (key === undefined) entries.clear();
      else entries.delete(key);
    },
  };
}
