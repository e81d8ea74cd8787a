// One-shot log reads for the log view: the last N lines of the current or previous container, the last lines of a
// container in the restart history, and the restart history with what is still readable for each entry.
import "server-only";
import { restartHistory, watchedPods } from "../../doors/kubernetes/cache";
import { pickOllamaContainer, readOllamaContainerSpec, readPodLog } from "../../doors/kubernetes/logs";
import type { Target } from "../../doors/runtime/config";
import { AppError } from "../../doors/runtime/errors";
import { logHub, locateOllama } from "./";
import { highlight } from "./highlights";
import { parseLine } from "./parse";
import { debugWarning, type DebugWarning } from "./debug";
import type { LogEntry } from "../../shared/logs/types";
import { MAX_LINE_CHARS } from "../../shared/logs/types";

/** The most a one-shot read returns (the kubelet rotates at 10 MiB; the view shows the end). */
export const MAX_TAIL = 5_000;
const MAX_READ_BYTES = 4 * 1024 * 1024;
const RESTART_LINES = 200;

/** Raw kubelet text → entries (the last `max` lines). */
export function toEntries(text: string, max = MAX_TAIL): LogEntry[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.slice(-max).map((raw, i) => {
    const parsed = parseLine(raw.length > MAX_LINE_CHARS + 40 ? `${raw.slice(0, MAX_LINE_CHARS + 40)}… [cut]` : raw);
    return { seq: i + 1, time: parsed.time, level: parsed.level, text: parsed.text, highlight: highlight(parsed) };
  });
}

export interface LogRead {
  pod: string;
  container: string;
  previous: boolean;
  entries: LogEntry[];
}

/** The last `tail` lines of the Ollama container (or of its previous instance). Throws AppError with the kubelet's reason. */
export async function readOllamaLog(target: Target, opts: { tail: number; previous: boolean }): Promise<LogRead> {
  const where = locateOllama((await watchedPods(target)).items);
  const { pod, container } = where;
  if (!pod || !container) throw new AppError("not_found", "waiting" in where ? where.waiting : "no Ollama pod", "kubernetes");
  const text = await readPodLog(target, { pod, container, tailLines: opts.tail, previous: opts.previous, limitBytes: MAX_READ_BYTES });
  return { pod, container, previous: opts.previous, entries: toEntries(text, opts.tail) };
}

export interface RestartEntry {
  pod: string;
  container: string;
  restartCount: number;
  reason: string;
  exitCode: number;
  finishedAt: string | undefined;
  /** console: the console was following and kept the last lines; kubelet: still readable with previous=true; gone: neither. */
  lines: "console" | "kubelet" | "gone";
}

/** The restart history of the Ollama container, newest first, with where its last lines can still be read. */
export async function logRestarts(target: Target): Promise<RestartEntry[]> {
  const pods = (await watchedPods(target)).items;
  const dead = logHub(target).deadInstances();
  const seenLatest = new Set<string>();
  return restartHistory(target)
    .filter((r) => {
      const pod = pods.find((p) => p.name === r.pod);
      const ollama = pod ? pickOllamaContainer(pod.containers.filter((c) => !c.init))?.name : undefined;
      return ollama === undefined || ollama === r.container;
    })
    .map((r) => {
      const key = `${r.pod}/${r.container}`;
      const latest = !seenLatest.has(key);
      seenLatest.add(key);
      const podExists = pods.some((p) => p.name === r.pod && !p.deleting);
      const kept = dead.some((d) => d.pod === r.pod && d.container === r.container && matchesRestart(d.restartCount, r.restartCount));
      return {
        pod: r.pod,
        container: r.container,
        restartCount: r.restartCount,
        reason: r.reason,
        exitCode: r.exitCode,
        finishedAt: r.finishedAt,
        lines: kept ? "console" : latest && podExists ? "kubelet" : "gone",
      };
    });
}

/** The termination recorded with restart count N ended the instance that ran as N-1 (lastState) or as N (still terminated). */
function matchesRestart(instance: number, recorded: number): boolean {
  return instance === recorded - 1 || instance === recorded;
}

/** The last lines of the container that died in one restart-history entry. Throws AppError not_found when they are gone. */
export async function readRestartLines(target: Target, ref: { pod: string; container: string; restartCount: number }): Promise<LogRead & { source: "console" | "kubelet" }> {
  const entry = (await logRestarts(target)).find((r) => r.pod === ref.pod && r.container === ref.container && r.restartCount === ref.restartCount);
  if (!entry) throw new AppError("not_found", `No restart of ${ref.pod}/${ref.container} with restart count ${ref.restartCount} is in the history`, "console");
  if (entry.lines === "console") {
    const dead = logHub(target)
      .deadInstances()
      .find((d) => d.pod === ref.pod && d.container === ref.container && matchesRestart(d.restartCount, ref.restartCount));
    if (dead) return { pod: dead.pod, container: dead.container, previous: true, entries: dead.lines, source: "console" };
  }
  if (entry.lines === "kubelet") {
    const text = await readPodLog(target, { pod: ref.pod, container: ref.container, previous: true, tailLines: RESTART_LINES, limitBytes: MAX_READ_BYTES });
    return { pod: ref.pod, container: ref.container, previous: true, entries: toEntries(text, RESTART_LINES), source: "kubelet" };
  }
  throw new AppError(
    "not_found",
    "The last lines of this container are gone: the kubelet keeps only the latest terminated instance, and the console was not following the log when it died.",
    "console",
  );
}

/** Whether the Deployment turns on logging that can hold prompts. */
export async function logDebugWarning(target: Target): Promise<DebugWarning | undefined> {
  return debugWarning((await readOllamaContainerSpec(target)).env);
}
