// Sign-in throttling as OWASP advises: growing delays after failures, per client address and per account, instead of a
// hard lockout. A lockout lets any stranger shut the real admin out with five wrong passwords; here the account's delay
// applies only to clients that are failing themselves, so a correct password from anyone else still gets in.

/** A key's failures since it was last cleared, and when the latest one happened (ms since the epoch). */
export interface FailureRecord {
  failures: number;
  lastFailure: number;
}

/**
 * Where failure counts live: a ConfigMap shared by every replica in the console (throttle-store.ts, issue 19), a Map in
 * unit tests.
 */
export interface ThrottleStore {
  get(key: string): Promise<FailureRecord | undefined>;
  /** Counts one more failure at `now` and returns the new record. */
  fail(key: string, now: number): Promise<FailureRecord>;
  clear(key: string): Promise<void>;
}

/** Failures allowed before any delay, then 1 s, 2 s, 4 s … doubling up to MAX_DELAY_MS: a few typos per account, a few
 * more per address (people behind one NAT share it). */
export const FREE_FAILURES = { account: 3, address: 5 } as const;
const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 5 * 60_000;
/** A key with no failure for this long starts from zero again. */
export const FORGET_AFTER_MS = 60 * 60_000;
const MAX_KEYS = 10_000;

/** How long after the latest failure the next attempt must wait, given `failures` so far and how many are free. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - free));
}

/** The ThrottleStore of one process: a Map, bounded (least recently failed keys go first), records expire. */
export class MemoryThrottleStore implements ThrottleStore {
  readonly #records = new Map<string, FailureRecord>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  get(key: string): Promise<FailureRecord | undefined> {
    const r = this.#records.get(key);
    if (r && this.#now() - r.lastFailure > FORGET_AFTER_MS) this.#records.delete(key);
    return Promise.resolve(this.#records.get(key));
  }

  async fail(key: string, now: number): Promise<FailureRecord> {
    const record = { failures: ((await this.get(key))?.failures ?? 0) + 1, lastFailure: now };
    this.#records.delete(key);
    this.#records.set(key, record);
    // Bounded memory under a spray of addresses and user names: forget the least recently failed keys.
    for (const old of this.#records.keys()) {
      if (this.#records.size <= MAX_KEYS) break;
      this.#records.delete(old);
    }
    return record;
  }

  clear(key: string): Promise<void> {
    this.#records.delete(key);
    return Promise.resolve();
  }
}

/** IPv6 clients get whole /64s from their provider: throttle the prefix, or each attempt could come from a new address. */
export function addressKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** Per-address and per-account delays over one store. */
export class SignInThrottle {
  readonly #store: ThrottleStore;
  readonly #now: () => number;

  constructor(store: ThrottleStore, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  #wait(record: FailureRecord | undefined, free: number): number {
    return record ? Math.max(0, record.lastFailure + delayAfter(record.failures, free) - this.#now()) : 0;
  }

  /**
   * Milliseconds this client must wait before its password is checked for `account`; 0 = check it now. The account's
   * delay binds only a client that has failed itself recently: an attacker slows the account down for failing
   * clients (their own), never for someone who has not been failing.
   */
  async waitFor(account: string, ip: string): Promise<number> {
    const [byAddress, byAccount] = await Promise.all([this.#store.get(`ip:${addressKey(ip)}`), this.#store.get(`account:${account}`)]);
    return Math.max(this.#wait(byAddress, FREE_FAILURES.address), byAddress ? this.#wait(byAccount, FREE_FAILURES.account) : 0);
  }

  /** Records a wrong password (or unknown account) for both keys. */
  async failed(account: string, ip: string): Promise<void> {
    const now = this.#now();
    await Promise.all([this.#store.fail(`ip:${addressKey(ip)}`, now), this.#store.fail(`account:${account}`, now)]);
  }

  /** A correct password clears the account's count (an honest typo never adds up), never the address's. */
  succeeded(account: string): Promise<void> {
    return this.#store.clear(`account:${account}`);
  }
}
