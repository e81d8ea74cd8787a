// Sign-in throttling: failed attempts per client IP and per user name in a sliding window.
// Kept in this process's memory: each console replica counts on its own and a restart forgets (fine for one replica).

const MAX_KEYS = 10_000;

/** Counts failures per key; a key with `limit` failures inside `windowMs` is blocked until the oldest one ages out. */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs;
    const times = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (times.length) this.#failures.set(key, times);
    else this.#failures.delete(key);
    return times;
  }

  /** Milliseconds until `key` may try again; 0 = allowed now. */
  blockedFor(key: string): number {
    const times = this.#recent(key);
    if (times.length < this.#limit) return 0;
    const oldest = times[times.length - this.#limit] ?? this.#now();
    return Math.max(1, oldest + this.#windowMs - this.#now());
  }

  /** Records a failed attempt. */
  fail(key: string): void {
    const times = this.#recent(key);
    times.push(this.#now());
    this.#failures.delete(key);
    this.#failures.set(key, times.slice(-this.#limit));
    // Bounded memory under a spray of random user names: forget the least recently failed keys.
    for (const old of this.#failures.keys()) {
      if (this.#failures.size <= MAX_KEYS) break;
      this.#failures.delete(old);
    }
  }

  /** Forgets `key` (a successful sign-in clears the user's count, never the IP's). */
  reset(key: string): void {
    this.#failures.delete(key);
  }
}

const WINDOW_MS = 15 * 60_000;

/** The console's sign-in limits: 5 failures per user name, 20 per client IP, per 15 minutes. */
export const signInLimits = {
  user: new FailureLimiter(5, WINDOW_MS),
  ip: new FailureLimiter(20, WINDOW_MS),
};
