// Signed-out sessions: their ids, kept until every copy of the cookie has expired, so a copied cookie is refused after
// sign-out. Shared by all replicas through a store (a ConfigMap in the cluster, lib/features/auth/revocation-store.ts); each
// process reads it through a short cache and batches its own writes, so neither reads nor writes grow with traffic.
import { log } from "../../doors/runtime/log";

/** Revoked session id → when its entry may be forgotten (ms since the epoch). */
export type Revocations = Map<string, number>;

/** Where revocations are shared. */
export interface RevocationStore {
  load(): Promise<Revocations>;
  /** Adds entries, dropping expired ones; concurrent writers must not lose each other's entries. */
  add(entries: Revocations, now: number): Promise<void>;
}

/** How long a read of the shared list is trusted: a sign-out on another replica applies here within this. */
export const REVOCATION_CACHE_MS = 2_000;
/** At most one write per this interval; sign-outs in between go in the same write. */
export const REVOCATION_WRITE_GAP_MS = 1_000;

/** Revocation checks and sign-outs over one store. */
export class RevocationList {
  readonly #store: RevocationStore;
  readonly #now: () => number;
  /** This process's own sign-outs: effective here at once, whatever the store does. */
  readonly #local: Revocations = new Map();
  readonly #pending: Revocations = new Map();
  #shared: Revocations = new Map();
  #readAt = -Infinity;
  #reading: Promise<void> | undefined;
  #writing: Promise<void> | undefined;
  #lastWrite = -Infinity;
  #failing = false;

  constructor(store: RevocationStore, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  /** True when `sid` was signed out, here or on another replica (as of the last read, at most REVOCATION_CACHE_MS old). */
  async isRevoked(sid: string): Promise<boolean> {
    if (this.#live(this.#local, sid)) return true;
    if (this.#now() - this.#readAt >= REVOCATION_CACHE_MS) await this.#refresh();
    return this.#live(this.#shared, sid);
  }

  /** Ends session `sid` until `until`: here at once, elsewhere once the batched write lands. */
  revoke(sid: string, until: number): void {
    this.#local.set(sid, until);
    this.#pending.set(sid, until);
    this.#flushSoon();
  }

  /** Resolves when every sign-out so far has reached the store (or failed to; it is retried with the next one). */
  async settled(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  #live(map: Revocations, sid: string): boolean {
    const until = map.get(sid);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    map.delete(sid);
    return false;
  }

  #refresh(): Promise<void> {
    // One read at a time however many requests ask; a failed read keeps the last list (and this process's own).
    this.#reading ??= this.#store
      .load()
      .then((shared) => {
        this.#shared = shared;
        if (this.#failing) log.info("session revocations readable again");
        this.#failing = false;
      })
      .catch((err: unknown) => {
        if (!this.#failing) log.warn("cannot read session revocations; using the last known list", { err });
        this.#failing = true;
      })
      .finally(() => {
        this.#readAt = this.#now();
        this.#reading = undefined;
      });
    return this.#reading;
  }

  #flushSoon(): void {
    if (this.#writing || !this.#pending.size) return;
    this.#writing = (async () => {
      const gap = this.#lastWrite + REVOCATION_WRITE_GAP_MS - this.#now();
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap).unref());
      const batch = new Map(this.#pending);
      this.#pending.clear();
      try {
        await this.#store.add(batch, this.#now());
        for (const [sid, until] of batch) this.#shared.set(sid, until);
      } catch (err) {
        // Kept for the next attempt; this replica refuses those sessions meanwhile (#local).
        for (const [sid, until] of batch) if (!this.#pending.has(sid)) this.#pending.set(sid, until);
        log.warn("sign-out not yet shared with other replicas; retrying", { err, pending: this.#pending.size });
      } finally {
        this.#lastWrite = this.#now();
        this.#writing = undefined;
      }
      if (this.#pending.size) setTimeout(() => this.#flushSoon(), REVOCATION_WRITE_GAP_MS).unref();
    })();
  }
}

/** A store in this process's memory (unit tests; a single replica without a cluster). */
export class MemoryRevocationStore implements RevocationStore {
  readonly entries: Revocations = new Map();
  writes = 0;
  load(): Promise<Revocations> {
    return Promise.resolve(new Map(this.entries));
  }
  add(entries: Revocations, now: number): Promise<void> {
    this.writes++;
    for (const [sid, until] of this.entries) if (until <= now) this.entries.delete(sid);
    for (const [sid, until] of entries) this.entries.set(sid, until);
    return Promise.resolve();
  }
}
