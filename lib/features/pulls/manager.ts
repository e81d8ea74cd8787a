// Server-owned pull jobs: a queue with a concurrency limit, joined duplicates, retries with backoff, throttled updates, a journal.
import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "../../doors/runtime/errors";
import { log } from "../../doors/runtime/log";
import { checkModelName } from "../../shared/ollama/names";
import { FINAL, classifyFailure, queuedView, type PullJob } from "./job";
import type { Journal, JournalEntry, JournalState, Override } from "./journal";
import { ProgressTracker, type PullLine } from "./progress";

/** Who acts on a job (audit identity). */
export interface Actor {
  id: string;
  name: string;
  role: JournalEntry["startedBy"]["role"];
}

export interface ManagerOptions {
  journal: Journal;
  concurrency: number;
  /** Opens one streamed /api/pull; aborting `signal` must end it. */
  open: (model: string, signal: AbortSignal) => Promise<AsyncIterable<PullLine>>;
  /** Called once per job when it reaches a final state. */
  onFinish?: (job: PullJob, actor: Actor) => void;
  /** Free space measured at or after `since` (ms epoch), shown beside the error of a failed job. */
  diskProbe?: (since: number) => Promise<PullJob["diskAtFailure"]>;
  retry?: { firstMs: number; maxMs: number; attempts: number };
  /** Finished jobs kept for re-attaching browsers. */
  historySize?: number;
  /** Minimum time between two updates of one job (default 260 ms: at most 4 in any second, with room for timer jitter). */
  publishMs?: number;
  /**
   * Whether this manager runs the jobs (default true: one replica). With several replicas only the leader does; the others
   * follow the journal: their list is the leader's published progress, their starts and cancels become journal intents.
   */
  leading?: boolean;
  /** How often the leader publishes progress to the journal for the other replicas (default 1 s: one write per second at most). */
  progressFlushMs?: number;
}

interface Job {
  view: PullJob;
  key: string;
  /** Set when leadership ended under the job: it stops without a final state (the next leader resumes it). */
  abandoned: boolean;
  entry: JournalEntry;
  tracker: ProgressTracker;
  abort: AbortController;
  lastPublish: number;
  timer: NodeJS.Timeout | undefined;
  cancelledBy: Actor | undefined;
  done: Promise<void>;
  settle: () => void;
}

const DEFAULT_RETRY = { firstMs: 1_000, maxMs: 30_000, attempts: 30 };
/** Finished job ids remembered by the leader, so a journal version from before a job's end never restarts it. */
const FINISHED_IDS = 1_000;
/** How long a cancel at a replica that does not lead waits for the leader's answer. */
const FOLLOWER_CANCEL_WAIT_MS = 10_000;

/** Sleeps `ms`; false when `signal` aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve(false)), { once: true });
  });
}

/** A new job's journal entry, queued: the same whether the leader starts it or a follower hands it over. */
function queuedEntry(model: string, input: { user: Actor; override: Override; expectedBytes: number }): JournalEntry {
  return {
    id: randomUUID(),
    model,
    startedBy: { id: input.user.id, name: input.user.name, role: input.user.role },
    startedAt: new Date().toISOString(),
    override: input.override,
    state: "queued",
    expectedBytes: input.expectedBytes,
  };
}

/** Runs and tracks every pull of one Ollama installation. */
export class PullManager {
  readonly #o: ManagerOptions & { retry: typeof DEFAULT_RETRY; historySize: number; publishMs: number; progressFlushMs: number };
  readonly #active = new Map<string, Job>();
  readonly #queue: Job[] = [];
  #running = 0;
  #history: PullJob[] = [];
  readonly #listeners = new Set<(job: PullJob) => void>();
  #journalProblem: string | undefined;
  #closed = false;
  /** Journal writes in flight, so a shutdown can wait for them. */
  readonly #writes = new Set<Promise<unknown>>();
  #leading: boolean;
  /** Follower: the jobs as the journal shows them (unfinished first, then finished), by id. */
  #mirror = new Map<string, PullJob>();
  #unwatch: (() => void) | undefined;
  readonly #finishedIds = new Set<string>();
  #progressDirty = false;
  #flusher: NodeJS.Timeout | undefined;

  constructor(options: ManagerOptions) {
    this.#o = { retry: DEFAULT_RETRY, historySize: 20, publishMs: 260, progressFlushMs: 1_000, ...options };
    this.#leading = options.leading ?? true;
  }

  /** Whether this manager runs the jobs (the leader, or the only replica). */
  get leading(): boolean {
    return this.#leading;
  }

  /**
   * Makes this manager follow the journal (a replica that does not lead, or a leader that lost its Lease): running streams
   * stop without a final state (the journal keeps them for the leader), and the list becomes the leader's published view.
   */
  follow(): void {
    this.#leading = false;
    clearInterval(this.#flusher);
    this.#flusher = undefined;
    for (const job of this.#active.values()) {
      job.abandoned = true;
      clearTimeout(job.timer);
      job.abort.abort();
      job.settle();
    }
    this.#active.clear();
    this.#queue.length = 0;
    this.#unwatch?.();
    this.#unwatch = this.#o.journal.watch((state) => this.#mirrorFrom(state));
  }

  /**
   * Makes this manager run the jobs until `signal` aborts (leader election): resumes the journal's unfinished jobs, picks
   * up the intents other replicas add and their cancel requests, publishes progress to the journal at most once per
   * second. Resolves once the journal was read.
   */
  async lead(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#leading = true;
    this.#closed = false;
    // Keep the finished jobs the previous leader published, so the list does not lose them.
    const known = [...this.#mirror.values()].filter((j) => FINAL.has(j.state));
    this.#history = [...this.#history, ...known.filter((j) => !this.#history.some((h) => h.id === j.id))]
      .sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? ""))
      .slice(0, this.#o.historySize);
    for (const j of this.#history) this.#remember(j.id);
    this.#mirror.clear();
    signal.addEventListener("abort", () => this.follow(), { once: true });
    await this.resume();
    if (signal.aborted) return;
    this.#unwatch = this.#o.journal.watch((state) => this.#adopt(state));
    this.#flusher = setInterval(() => this.#flushProgress(), this.#o.progressFlushMs);
    this.#flusher.unref?.();
  }

  /** Leader: starts the intents of other replicas and honours their cancel requests. */
  #adopt(state: JournalState): void {
    if (!this.#leading || this.#closed) return;
    const unknown = state.history.filter((h) => !this.#history.some((k) => k.id === h.id) && !this.#active.has(h.id));
    if (unknown.length > 0) {
      this.#history = [...this.#history, ...unknown].sort((a, b) => (b.finishedAt ?? "").localeCompare(a.finishedAt ?? "")).slice(0, this.#o.historySize);
      for (const h of unknown) this.#remember(h.id);
    }
    for (const entry of state.entries) {
      const job = this.#active.get(entry.id);
      if (job) {
        if (entry.cancel && !job.cancelledBy) void this.cancel(entry.id, entry.cancel).catch(() => undefined);
        continue;
      }
      if (this.#finishedIds.has(entry.id)) continue;
      const check = checkModelName(entry.model);
      if (!check.ok || [...this.#active.values()].some((j) => j.key === check.key)) {
        // Asked for at another replica while this one started the same model: the running job answers for both.
        this.#remember(entry.id);
        void this.#journalCall(() => this.#o.journal.remove(entry.id));
        continue;
      }
      log.info("starting a pull another replica asked for", { model: entry.model, id: entry.id });
      const added = this.#add(entry, entry.state !== "queued");
      if (entry.cancel) void this.cancel(added.view.id, entry.cancel).catch(() => undefined);
    }
  }

  /** Leader: the views of the unfinished jobs into the journal, if any changed since the last write. */
  #flushProgress(): void {
    if (!this.#progressDirty || !this.#leading || this.#closed) return;
    this.#progressDirty = false;
    const views = [...this.#active.values()].map((j) => ({ ...j.view }));
    void this.#journalCall(() => this.#o.journal.progress(views));
  }

  /** Follower: the journal's jobs as this replica's list; each changed job goes to the subscribers. */
  #mirrorFrom(state: JournalState): void {
    if (this.#leading) return;
    const next = new Map<string, PullJob>();
    const entries = [...state.entries].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    for (const entry of entries) next.set(entry.id, state.progress[entry.id] ?? queuedView(entry, entry.state !== "queued"));
    for (const view of state.history) if (!next.has(view.id)) next.set(view.id, view);
    const previous = this.#mirror;
    this.#mirror = next;
    for (const [id, view] of next) {
      const before = previous.get(id);
      if (!before || JSON.stringify(before) !== JSON.stringify(view)) for (const listener of this.#listeners) listener({ ...view });
    }
  }

  /**
   * Starts (or joins) a pull from any replica: the leader runs it; another replica records the intent in the journal,
   * which the leader picks up through its watch.
   */
  async submit(input: { model: string; user: Actor; override: Override; expectedBytes: number }): Promise<{ job: PullJob; joined: boolean }> {
    if (this.#leading) return this.start(input);
    const check = checkModelName(input.model);
    if (!check.ok) throw new AppError("invalid", check.reason);
    const entry = queuedEntry(check.display, input);
    let result: { entry: JournalEntry; joined: boolean };
    try {
      result = await this.#o.journal.request(entry, (other) => {
        const o = checkModelName(other.model);
        return o.ok && o.key === check.key;
      });
    } catch (err) {
      throw new AppError("unavailable", `The pull could not be handed to the leading replica: ${err instanceof Error ? err.message : String(err)}`);
    }
    const view = this.#mirror.get(result.entry.id) ?? queuedView(result.entry, false);
    if (!this.#mirror.has(view.id)) this.#mirror = new Map([[view.id, view], ...this.#mirror]);
    return { job: { ...view }, joined: result.joined };
  }

  #remember(id: string): void {
    this.#finishedIds.add(id);
    for (const old of this.#finishedIds) {
      if (this.#finishedIds.size <= FINISHED_IDS) break;
      this.#finishedIds.delete(old);
    }
  }

  /** Starts a pull of `model`, or joins the unfinished job pulling the same model under any spelling. */
  start(input: { model: string; user: Actor; override: Override; expectedBytes: number }): { job: PullJob; joined: boolean } {
    const check = checkModelName(input.model);
    if (!check.ok) throw new AppError("invalid", check.reason);
    const running = this.activeFor(check.display);
    if (running) return { job: running, joined: true };
    const entry = queuedEntry(check.display, input);
    const job = this.#add(entry, false);
    return { job: job.view, joined: false };
  }

  /** The unfinished job pulling `model` under any spelling, if any. */
  activeFor(model: string): PullJob | undefined {
    const check = checkModelName(model);
    if (!check.ok) return undefined;
    if (!this.#leading) {
      return [...this.#mirror.values()].find((j) => {
        const other = checkModelName(j.model);
        return !FINAL.has(j.state) && other.ok && other.key === check.key;
      });
    }
    return [...this.#active.values()].find((j) => j.key === check.key)?.view;
  }

  /** Picks up the journal's unfinished jobs (a previous console process was stopped mid-pull). */
  async resume(): Promise<PullJob[]> {
    const entries = await this.#journalCall(() => this.#o.journal.load());
    const resumed: PullJob[] = [];
    for (const entry of entries ?? []) {
      const check = checkModelName(entry.model);
      const duplicate = check.ok && [...this.#active.values()].some((j) => j.key === check.key);
      if (!check.ok || duplicate || this.#active.has(entry.id)) {
        if (!this.#active.has(entry.id)) void this.#journalCall(() => this.#o.journal.remove(entry.id));
        continue;
      }
      log.info("resuming pull from the journal", { model: entry.model, id: entry.id });
      resumed.push(this.#add(entry, true).view);
    }
    return resumed;
  }

  /** Cancels a job; resolves with its final state. Throws not_found for an unknown id. */
  async cancel(id: string, by: Actor): Promise<PullJob> {
    if (!this.#leading) return this.#cancelThroughJournal(id, by);
    const job = this.#active.get(id);
    if (!job) {
      const finished = this.#history.find((j) => j.id === id);
      if (finished) return finished;
      throw new AppError("not_found", "No such pull job (it may have finished long ago)");
    }
    job.cancelledBy = by;
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      this.#finish(job, "cancelled");
    } else {
      job.abort.abort();
    }
    await job.done;
    return job.view;
  }

  /** Follower: asks the leader through the journal and waits for the job's end (or returns its state after a while). */
  async #cancelThroughJournal(id: string, by: Actor): Promise<PullJob> {
    const known = this.#mirror.get(id);
    if (known && FINAL.has(known.state)) return known;
    let asked: boolean;
    try {
      asked = await this.#o.journal.requestCancel(id, { id: by.id, name: by.name, role: by.role });
    } catch (err) {
      throw new AppError("unavailable", `The cancel could not be handed to the leading replica: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!asked) {
      const finished = this.#mirror.get(id);
      if (finished) return finished;
      throw new AppError("not_found", "No such pull job (it may have finished long ago)");
    }
    const deadline = Date.now() + FOLLOWER_CANCEL_WAIT_MS;
    while (Date.now() < deadline) {
      const view = this.#mirror.get(id);
      if (view && FINAL.has(view.state)) return view;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.#mirror.get(id) ?? known ?? (() => { throw new AppError("not_found", "No such pull job (it may have finished long ago)"); })();
  }

  /** Unfinished jobs (oldest first), then finished ones (newest first). */
  list(): PullJob[] {
    if (!this.#leading) return [...this.#mirror.values()].map((j) => ({ ...j }));
    return [...[...this.#active.values()].map((j) => j.view), ...this.#history];
  }

  /** Whether unfinished jobs are safely journaled; the reason when not (they would not survive a restart). */
  journalProblem(): string | undefined {
    return this.#journalProblem;
  }

  /** Calls `listener` with each job update, at most one per job per publish interval. Returns the unsubscribe function. */
  subscribe(listener: (job: PullJob) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops every stream as if the process died: the journal keeps the jobs for the next process. */
  shutdown(): void {
    this.#closed = true;
    clearInterval(this.#flusher);
    this.#unwatch?.();
    this.#unwatch = undefined;
    for (const job of this.#active.values()) {
      clearTimeout(job.timer);
      job.abort.abort();
    }
  }

  /** Resolves once every journal write started so far has ended (after `shutdown()`: the journal is what the next process reads). */
  async journalIdle(): Promise<void> {
    while (this.#writes.size > 0) await Promise.allSettled([...this.#writes]);
  }

  #add(entry: JournalEntry, resumed: boolean): Job {
    let settle = () => undefined as void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const check = checkModelName(entry.model);
    const job: Job = {
      view: queuedView(entry, resumed),
      key: check.ok ? check.key : entry.model.toLowerCase(),
      abandoned: false,
      entry,
      tracker: new ProgressTracker(entry.expectedBytes),
      abort: new AbortController(),
      lastPublish: 0,
      timer: undefined,
      cancelledBy: undefined,
      done,
      settle,
    };
    this.#active.set(entry.id, job);
    this.#queue.push(job);
    if (!resumed) void this.#journalCall(() => this.#o.journal.save(entry));
    this.#publish(job);
    this.#pump();
    return job;
  }

  #pump(): void {
    while (!this.#closed && this.#running < this.#o.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift();
      if (!job) break;
      this.#running++;
      void this.#run(job).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  async #run(job: Job): Promise<void> {
    this.#journal(job, "running");
    let failures = 0;
    for (;;) {
      job.view.attempt++;
      job.view.nextRetryAt = null;
      this.#update(job, "pulling_manifest", "connecting to Ollama");
      let progressed = false;
      try {
        for await (const line of await this.#o.open(job.view.model, job.abort.signal)) {
          progressed ||= Boolean(line.digest);
          job.tracker.apply(line, performance.now());
          this.#fromTracker(job);
        }
        if (job.abandoned) return;
        return this.#finish(job, "succeeded");
      } catch (err) {
        if (this.#closed || job.abandoned) return;
        if (job.abort.signal.aborted) return this.#finish(job, "cancelled");
        const failure = classifyFailure(err);
        failures = progressed ? 1 : failures + 1;
        if (!failure.retry || failures >= this.#o.retry.attempts) return this.#fail(job, failure.message);
        const delay = Math.min(this.#o.retry.firstMs * 2 ** (failures - 1), this.#o.retry.maxMs);
        job.view.nextRetryAt = new Date(Date.now() + delay).toISOString();
        this.#update(job, "retrying", `${failure.message}; retrying in ${Math.ceil(delay / 1000)}s`);
        this.#journal(job, "retrying");
        log.warn("pull attempt failed; retrying", { model: job.view.model, attempt: job.view.attempt, reason: failure.message });
        if (!(await sleep(delay, job.abort.signal))) return this.#closed || job.abandoned ? undefined : this.#finish(job, "cancelled");
        job.tracker.restart();
        this.#journal(job, "running");
      }
    }
  }

  #fromTracker(job: Job): void {
    const p = job.tracker.snapshot();
    Object.assign(job.view, {
      completedBytes: p.completedBytes,
      totalBytes: p.totalBytes,
      bytesPerSecond: p.bytesPerSecond ?? null,
      etaSeconds: p.etaSeconds ?? null,
    });
    this.#update(job, p.phase, p.status || job.view.status);
  }

  #update(job: Job, state: PullJob["state"], status: string): void {
    job.view.state = state;
    job.view.status = status;
    this.#publish(job);
  }

  /** Fails the job now; the disk state follows in a later update, once measured after the failure. */
  #fail(job: Job, message: string): void {
    const failedAt = Date.now();
    this.#finish(job, "failed", message);
    void this.#o
      .diskProbe?.(failedAt)
      .then((disk) => {
        job.view.diskAtFailure = disk;
        this.#publish(job);
      })
      .catch(() => undefined);
  }

  #finish(job: Job, state: "succeeded" | "failed" | "cancelled", error?: string): void {
    Object.assign(job.view, {
      state,
      status: state === "succeeded" ? "success" : state === "cancelled" ? "cancelled; partial download kept" : "failed",
      error: error ?? null,
      bytesPerSecond: null,
      etaSeconds: null,
      nextRetryAt: null,
      finishedAt: new Date().toISOString(),
      cancelledBy: job.cancelledBy?.name ?? null,
    });
    if (state === "succeeded") job.view.completedBytes = job.view.totalBytes;
    this.#active.delete(job.view.id);
    this.#remember(job.view.id);
    this.#history = [job.view, ...this.#history].slice(0, this.#o.historySize);
    const final = { ...job.view };
    this.#publish(job);
    const actor = state === "cancelled" && job.cancelledBy ? job.cancelledBy : job.entry.startedBy;
    // The journal first, the audit after: a leader that dies in between leaves no entry to resume, so a successor never
    // runs (and audits) the same pull again (at most one audit per job).
    void this.#journalCall(() => this.#o.journal.finish(final)).then(() => this.#o.onFinish?.(job.view, actor));
    job.settle();
  }

  /** Sends the job's state now, or at the end of the current interval (the latest state wins). */
  #publish(job: Job): void {
    this.#progressDirty = true;
    if (job.timer) return;
    const wait = job.lastPublish + this.#o.publishMs - performance.now();
    const send = () => {
      job.timer = undefined;
      job.lastPublish = performance.now();
      const view = { ...job.view };
      for (const listener of this.#listeners) listener(view);
    };
    if (wait <= 0) send();
    else job.timer = setTimeout(send, wait);
  }

  #journal(job: Job, state: JournalEntry["state"]): void {
    if (this.#closed || FINAL.has(job.view.state) || job.entry.state === state) return;
    job.entry.state = state;
    void this.#journalCall(() => this.#o.journal.save(job.entry));
  }

  #journalCall<T>(call: () => Promise<T>): Promise<T | undefined> {
    const write = this.#journalAttempt(call);
    this.#writes.add(write);
    void write.finally(() => this.#writes.delete(write));
    return write;
  }

  async #journalAttempt<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await call();
      this.#journalProblem = undefined;
      return result;
    } catch (err) {
      this.#journalProblem = err instanceof Error ? err.message : String(err);
      log.warn("pull journal write failed; unfinished pulls may not survive a console restart", { reason: this.#journalProblem });
      return undefined;
    }
  }
}
