// The pull journal: unfinished jobs recorded in a ConfigMap in the namespace, so a restarted console resumes them.
import "server-only";
import type { V1ConfigMap } from "@kubernetes/client-node";
import type { Target } from "../config";
import { readConfigMap, updateConfigMap } from "../cluster/configmap";
import type { Role } from "../auth/roles";

/** What the pre-flight was overridden for, if anything: the audit trail records it. */
export type Override = "none" | "does_not_fit" | "unchecked";

/** One unfinished job as the journal keeps it. */
export interface JournalEntry {
  id: string;
  model: string;
  startedBy: { id: string; name: string; role: Role };
  startedAt: string;
  override: Override;
  state: "queued" | "running" | "retrying";
  /** Model size from the pre-flight manifest, for the progress bar before every layer has reported. */
  expectedBytes: number;
}

/** Where unfinished jobs are kept; the ConfigMap in production, a Map in unit tests. */
export interface Journal {
  load(): Promise<JournalEntry[]>;
  /** Inserts or replaces the entry with this id. */
  save(entry: JournalEntry): Promise<void>;
  remove(id: string): Promise<void>;
}

const KEY = "jobs.json";
const ATTEMPTS = 5;

function parseEntries(cm: V1ConfigMap | undefined): JournalEntry[] {
  const text = cm?.data?.[KEY];
  if (!text) return [];
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as JournalEntry[]).filter((e) => typeof e?.id === "string" && typeof e.model === "string") : [];
  } catch {
    return [];
  }
}

/** A journal in ConfigMap `name` of the target's namespace; writes are read-modify-write on resourceVersion, retried on Conflict. */
export class ConfigMapJournal implements Journal {
  readonly #target: Target;
  readonly #name: string;

  constructor(target: Target, name: string) {
    this.#target = target;
    this.#name = name;
  }

  /** Entries of unfinished jobs, as this or an earlier console process left them. */
  async load(): Promise<JournalEntry[]> {
    return parseEntries(await readConfigMap(this.#target, this.#name));
  }

  save(entry: JournalEntry): Promise<void> {
    return this.#update((entries) => [...entries.filter((e) => e.id !== entry.id), entry]);
  }

  remove(id: string): Promise<void> {
    return this.#update((entries) => entries.filter((e) => e.id !== id));
  }

  async #update(change: (entries: JournalEntry[]) => JournalEntry[]): Promise<void> {
    await updateConfigMap(this.#target, this.#name, (current) => ({ ...current?.data, [KEY]: JSON.stringify(change(parseEntries(current)), null, 1) }), {
      attempts: ATTEMPTS,
    });
  }
}

/** An in-memory journal (unit tests, and the benchmark): same contract, no cluster. */
export class MemoryJournal implements Journal {
  readonly entries = new Map<string, JournalEntry>();
  load(): Promise<JournalEntry[]> {
    return Promise.resolve([...this.entries.values()]);
  }
  save(entry: JournalEntry): Promise<void> {
    this.entries.set(entry.id, structuredClone(entry));
    return Promise.resolve();
  }
  remove(id: string): Promise<void> {
    this.entries.delete(id);
    return Promise.resolve();
  }
}
