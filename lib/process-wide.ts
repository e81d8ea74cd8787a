// One instance per process for state that must not be duplicated: Next loads a module once per bundle (instrumentation,
// each route), so module-level state would exist several times. Keyed by a registered Symbol, shared by every copy.

/** The process-wide value stored under `key`, created by `create` on first use. */
export function processWide<T>(key: string, create: () => T): T {
  const slot = Symbol.for(`ollama-ops.${key}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  return (store[slot] ??= create());
}
