// The pull journal: unfinished jobs recorded in a ConfigMap in the namespace, so a restarted console resumes them, a
// replica that does not lead records intents the leader picks up through its watch, and every replica reads progress.
import "server-only";
import type { Target } from "../../doors/runtime/config";
import { readConfigMap, updateConfigMap, watchConfigMap, type ConfigMapDoc } from "../../doors/kubernetes/configmap";
import type { Reflector } from "../../doors/kubernetes/reflector";
import type { PullJob } from "./job";
import type { Role } from "../../shared/auth/roles";

/** What the pre-flight was overridden for, if anything: the audit trail records it. */
export type Override = "none" | "does_not_fit" | "unchecked";

/** Who acts on a job, as the journal records it. */
export interface JournalActor {
  id: string;
  name: string;
  role: Role;
}

/** One unfinished job as the journal keeps it. */
export interface JournalEntry {
  id: string;
  model: string;
  startedBy: JournalActor;
  startedAt: string;
  override: Override;
  state: "queued" | "running" | "retrying";
  /** Model size from the pre-flight manifest, for the progress bar before every layer has reported. */
  expectedBytes: number;
  /** Set by a replica that is not the leader when an operator cancels there: the leader cancels on its behalf. */
  cancel?: JournalActor;
}

/**
 * Everything the journal holds, as every replica sees it through its watch: the unfinished jobs (the leader's work
 * list, and the intents other replicas add), their last published progress, and the newest finished jobs.
 */
export interface JournalState {
  entries: JournalEntry[];
  /** The leader's latest view of each unfinished job, written at most once per PROGRESS_FLUSH_MS. */
  progress: Record<string, PullJob>;
  /** Finished jobs, newest first, at most HISTORY_SIZE. */
  history: PullJob[];
}

/** Where unfinished jobs are kept; the ConfigMap in production, a Map in unit tests. */
export interface Journal {
  load(): Promise<JournalEntry[]>;
  /** Inserts or replaces the entry with this id (a cancel request already recorded on it is kept). */
  save(entry: JournalEntry): Promise<void>;
  remove(id: string): Promise<void>;
  /** Ends a job in one write: its entry and progress go, its final view joins the history. */
  finish(view: PullJob): Promise<void>;
  /** Records the leader's views of the unfinished jobs (entries already gone are skipped). */
  progress(views: PullJob[]): Promise<void>;
  /** A replica that does not lead asks for a pull: adds `entry`, unless an unfinished job for the same model (`sameModel`) exists, which it joins. */
  request(entry: JournalEntry, sameModel: (other: JournalEntry) => boolean): Promise<{ entry: JournalEntry; joined: boolean }>;
  /** A replica that does not lead asks the leader to cancel job `id`; false when the journal has no such unfinished job. */
  requestCancel(id: string, by: JournalActor): Promise<boolean>;
  /** Follows the journal: `onChange` with every version (now, if one is known). Returns the unsubscribe. */
  watch(onChange: (state: JournalState) => void): () => void;
}

/** Finished jobs the journal keeps for every replica's list. */
export const HISTORY_SIZE = 20;

const KEY = "jobs.json";
const PROGRESS_KEY = "progress.json";
const HISTORY_KEY = "history.json";
const ATTEMPTS = 8;

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isView(v: unknown): v is PullJob {
  const j = v as PullJob | null;
  return typeof j?.id === "string" && typeof j.model === "string" && typeof j.state === "string";
}

function parseEntries(cm: ConfigMapDoc | undefined): JournalEntry[] {
  const value = parseJson(cm?.data?.[KEY]);
  return Array.isArray(value) ? (value as JournalEntry[]).filter((e) => typeof e?.id === "string" && typeof e.model === "string") : [];
}

/** The whole journal from its ConfigMap (malformed parts read as empty). */
export function parseJournal(cm: ConfigMapDoc | undefined): JournalState {
  const progress = parseJson(cm?.data?.[PROGRESS_KEY]);
  const history = parseJson(cm?.data?.[HISTORY_KEY]);
  return {
    entries: parseEntries(cm),
    progress: Object.fromEntries(
      Object.entries(progress && typeof progress === "object" && !Array.isArray(progress) ? progress : {}).filter((e): e is [string, PullJob] => isView(e[1])),
    ),
    history: Array.isArray(history) ? history.filter(isView).slice(0, HISTORY_SIZE) : [],
  };
}

/** The pure changes every Journal applies, shared by the ConfigMap and the in-memory one. */
const change = {
  save: (s: JournalState, entry: JournalEntry): JournalState => {
    const old = s.entries.find((e) => e.id === entry.id);
    const cancel = old?.cancel ?? entry.cancel;
    return { ...s, entries: [...s.entries.filter((e) => e.id !== entry.id), { ...entry, ...(cancel ? { cancel } : {}) }] };
  },
  remove: (s: JournalState, id: string): JournalState => {
    const { [id]: _gone, ...progress } = s.progress;
    return { ...s, entries: s.entries.filter((e) => e.id !== id), progress };
  },
  finish: (s: JournalState, view: PullJob): JournalState => {
    const removed = change.remove(s, view.id);
    return { ...removed, history: [view, ...s.history.filter((h) => h.id !== view.id)].slice(0, HISTORY_SIZE) };
  },
  progress: (s: JournalState, views: PullJob[]): JournalState => {
    const ids = new Set(s.entries.map((e) => e.id));
    return { ...s, progress: Object.fromEntries(views.filter((v) => ids.has(v.id)).map((v) => [v.id, v])) };
  },
};

function serialize(s: JournalState, previous: Record<string, string> | undefined): Record<string, string> {
  return {
    ...previous,
    [KEY]: JSON.stringify(s.entries, null, 1),
    [PROGRESS_KEY]: JSON.stringify(s.progress),
    [HISTORY_KEY]: JSON.stringify(s.history),
  };
}

/** A journal in ConfigMap `name` of the target's namespace; writes are read-modify-write on resourceVersion, retried on Conflict. */
export class ConfigMapJournal implements Journal {
  readonly #target: Target;
  readonly #name: string;
  #reflector: Reflector<JournalState> | undefined;
  readonly #listeners = new Set<(state: JournalState) => void>();

  constructor(target: Target, name: string) {
    this.#target = target;
    this.#name = name;
  }

  /** Entries of unfinished jobs, as this or an earlier console process left them. */
  async load(): Promise<JournalEntry[]> {
    return parseEntries(await readConfigMap(this.#target, this.#name));
  }

  save(entry: JournalEntry): Promise<void> {
    return this.#update((s) => change.save(s, entry));
  }

  remove(id: string): Promise<void> {
    return this.#update((s) => change.remove(s, id));
  }

  finish(view: PullJob): Promise<void> {
    return this.#update((s) => change.finish(s, view));
  }

  progress(views: PullJob[]): Promise<void> {
    return this.#update((s) => change.progress(s, views));
  }

  async request(entry: JournalEntry, sameModel: (other: JournalEntry) => boolean): Promise<{ entry: JournalEntry; joined: boolean }> {
    let result = { entry, joined: false };
    await this.#update((s) => {
      const existing = s.entries.find(sameModel);
      result = existing ? { entry: existing, joined: true } : { entry, joined: false };
      return existing ? undefined : change.save(s, entry);
    });
    return result;
  }

  async requestCancel(id: string, by: JournalActor): Promise<boolean> {
    let found = false;
    await this.#update((s) => {
      const entry = s.entries.find((e) => e.id === id);
      found = entry !== undefined;
      return entry ? { ...s, entries: s.entries.map((e) => (e.id === id ? { ...e, cancel: by } : e)) } : undefined;
    });
    return found;
  }

  watch(onChange: (state: JournalState) => void): () => void {
    this.#listeners.add(onChange);
    if (!this.#reflector) {
      this.#reflector = watchConfigMap(this.#target, this.#name, parseJournal, (state) => {
        for (const listener of this.#listeners) listener(state);
      });
      this.#reflector.start();
    } else {
      const known = this.#reflector.snapshot().items[0];
      if (known) onChange(known);
    }
    return () => {
      this.#listeners.delete(onChange);
      if (this.#listeners.size === 0) {
        this.#reflector?.stop();
        this.#reflector = undefined;
      }
    };
  }

  async #update(apply: (state: JournalState) => JournalState | undefined): Promise<void> {
    await updateConfigMap(
      this.#target,
      this.#name,
      (current) => {
        const next = apply(parseJournal(current));
        return next ? serialize(next, current?.data) : undefined;
      },
      { attempts: ATTEMPTS },
    );
  }
}

/** An in-memory journal (unit tests, and the benchmark): same contract, no cluster. */
export class MemoryJournal implements Journal {
  state: JournalState = { entries: [], progress: {}, history: [] };
  readonly #listeners = new Set<(state: JournalState) => void>();

  /** Unfinished entries by id (what the ConfigMap's jobs.json holds). */
  get entries(): Map<string, JournalEntry> {
    return new Map(this.state.entries.map((e) => [e.id, e]));
  }

  load(): Promise<JournalEntry[]> {
    return Promise.resolve(structuredClone(this.state.entries));
  }
  save(entry: JournalEntry): Promise<void> {
    return this.#set(change.save(this.state, structuredClone(entry)));
  }
  remove(id: string): Promise<void> {
    return this.#set(change.remove(this.state, id));
  }
  finish(view: PullJob): Promise<void> {
    return this.#set(change.finish(this.state, structuredClone(view)));
  }
  progress(views: PullJob[]): Promise<void> {
    return this.#set(change.progress(this.state, structuredClone(views)));
  }
  async request(entry: JournalEntry, sameModel: (other: JournalEntry) => boolean): Promise<{ entry: JournalEntry; joined: boolean }> {
    const existing = this.state.entries.find(sameModel);
    if (existing) return { entry: existing, joined: true };
    await this.save(entry);
    return { entry, joined: false };
  }
  async requestCancel(id: string, by: JournalActor): Promise<boolean> {
    if (!this.state.entries.some((e) => e.id === id)) return false;
    await this.#set({ ...this.state, entries: this.state.entries.map((e) => (e.id === id ? { ...e, cancel: by } : e)) });
    return true;
  }
  watch(onChange: (state: JournalState) => void): () => void {
    this.#listeners.add(onChange);
    onChange(structuredClone(this.state));
    return () => this.#listeners.delete(onChange);
  }
  #set(next: JournalState): Promise<void> {
    this.state = next;
    // Like a watch event: after the write returned.
    const copy = structuredClone(next);
    setTimeout(() => this.#listeners.forEach((l) => l(copy)), 0);
    return Promise.resolve();
  }
}
