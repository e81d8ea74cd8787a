// The key store: ConfigMap `ollama-ops-keys` (hashes only), watched so every replica sees a revocation within seconds.
import "server-only";
import type { Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { readConfigMap, updateConfigMap, watchConfigMap, type ConfigMapDoc } from "../../doors/kubernetes/configmap";
import type { Reflector } from "../../doors/kubernetes/reflector";
import { keyRecordSchema, type KeyRecord } from "../../shared/keys/types";

const DATA_KEY = "keys.json";
const ATTEMPTS = 5;
/** How long the first forward-auth call waits for the first list. */
const FIRST_LIST_WAIT_MS = 5_000;
/**
 * After the watch breaks, keys are still honoured this long from the last known state; later every request is refused
 * (fail closed), because a revocation made meanwhile would go unseen.
 */
export const STALE_LIMIT_MS = 15_000;
const NO_KEYS: ReadonlyMap<string, KeyRecord> = new Map();

/** Stored keys by id; malformed entries are dropped (never a reason to refuse every key). */
export function parseKeys(cm: ConfigMapDoc | undefined): Map<string, KeyRecord> {
  const keys = new Map<string, KeyRecord>();
  const text = cm?.data?.[DATA_KEY];
  if (!text) return keys;
  try {
    const value = JSON.parse(text) as unknown;
    for (const entry of Array.isArray(value) ? value : []) {
      const parsed = keyRecordSchema.safeParse(entry);
      if (parsed.success) keys.set(parsed.data.id, parsed.data);
    }
  } catch {
    // An unreadable ConfigMap holds no usable keys.
  }
  return keys;
}

/** The keys as this replica last saw them, or why it cannot vouch for them. */
export type KeysSnapshot = { ok: true; keys: ReadonlyMap<string, KeyRecord> } | { ok: false; reason: string };

export class KeyStore {
  readonly #target: Target;
  readonly #name: string;
  readonly #reflector: Reflector<Map<string, KeyRecord>>;

  constructor(target: Target, name: string) {
    this.#target = target;
    this.#name = name;
    this.#reflector = watchConfigMap(target, name, parseKeys);
  }

  /** Current keys for the hot path: no API call once the watch runs. */
  async snapshot(now = Date.now()): Promise<KeysSnapshot> {
    const { items, freshness } = this.#reflector.snapshot();
    if (freshness.synced) return { ok: true, keys: items[0] ?? NO_KEYS };
    if (freshness.lastSyncAt === undefined) {
      await this.#reflector.ready(FIRST_LIST_WAIT_MS);
      const again = this.#reflector.snapshot();
      if (again.freshness.lastSyncAt !== undefined) return { ok: true, keys: again.items[0] ?? NO_KEYS };
      return { ok: false, reason: "key-store-unavailable" };
    }
    if (now - Date.parse(freshness.lastSyncAt) > STALE_LIMIT_MS) return { ok: false, reason: "key-store-stale" };
    return { ok: true, keys: items[0] ?? NO_KEYS };
  }

  /** Keys read straight from the API server (for the admin page and writes, never the hot path). */
  async list(): Promise<KeyRecord[]> {
    return [...parseKeys(await readConfigMap(this.#target, this.#name)).values()];
  }

  /** Applies `change` to the stored list (read-modify-write on resourceVersion, retried on conflict). */
  async update(change: (keys: KeyRecord[]) => KeyRecord[]): Promise<void> {
    await updateConfigMap(
      this.#target,
      this.#name,
      (current) => ({ ...current?.data, [DATA_KEY]: JSON.stringify(change([...parseKeys(current).values()]), null, 1) }),
      { attempts: ATTEMPTS },
    );
  }

  /**
   * Waits (up to `timeoutMs`) until this replica's watch shows key `id` present or gone, so a key works as soon as its
   * creator sees it and a revoked one is refused here before the admin's request returns.
   */
  async settled(id: string, present: boolean, timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const snap = await this.snapshot();
      if (snap.ok && snap.keys.has(id) === present) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * Whether the watch on the ConfigMap is open (a revocation reaches this replica within seconds); a watch that is
   * refused is not, even in the moment after each relist.
   */
  watching(): boolean {
    return this.#reflector.watchOpen;
  }

  stop(): void {
    this.#reflector.stop();
  }
}

/** Thrown by key management when API_KEY_PEPPER is missing. */
export function keysDisabled(): AppError {
  return new AppError("unavailable", "API keys are off: set API_KEY_PEPPER (at least 32 characters, e.g. `openssl rand -hex 32`)", "console", {
    status: 409,
  });
}
