// One instance per process for state that must not be duplicated: Next loads a module once per bundle (instrumentation,
// each route), so module-level state would exist several times. Keyed by a registered Symbol, shared by every copy.
import "server-only";

/** The process-wide value stored under `key`, created by `create` on first use. */
export function processWide<T>(key: string, create: () => T): T {
  const slot = Symbol.for(`ollama-ops.${key}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  return (store[slot] ??= create());
}

/** Drops the value under `key`, so the next use creates it afresh (tests that model a restarted process). */
export function forgetProcessWide(key: string): void {
  delete (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(`ollama-ops.${key}`)];
}
