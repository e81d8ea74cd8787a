// One list+watch of one resource kind: keeps summaries current, restarts with backoff, relists after 410, reports freshness.
import "server-only";
import { AppError } from "../runtime/errors";
import { log } from "../runtime/log";
import { kubeError } from "./errors";
import { nameOf, resourceVersionOf } from "../../shared/kubernetes/wire";

/** How current a kind's data is; the UI says "stale since … : <error>" whenever `synced` is false. */
export interface Freshness {
  /** Listed and the watch is live: the data is current. */
  synced: boolean;
  /** Last moment the data was known current (list, watch connect or event). */
  lastSyncAt: string | undefined;
  /** Why the data is not current right now. */
  error: string | undefined;
  /** When the current failure began. */
  staleSince: string | undefined;
  /** The API group is not served (e.g. the Traefik CRD is not installed): no objects, and that is not an error. */
  notInstalled: boolean;
}

/** What a watch call returns: something to abort it with. */
export interface WatchHandle {
  abort(): void;
}

/** client-node `Watch.watch` shape: resolves once connected (or failed); `done` is called exactly once at the end. */
export type WatchFn = (
  path: string,
  query: Record<string, string>,
  onEvent: (type: string, object: unknown) => void,
  done: (err: unknown) => void,
) => Promise<WatchHandle>;

export interface ListResult {
  items: unknown[];
  resourceVersion: string;
}

export interface ReflectorSpec<T> {
  /** For logs and messages: "pods in ollama". */
  what: string;
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  list: () => Promise<ListResult>;
  watch: WatchFn;
  summarize: (raw: unknown) => T;
  /** Called with every object the reflector sees (list and watch), e.g. to keep a restart history. */
  observe?: (summary: T) => void;
  backoff?: { baseMs: number; maxMs: number };
  /** How long to wait before asking again whether an API that is not installed appeared. */
  notInstalledRetryMs?: number;
}

interface WatchEnd {
  err: unknown;
  lastedMs: number;
  events: number;
}

const DEFAULT_BACKOFF = { baseMs: 1_000, maxMs: 10_000 };
/** A watch that ends faster than this without an event is treated like a failure for backoff purposes. */
const SHORT_WATCH_MS = 1_000;

function isTimeout(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === "TimeoutError";
}

function isGone(err: unknown): boolean {
  const e = err as { statusCode?: unknown; code?: unknown } | null;
  return e?.statusCode === 410 || e?.code === 410;
}

/** A failed watch (Error with statusCode, or an ERROR event's Status) → AppError via the one Kubernetes error map. */
function watchError(err: unknown, what: string): AppError {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number") return kubeError({ code: status, body: undefined }, `watching ${what}`);
  return kubeError(err, `watching ${what}`);
}

/** A list+watch loop for one kind. Nothing happens until `start()`; `stop()` ends it for good. */
export class Reflector<T> {
  readonly #spec: ReflectorSpec<T>;
  readonly #backoff: { baseMs: number; maxMs: number };
  #items = new Map<string, T>();
  #rv = "";
  #delayMs = 0;
  #started = false;
  #stopped = false;
  #handle: WatchHandle | undefined;
  #wake: (() => void) | undefined;
  #lastError: AppError | undefined;
  #fresh: Freshness = { synced: false, lastSyncAt: undefined, error: undefined, staleSince: undefined, notInstalled: false };
  #firstAttempt: Promise<void>;
  #firstAttemptDone!: () => void;
  /** Watch connections opened so far (for tests and the benchmark's reasoning). */
  watchesOpened = 0;

  constructor(spec: ReflectorSpec<T>) {
    this.#spec = spec;
    this.#backoff = spec.backoff ?? DEFAULT_BACKOFF;
    this.#firstAttempt = new Promise((resolve) => (this.#firstAttemptDone = resolve));
  }

  /** Starts the loop once; later calls do nothing. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.#run();
  }

  /** Ends the loop and the open watch. */
  stop(): void {
    this.#stopped = true;
    this.#handle?.abort();
    this.#wake?.();
  }

  /** Resolves after the first list attempt (success or failure), or after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    this.start();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#firstAttempt, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Current summaries and how fresh they are. */
  snapshot(): { items: T[]; freshness: Freshness } {
    return { items: [...this.#items.values()], freshness: { ...this.#fresh } };
  }

  /**
   * Settled: its watch is connected, or it has failed (and serves stale data), or the kind is not installed. Tests wait
   * for this instead of a pause before they judge what a refused watch broke.
   */
  get settled(): boolean {
    const f = this.#fresh;
    return this.#handle !== undefined || f.error !== undefined || f.notInstalled;
  }

  /**
   * Whether a watch stream is open now. `freshness.synced` turns true again with each relist after a refused watch,
   * before that watch is refused anew; only an open stream brings changes within seconds.
   */
  get watchOpen(): boolean {
    return this.#handle !== undefined;
  }

  /** The failure behind `freshness.error`, as an AppError (for callers that must fail when nothing was ever listed). */
  get lastError(): AppError | undefined {
    return this.#lastError;
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      try {
        if (!this.#rv) await this.#list();
        const end = await this.#watchOnce();
        if (this.#stopped) return;
        if (end.err && !isTimeout(end.err) && !isGone(end.err)) throw watchError(end.err, this.#spec.what);
        if (isGone(end.err)) this.#rv = "";
        // Normal ends (server closed, client-node's 30 s inactivity timeout) reconnect at once, unless the watch died instantly.
        if (end.lastedMs < SHORT_WATCH_MS && end.events === 0) await this.#sleep(this.#nextDelay());
      } catch (err) {
        if (this.#stopped) return;
        const error = err instanceof AppError ? err : watchError(err, this.#spec.what);
        if (error.status === 404 && error.code === "unavailable") {
          this.#markNotInstalled();
          await this.#sleep(this.#spec.notInstalledRetryMs ?? 60_000);
          continue;
        }
        this.#fail(error);
        await this.#sleep(this.#nextDelay());
      }
    }
  }

  async #list(): Promise<void> {
    let result: ListResult;
    try {
      result = await this.#spec.list();
    } catch (err) {
      throw kubeError(err, `listing ${this.#spec.what}`);
    } finally {
      this.#firstAttemptDone();
    }
    const items = new Map<string, T>();
    for (const raw of result.items) this.#put(items, raw);
    this.#items = items;
    this.#rv = result.resourceVersion;
    this.#markCurrent();
    this.#fresh.notInstalled = false;
  }

  #watchOnce(): Promise<WatchEnd> {
    const started = Date.now();
    let events = 0;
    let ended = false;
    let statusError: unknown;
    return new Promise((resolve) => {
      const finish = (err: unknown) => {
        if (ended) return;
        ended = true;
        this.#handle = undefined;
        resolve({ err: statusError ?? err, lastedMs: Date.now() - started, events });
      };
      const onEvent = (type: string, object: unknown) => {
        events++;
        if (type === "ERROR") {
          // An ERROR event is a Status; 410 Expired means "relist", anything else is a failure. The server closes next.
          const code = (object as { code?: unknown } | null)?.code;
          statusError =
            code === 410 ? { code: 410 } : kubeError({ code: typeof code === "number" ? code : 500, body: object }, `watching ${this.#spec.what}`);
          return;
        }
        this.#apply(type, object);
      };
      const query: Record<string, string> = { resourceVersion: this.#rv, allowWatchBookmarks: "true" };
      if (this.#spec.labelSelector) query.labelSelector = this.#spec.labelSelector;
      if (this.#spec.fieldSelector) query.fieldSelector = this.#spec.fieldSelector;
      this.watchesOpened++;
      this.#spec.watch(this.#spec.path, query, onEvent, finish).then(
        (handle) => {
          if (ended) return;
          this.#handle = handle;
          if (this.#stopped) handle.abort();
          this.#delayMs = 0;
          this.#markCurrent();
        },
        finish,
      );
    });
  }

  #apply(type: string, object: unknown): void {
    const rv = resourceVersionOf(object);
    if (rv) this.#rv = rv;
    if (type === "ADDED" || type === "MODIFIED") this.#put(this.#items, object);
    else if (type === "DELETED") this.#items.delete(nameOf(object) ?? "");
    else return;
    this.#fresh.lastSyncAt = new Date().toISOString();
  }

  #put(into: Map<string, T>, raw: unknown): void {
    const name = nameOf(raw);
    if (!name) return;
    const summary = this.#spec.summarize(raw);
    into.set(name, summary);
    this.#spec.observe?.(summary);
  }

  #markCurrent(): void {
    this.#lastError = undefined;
    this.#fresh = { ...this.#fresh, synced: true, lastSyncAt: new Date().toISOString(), error: undefined, staleSince: undefined };
  }

  #markNotInstalled(): void {
    this.#items = new Map();
    this.#rv = "";
    this.#lastError = undefined;
    this.#fresh = { synced: true, lastSyncAt: new Date().toISOString(), error: undefined, staleSince: undefined, notInstalled: true };
  }

  #fail(error: AppError): void {
    if (!this.#fresh.error) log.warn("watch failed; serving the last known objects as stale", { what: this.#spec.what, error: error.message });
    this.#lastError = error;
    // A failed watch may have missed changes: relist once it works again.
    this.#rv = "";
    this.#fresh = { ...this.#fresh, synced: false, error: error.message, staleSince: this.#fresh.staleSince ?? new Date().toISOString() };
  }

  #nextDelay(): number {
    const { baseMs, maxMs } = this.#backoff;
    this.#delayMs = this.#delayMs === 0 ? baseMs : Math.min(this.#delayMs * 2, maxMs);
    // ±20 % jitter so the kinds of one target do not reconnect in lockstep.
    return Math.round(this.#delayMs * (0.8 + Math.random() * 0.4));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      // A sleeping reflector must not keep a test runner or CLI alive.
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
