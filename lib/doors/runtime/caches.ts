// Every module-level cache of the console, in one registry: each is named, with its lifetime, so tests can start from a
// cold process (`resetCaches`, `resetProcessState`) instead of using back doors such as a fresh Kubernetes context per test, and so the
// lifetimes chosen for production are listed in one place (tests/integration/cache-lifetimes.test.ts pins them).
import "server-only";
import { processWide } from "./process-wide";

/** What the registry needs of a cache: a way to forget everything, and how long an entry lives (undefined: until evicted). */
export interface Forgetful {
  invalidate(): void;
  readonly lifetimeMs?: number;
}

interface Entry {
  name: string;
  cache: Forgetful;
  /** cache: a copy of upstream data; worker: per-target machinery (watches, pull managers) a restart would drop too. */
  kind: "cache" | "worker";
}

// Process-wide: Next loads a module once per bundle, so the same named cache may register once per bundle copy.
const registry = processWide("caches", () => [] as Entry[]);

/** Records `cache` under `name` and returns it, so a module writes `const x = registerCache("…", coalescer(…))`. */
export function registerCache<C extends Forgetful>(name: string, cache: C): C {
  registry.push({ name, cache, kind: "cache" });
  return cache;
}

/** Per-target machinery kept for the life of the process (watches, pull managers): `stop` drops all of it. */
export function registerWorkers(name: string, stop: () => void): void {
  registry.push({ name, cache: { invalidate: stop, lifetimeMs: undefined }, kind: "worker" });
}

/** A plain Map as a registered cache (entries live until the module evicts them). */
export function registerMap<K, V>(name: string, map: Map<K, V>): Map<K, V> {
  registerCache(name, { invalidate: () => map.clear(), lifetimeMs: undefined });
  return map;
}

/** Empties every registered cache: the next read goes upstream. Workers keep running. For tests. */
export function resetCaches(): void {
  for (const { cache, kind } of registry) if (kind === "cache") cache.invalidate();
}

/** Empties every cache and stops every worker: the next use starts as a freshly started console would. For tests. */
export function resetProcessState(): void {
  for (const { cache } of registry) cache.invalidate();
}

/** Name and lifetime of each registered cache (one line per name). */
export function registeredCaches(): { name: string; lifetimeMs: number | undefined }[] {
  const byName = new Map<string, number | undefined>();
  for (const { name, cache, kind } of registry) if (kind === "cache") byName.set(name, cache.lifetimeMs);
  return [...byName].map(([name, lifetimeMs]) => ({ name, lifetimeMs })).sort((a, b) => a.name.localeCompare(b.name));
}
