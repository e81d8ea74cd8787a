// Blob downloads de-duplicated per digest (Ollama's blobDownloadManager), sharing one simulated link speed.
import { NoSpaceError, type SimVolume } from "../volume.ts";

const TICK_MS = 20;

/** One waiter's hold on a running blob download. */
export interface Transfer {
  readonly digest: string;
  readonly total: number;
  /** Bytes on disk for this blob so far (resumed bytes included). */
  completed(): number;
  /** Resolves when the blob is complete; rejects with the Go error text (ENOSPC, `context canceled`). */
  readonly done: Promise<void>;
  /** This waiter stops waiting; the last one leaving cancels the download unless downloads outlive clients. */
  leave(): void;
}

interface Running {
  digest: string;
  total: number;
  startedAt: number;
  /** When the last byte arrived, the end is only noticed on the next completion tick (download.go's 1 s ticker). */
  completeAt?: number;
  waiters: number;
  done: Promise<void>;
  settle: (error?: Error) => void;
}

export class DownloadManager {
  bytesPerSecond: number;
  /** Keep downloading after the last client disconnects (the behaviour reported in ollama#13142). */
  continueAfterDisconnect = false;
  /** Bytes actually transferred from the registry since creation (resumed bytes are not re-counted). */
  downloadedBytes = 0;
  /**
   * Real Ollama notices that a part is complete on a 1 s ticker, so every fetched blob takes at least a second and
   * ends on a whole second (1000 = that); 0 = as soon as the last byte is written (fast simulations, the default).
   */
  completionTickMs = 0;
  readonly #volume: SimVolume;
  readonly #running = new Map<string, Running>();
  #timer: NodeJS.Timeout | undefined;
  #last = 0;
  #carry = 0;

  constructor(volume: SimVolume, bytesPerSecond: number) {
    this.#volume = volume;
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Number of blobs currently downloading. */
  get active(): number {
    return this.#running.size;
  }

  /** Joins the running download of `digest`, or starts one that resumes from the partial file. */
  join(digest: string, total: number): Transfer {
    let run = this.#running.get(digest);
    if (!run) {
      let settle: (error?: Error) => void = () => undefined;
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error ? reject(error) : resolve());
      });
      done.catch(() => undefined);
      run = { digest, total, startedAt: performance.now(), waiters: 0, done, settle };
      this.#running.set(digest, run);
      this.#volume.writePartial(digest, total, 0);
      this.#startTimer();
    }
    const joined = run;
    joined.waiters++;
    let left = false;
    return {
      digest,
      total: joined.total,
      completed: () => this.#volume.partial(digest)?.completed ?? this.#volume.blobSize(digest) ?? 0,
      done: joined.done,
      leave: () => {
        if (left) return;
        left = true;
        joined.waiters--;
        if (joined.waiters === 0 && !this.continueAfterDisconnect) this.#finish(joined, new Error("context canceled"));
      },
    };
  }

  /** Cancels every download (the server process died); partial files stay. */
  cancelAll(): void {
    for (const run of [...this.#running.values()]) this.#finish(run, new Error("context canceled"));
  }

  #startTimer(): void {
    if (this.#timer) return;
    this.#last = performance.now();
    this.#carry = 0;
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  #finish(run: Running, error?: Error): void {
    if (this.#running.get(run.digest) !== run) return;
    this.#running.delete(run.digest);
    if (this.#running.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    run.settle(error);
  }

  #tick(): void {
    const now = performance.now();
    const budget = this.#carry + ((now - this.#last) / 1000) * this.bytesPerSecond;
    this.#last = now;
    let whole = Math.floor(budget);
    this.#carry = budget - whole;
    const remaining = (r: Running) => r.total - (this.#volume.partial(r.digest)?.completed ?? 0);
    const runs = [...this.#running.values()].sort((a, b) => remaining(a) - remaining(b));
    runs.forEach((run, i) => {
      const share = Math.min(remaining(run), Math.floor(whole / (runs.length - i)));
      const before = this.#volume.partial(run.digest)?.completed ?? 0;
      try {
        this.#volume.writePartial(run.digest, run.total, share);
      } catch (error) {
        if (!(error instanceof NoSpaceError)) throw error;
        this.#finish(run, error);
      }
      const written = (this.#volume.partial(run.digest)?.completed ?? 0) - before;
      whole -= written;
      this.downloadedBytes += written;
      if (remaining(run) === 0) {
        const tick = this.completionTickMs;
        run.completeAt ??= tick > 0 ? run.startedAt + Math.max(1, Math.ceil((now - run.startedAt) / tick)) * tick : now;
        if (now < run.completeAt) return;
        this.#volume.finishPartial(run.digest);
        this.#finish(run);
      }
    });
  }
}
