// ONE follow of the Ollama container's log per target, shared by every viewer (as the watch cache shares one watch per
// kind): a bounded ring of recent lines, the signals folded from every line, the last lines of each instance that died,
// and reconnection across dropped connections, container restarts and new pods. The cluster is injected (tests, bench).
import "server-only";
import { highlight } from "./highlights";
import { parseLine } from "./parse";
import { LogRing } from "./ring";
import { SignalTracker, type ServerSignals } from "./signals";
import { MAX_LINE_CHARS, type FollowStatus, type LogEntry, type LogStreamEvent } from "../../shared/logs/types";

/** Where the Ollama container runs now, or why it does not. */
export type Located = { pod: string; container: string; restartCount: number; uid: string } | { waiting: string; pod?: string; container?: string };

export interface HubDeps {
  locate(): Promise<Located>;
  follow(
    req: { pod: string; container: string; sinceTime?: string },
    onText: (chunk: string) => void,
    onEnd: (err?: unknown) => void,
  ): Promise<{ abort(): void }>;
}

export interface HubOptions {
  ringLines?: number;
  ringBytes?: number;
  /** Stop following this long after the last viewer left and nobody asked for signals. */
  idleMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** How often to look again for a running container while none runs. */
  waitPollMs?: number;
}

/** The last lines of a container instance that ended, kept for the restart history. */
export interface DeadInstance {
  pod: string;
  container: string;
  restartCount: number;
  endedAt: string;
  lines: LogEntry[];
}

const DEAD_KEPT = 10;
const DEAD_LINES = 200;
const KUBELET_TIME = /^(\S+) /;

const sleep = (ms: number, wake: { fn?: () => void }) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    wake.fn = () => (clearTimeout(t), resolve());
  });

export class LogHub {
  readonly #deps: HubDeps;
  readonly #opts: Required<HubOptions>;
  readonly #ring: LogRing<LogEntry>;
  readonly #listeners = new Set<(e: LogStreamEvent) => void>();
  readonly #dead: DeadInstance[] = [];
  #tracker = new SignalTracker();
  #status: FollowStatus = { state: "starting", pod: undefined, container: undefined, message: undefined, since: new Date().toISOString() };
  #instance: { pod: string; container: string; restartCount: number; key: string } | undefined;
  #seq = 0;
  #partial = "";
  /** Resume point: the newest kubelet time read (ms) and the lines read at that time, to drop repeats after a reconnect. */
  #lastMs = 0;
  #atLast = new Set<string>();
  #resuming = false;
  #running = false;
  #handle: { abort(): void } | undefined;
  #wake: { fn?: () => void } = {};
  #lastDemand = Date.now();
  #idleTimer: NodeJS.Timeout | undefined;
  #firstData: Promise<void>;
  #firstDataDone!: () => void;
  /** Upstream follow connections opened so far (tests and the benchmark check one per stream, whatever the viewers). */
  upstreamsOpened = 0;

  constructor(deps: HubDeps, opts: HubOptions = {}) {
    this.#deps = deps;
    this.#opts = {
      ringLines: opts.ringLines ?? 5_000,
      ringBytes: opts.ringBytes ?? 4 * 1024 * 1024,
      idleMs: opts.idleMs ?? 5 * 60_000,
      backoff: opts.backoff ?? { baseMs: 1_000, maxMs: 10_000 },
      waitPollMs: opts.waitPollMs ?? 2_000,
    };
    this.#ring = new LogRing(this.#opts.ringLines, this.#opts.ringBytes);
    this.#firstData = new Promise((resolve) => (this.#firstDataDone = resolve));
  }

  /** Receives the newest `tail` lines at once, then every event; returns the unsubscribe function. */
  subscribe(listener: (e: LogStreamEvent) => void, tail: number): () => void {
    listener({ type: "status", status: { ...this.#status } });
    const lines = this.#ring.last(tail);
    if (lines.length) listener({ type: "lines", lines });
    // The viewer counts before the follow loop starts: the loop's first step asks whether anybody is looking, and a
    // viewer added after it would be missed once a clock tick passed (the loop parked at once with a short idle time).
    this.#listeners.add(listener);
    this.#demand();
    return () => {
      this.#listeners.delete(listener);
      this.#lastDemand = Date.now();
      this.#checkIdleLater();
    };
  }

  /** What the log says about the process; waits up to `waitMs` for the first lines when the follow just started. */
  async signals(waitMs = 3_000): Promise<{ signals: ServerSignals; status: FollowStatus }> {
    this.#demand();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#firstData, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    return { signals: this.#tracker.signals, status: { ...this.#status } };
  }

  /** The kept last lines of dead instances, newest first. */
  deadInstances(): DeadInstance[] {
    return [...this.#dead].reverse();
  }

  get status(): FollowStatus {
    return { ...this.#status };
  }

  get viewers(): number {
    return this.#listeners.size;
  }

  /** Ends the follow for good. */
  stop(): void {
    clearTimeout(this.#idleTimer);
    this.#running = false;
    this.#listeners.clear();
    this.#handle?.abort();
    this.#wake.fn?.();
  }

  #demand(): void {
    this.#lastDemand = Date.now();
    this.#checkIdleLater();
    if (!this.#running) {
      this.#running = true;
      void this.#run();
    }
  }

  /** Once nobody has looked for `idleMs`, ends the open follow; the loop then parks instead of reconnecting. */
  #checkIdleLater(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (!this.#running) return;
      if (!this.#idle()) return this.#checkIdleLater();
      this.#handle?.abort();
      this.#wake.fn?.();
    }, this.#opts.idleMs + 1_000);
    this.#idleTimer.unref();
  }

  #idle(): boolean {
    return this.#listeners.size === 0 && Date.now() - this.#lastDemand > this.#opts.idleMs;
  }

  #setStatus(state: FollowStatus["state"], message?: string, where?: { pod?: string; container?: string }): void {
    if (this.#status.state === state && this.#status.message === message && this.#status.pod === where?.pod) return;
    this.#status = { state, pod: where?.pod, container: where?.container, message, since: new Date().toISOString() };
    this.#emit({ type: "status", status: { ...this.#status } });
  }

  #emit(e: LogStreamEvent): void {
    for (const l of this.#listeners) l(e);
  }

  async #run(): Promise<void> {
    let delay = 0;
    while (this.#running) {
      if (this.#idle()) {
        // Nobody is looking: park without an upstream connection until the next viewer or signals read.
        this.#running = false;
        return;
      }
      let where: Located;
      try {
        where = await this.#deps.locate();
      } catch (err) {
        this.#setStatus("error", err instanceof Error ? err.message : String(err));
        await sleep((delay = this.#nextDelay(delay)), this.#wake);
        continue;
      }
      if ("waiting" in where) {
        this.#setStatus("waiting", where.waiting, where);
        this.#firstDataDone();
        await sleep(this.#opts.waitPollMs, this.#wake);
        continue;
      }
      this.#enter(where);
      const started = Date.now();
      let lines = 0;
      const before = this.#seq;
      const ended = new Promise<unknown>((resolve) => {
        this.#deps
          .follow(
            { pod: where.pod, container: where.container, sinceTime: this.#resuming ? new Date(Math.floor(this.#lastMs / 1000) * 1000).toISOString() : undefined },
            (chunk) => this.#onText(chunk),
            resolve,
          )
          .then((h) => {
            this.upstreamsOpened++;
            this.#handle = h;
            this.#setStatus("following", undefined, where);
          }, resolve);
      });
      const err = await ended;
      this.#handle = undefined;
      this.#flushPartial();
      lines = this.#seq - before;
      this.#resuming = true;
      if (!this.#running) return;
      if (err) this.#setStatus("reconnecting", err instanceof Error ? err.message : "the log stream failed", where);
      else this.#setStatus("reconnecting", "the log stream ended (container stopped or connection closed)", where);
      this.#firstDataDone();
      // A stream that ends at once without lines is a failure for backoff purposes; one that carried data reconnects at once.
      delay = lines === 0 && Date.now() - started < 1_000 ? this.#nextDelay(delay) : 0;
      if (delay) await sleep(delay, this.#wake);
    }
  }

  #nextDelay(prev: number): number {
    const { baseMs, maxMs } = this.#opts.backoff;
    return Math.min(maxMs, prev ? prev * 2 : baseMs);
  }

  /** A container instance (pod uid + restart count) other than the one read so far starts a new log. */
  #enter(where: Extract<Located, { pod: string; uid: string }>): void {
    const key = `${where.uid}/${where.container}/${where.restartCount}`;
    if (this.#instance?.key === key) return;
    if (this.#instance) {
      this.#dead.push({ ...this.#instance, endedAt: new Date().toISOString(), lines: this.#ring.last(DEAD_LINES) });
      if (this.#dead.length > DEAD_KEPT) this.#dead.shift();
      this.#emit({ type: "instance", pod: where.pod, container: where.container, restartCount: where.restartCount, time: new Date().toISOString() });
    }
    this.#instance = { pod: where.pod, container: where.container, restartCount: where.restartCount, key };
    this.#tracker = new SignalTracker();
    this.#resuming = false;
    this.#lastMs = 0;
    this.#atLast.clear();
    this.#partial = "";
  }

  #onText(chunk: string): void {
    const text = this.#partial + chunk;
    const parts = text.split("\n");
    this.#partial = parts.pop() ?? "";
    const entries: LogEntry[] = [];
    for (const raw of parts) {
      const entry = this.#accept(raw);
      if (entry) entries.push(entry);
    }
    if (entries.length) {
      this.#emit({ type: "lines", lines: entries });
      this.#firstDataDone();
    }
  }

  #flushPartial(): void {
    if (!this.#partial) return;
    const entry = this.#accept(this.#partial);
    this.#partial = "";
    if (entry) this.#emit({ type: "lines", lines: [entry] });
  }

  /** One raw line (kubelet timestamp first) → an entry, or undefined for a repeat after a reconnect. */
  #accept(raw: string): LogEntry | undefined {
    const line = raw.length > MAX_LINE_CHARS + 40 ? `${raw.slice(0, MAX_LINE_CHARS + 40)}… [cut]` : raw.replace(/\r$/, "");
    const stamp = KUBELET_TIME.exec(line)?.[1];
    const ms = stamp ? Date.parse(stamp) : Number.NaN;
    if (!Number.isNaN(ms)) {
      if (this.#resuming && (ms < this.#lastMs || (ms === this.#lastMs && this.#atLast.has(line)))) return undefined;
      if (ms > this.#lastMs) {
        this.#lastMs = ms;
        this.#atLast.clear();
      }
      if (this.#atLast.size < 10_000) this.#atLast.add(line);
    }
    const parsed = parseLine(line);
    this.#tracker.observe(parsed);
    const entry: LogEntry = { seq: ++this.#seq, time: parsed.time, level: parsed.level, text: parsed.text, highlight: highlight(parsed) };
    this.#ring.push(entry);
    return entry;
  }
}
