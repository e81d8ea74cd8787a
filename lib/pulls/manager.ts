// Server-owned pull jobs: a queue with a concurrency limit, joined duplicates, retries with backoff, throttled updates, a journal.
import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "../errors";
import { log } from "../log";
import { checkModelName } from "../ollama/names";
import { FINAL, classifyFailure, queuedView, type PullJob } from "./job";
import type { Journal, JournalEntry, Override } from "./journal";
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
}

interface Job {
  view: PullJob;
  key: string;
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

/** Sleeps `ms`; false when `signal` aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => resolve(true), ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve(false)), { once: true });
  });
}

/** Runs and tracks every pull of one Ollama installation. */
export class PullManager {
  readonly #o: ManagerOptions & { retry: typeof DEFAULT_RETRY; historySize: number; publishMs: number };
  readonly #active = new Map<string, Job>();
  readonly #queue: Job[] = [];
  #running = 0;
  #history: PullJob[] = [];
  readonly #listeners = new Set<(job: PullJob) => void>();
  #journalProblem: string | undefined;
  #closed = false;
  /** Journal writes in flight, so a shutdown can wait for them. */
  readonly #writes = new Set<Promise<unknown>>();

  constructor(options: ManagerOptions) {
    this.#o = { retry: DEFAULT_RETRY, historySize: 20, publishMs: 260, ...options };
  }

  /** Starts a pull of `model`, or joins the unfinished job pulling the same model under any spelling. */
  start(input: { model: string; user: Actor; override: Override; expectedBytes: number }): { job: PullJob; joined: boolean } {
    const check = checkModelName(input.model);
    if (!check.ok) throw new AppError("invalid", check.reason);
    const running = this.activeFor(check.display);
    if (running) return { job: running, joined: true };
    const entry: JournalEntry = {
      id: randomUUID(),
      model: check.display,
      startedBy: { id: input.user.id, name: input.user.name, role: input.user.role },
      startedAt: new Date().toISOString(),
      override: input.override,
      state: "queued",
      expectedBytes: input.expectedBytes,
    };
    const job = this.#add(entry, false);
    return { job: job.view, joined: false };
  }

  /** The unfinished job pulling `model` under any spelling, if any. */
  activeFor(model: string): PullJob | undefined {
    const check = checkModelName(model);
    return check.ok ? [...this.#active.values()].find((j) => j.key === check.key)?.view : undefined;
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

  /** Unfinished jobs (oldest first), then finished ones (newest first). */
  list(): PullJob[] {
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
        return this.#finish(job, "succeeded");
      } catch (err) {
        if (this.#closed) return;
        if (job.abort.signal.aborted) return this.#finish(job, "cancelled");
        const failure = classifyFailure(err);
        failures = progressed ? 1 : failures + 1;
        if (!failure.retry || failures >= this.#o.retry.attempts) return this.#fail(job, failure.message);
        const delay = Math.min(this.#o.retry.firstMs * 2 ** (failures - 1), this.#o.retry.maxMs);
        job.view.nextRetryAt = new Date(Date.now() + delay).toISOString();
        this.#update(job, "retrying", `${failure.message}; retrying in ${Math.ceil(delay / 1000)}s`);
        this.#journal(job, "retrying");
        log.warn("pull attempt failed; retrying", { model: job.view.model, attempt: job.view.attempt, reason: failure.message });
        if (!(await sleep(delay, job.abort.signal))) return this.#closed ? undefined : this.#finish(job, "cancelled");
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
    this.#history = [job.view, ...this.#history].slice(0, this.#o.historySize);
    void this.#journalCall(() => this.#o.journal.remove(job.view.id));
    this.#publish(job);
    const actor = state === "cancelled" && job.cancelledBy ? job.cancelledBy : job.entry.startedBy;
    this.#o.onFinish?.(job.view, actor);
    job.settle();
  }

  /** Sends the job's state now, or at the end of the current interval (the latest state wins). */
  #publish(job: Job): void {
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
