// Sign-in failure counts shared by every replica (issue 19): a ConfigMap in the namespace, watched by each replica (no
// API call on the sign-in path) and written at a bounded rate (the failures of one flush interval in one write).
import "server-only";
import { updateConfigMap, watchConfigMap, type ConfigMapDoc } from "../../doors/kubernetes/configmap";
import type { Reflector } from "../../doors/kubernetes/reflector";
import { config, type Target } from "../../doors/runtime/config";
import { THROTTLE_CONFIGMAP } from "../../doors/kubernetes/permissions";
import { processWide } from "../../doors/runtime/process-wide";
import { log } from "../../doors/runtime/log";
import { FORGET_AFTER_MS, SignInThrottle, type FailureRecord, type ThrottleStore } from "./throttle";

const DATA_KEY = "failures.json";
/** One write per this interval at most, per replica, however many sign-ins fail (a spray of guesses is one write). */
export const THROTTLE_FLUSH_MS = 500;
/** ConfigMaps hold 1 MiB; at ~70 bytes a record this keeps well below it. The least recently failed keys go first. */
const MAX_KEYS = 5_000;
/** How long the first sign-in waits for the first list of the shared counts. */
const FIRST_LIST_WAIT_MS = 2_000;

type Records = Map<string, FailureRecord>;

function parse(cm: ConfigMapDoc | undefined): Records {
  const out: Records = new Map();
  try {
    const value = JSON.parse(cm?.data?.[DATA_KEY] ?? "{}") as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return out;
    for (const [key, r] of Object.entries(value)) {
      const rec = r as Partial<FailureRecord> | null;
      if (typeof rec?.failures === "number" && typeof rec.lastFailure === "number" && rec.failures > 0) out.set(key, { failures: rec.failures, lastFailure: rec.lastFailure });
    }
  } catch {
    // Unreadable counts start from zero.
  }
  return out;
}

interface Pending {
  /** Failures counted here since the last successful write. */
  add: number;
  lastFailure: number;
  /** A success cleared the key here: the write drops the shared count before adding `add`. */
  clear: boolean;
}

/** A ThrottleStore in ConfigMap `name`: every replica counts the same failures, so spreading guesses across pods gains nothing. */
export class ConfigMapThrottleStore implements ThrottleStore {
  readonly #target: Target;
  readonly #name: string;
  readonly #now: () => number;
  #reflector: Reflector<Records> | undefined;
  /** The shared counts as last seen (watch) or written (our own write), whichever came later. */
  #known: Records = new Map();
  readonly #pending = new Map<string, Pending>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;

  constructor(target: Target, name: string, now: () => number = Date.now) {
    this.#target = target;
    this.#name = name;
    this.#now = now;
  }

  async #ensureWatch(): Promise<void> {
    if (!this.#reflector) {
      this.#reflector = watchConfigMap(this.#target, this.#name, parse, (records) => (this.#known = records));
      this.#reflector.start();
    }
    if (this.#reflector.snapshot().freshness.lastSyncAt === undefined) await this.#reflector.ready(FIRST_LIST_WAIT_MS);
  }

  async get(key: string): Promise<FailureRecord | undefined> {
    await this.#ensureWatch();
    const shared = this.#known.get(key);
    const p = this.#pending.get(key);
    const base = p?.clear ? undefined : shared;
    const failures = (base?.failures ?? 0) + (p?.add ?? 0);
    if (failures === 0) return undefined;
    const lastFailure = Math.max(base?.lastFailure ?? 0, p?.lastFailure ?? 0);
    if (this.#now() - lastFailure > FORGET_AFTER_MS) return undefined;
    return { failures, lastFailure };
  }

  async fail(key: string, now: number): Promise<FailureRecord> {
    const p = this.#pending.get(key) ?? { add: 0, lastFailure: 0, clear: false };
    const before = await this.get(key);
    p.add++;
    p.lastFailure = Math.max(p.lastFailure, now);
    this.#pending.delete(key);
    this.#pending.set(key, p);
    // Bounded while the API is away: the least recently failed keys go first.
    for (const old of this.#pending.keys()) {
      if (this.#pending.size <= MAX_KEYS) break;
      this.#pending.delete(old);
    }
    this.#schedule();
    return { failures: (before?.failures ?? 0) + 1, lastFailure: Math.max(before?.lastFailure ?? 0, now) };
  }

  clear(key: string): Promise<void> {
    // Nothing to clear anywhere: no write.
    if (!this.#known.has(key) && !this.#pending.has(key)) return Promise.resolve();
    this.#pending.set(key, { add: 0, lastFailure: 0, clear: true });
    this.#schedule();
    return Promise.resolve();
  }

  /** Writes what is pending now (tests; shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#flushing;
    if (this.#pending.size === 0) return;
    const batch = new Map(this.#pending);
    this.#pending.clear();
    this.#flushing = this.#write(batch).finally(() => (this.#flushing = undefined));
    await this.#flushing;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#reflector?.stop();
    this.#reflector = undefined;
  }

  #schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush(), THROTTLE_FLUSH_MS);
    this.#timer.unref?.();
  }

  async #write(batch: Map<string, Pending>): Promise<void> {
    const now = this.#now();
    try {
      let written: Records | undefined;
      await updateConfigMap(this.#target, this.#name, (current) => {
        const records = parse(current);
        for (const [key, p] of batch) {
          const base = p.clear ? undefined : records.get(key);
          const failures = (base?.failures ?? 0) + p.add;
          if (failures === 0) records.delete(key);
          else records.set(key, { failures, lastFailure: Math.max(base?.lastFailure ?? 0, p.lastFailure) });
        }
        const kept = [...records].filter(([, r]) => now - r.lastFailure <= FORGET_AFTER_MS).sort((a, b) => b[1].lastFailure - a[1].lastFailure).slice(0, MAX_KEYS);
        written = new Map(kept);
        return { [DATA_KEY]: JSON.stringify(Object.fromEntries(kept)) };
      }, { attempts: 10 });
      if (written) this.#known = written;
    } catch (err) {
      // Keep counting here: the failures go with the next write (this replica still throttles on what it saw).
      for (const [key, p] of batch) {
        const later = this.#pending.get(key);
        if (!later) this.#pending.set(key, p);
        else if (!later.clear) this.#pending.set(key, { add: later.add + (p.clear ? 0 : p.add), lastFailure: Math.max(later.lastFailure, p.lastFailure), clear: p.clear });
      }
      log.warn("sign-in throttle counts could not be shared; counting on this replica until the API answers", { reason: err instanceof Error ? err.message : String(err) });
      this.#schedule();
    }
  }
}

const shared = processWide<{ throttle: SignInThrottle | undefined }>("signin-throttle", () => ({ throttle: undefined }));

/** The console's sign-in throttle: counts shared by every replica through ConfigMap THROTTLE_CONFIGMAP. */
export function signInThrottle(): SignInThrottle {
  return (shared.throttle ??= new SignInThrottle(new ConfigMapThrottleStore(config().target, THROTTLE_CONFIGMAP)));
}
