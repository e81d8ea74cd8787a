// Coalesced reads: one upstream call in flight per key, its result (or failure) reused for a short TTL by every caller.
import "server-only";

/** A keyed cache of promises: `get` starts `load` only when no fresh or in-flight result exists. */
export interface Coalescer<T> {
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Forgets `key` (or everything); the next `get` calls upstream again, even if a call is in flight. */
  invalidate(key?: string): void;
  /** How long a result is reused (coalescer) or refreshed while read (refresher). */
  readonly lifetimeMs: number;
}

interface Entry<T> {
  promise: Promise<T>;
  settledAt: number | undefined;
}

/** Failures are cached too, so a down upstream is asked at most once per TTL whatever the number of viewers. */
export function coalescer<T>(ttlMs: number, now: () => number = Date.now): Coalescer<T> {
  const entries = new Map<string, Entry<T>>();
  return {
    lifetimeMs: ttlMs,
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

interface Kept<T> {
  load: () => Promise<T>;
  latest: Promise<T> | undefined;
  inFlight: Promise<T> | undefined;
  lastRead: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Like `coalescer`, but upstream load does not depend on the number of readers at all: while someone read a key in the
 * last `idleMs`, the server itself refreshes it every `intervalMs` (one call in flight), and readers get the latest
 * result at once. After `idleMs` without a read it stops; the next read waits for a fresh load.
 */
export function refresher<T>(intervalMs: number, idleMs = 30_000, now: () => number = Date.now): Coalescer<T> {
  const entries = new Map<string, Kept<T>>();
  const refresh = (e: Kept<T>): Promise<T> => {
    if (e.inFlight) return e.inFlight;
    const p = e.load();
    e.inFlight = p;
    const settle = () => {
      if (e.inFlight === p) e.inFlight = undefined;
      e.latest = p;
    };
    p.then(settle, settle);
    return p;
  };
  const keepFresh = (key: string, e: Kept<T>) => {
    e.timer = setInterval(() => {
      if (now() - e.lastRead > idleMs) {
        clearInterval(e.timer);
        e.timer = undefined;
        // Idle: forget the result, so the next reader does not get something minutes old.
        if (entries.get(key) === e) entries.delete(key);
        return;
      }
      // Failures are kept as the latest result; readers see them, and the next tick tries again.
      refresh(e).catch(() => undefined);
    }, intervalMs);
    // Polling must not keep a test runner or CLI alive.
    e.timer.unref();
  };
  return {
    lifetimeMs: intervalMs,
    get(key, load) {
      let e = entries.get(key);
      if (!e) {
        e = { load, latest: undefined, inFlight: undefined, lastRead: now(), timer: undefined };
        entries.set(key, e);
        keepFresh(key, e);
      }
      e.lastRead = now();
      e.load = load;
      return e.latest ?? refresh(e);
    },
    invalidate(key) {
      for (const [k, e] of entries) {
        if (key !== undefined && k !== key) continue;
        clearInterval(e.timer);
        entries.delete(k);
      }
    },
  };
}
