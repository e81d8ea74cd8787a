// Container logs for `pods/{name}/log`: per-container lines, previous instance, tailLines, sinceSeconds/sinceTime,
// limitBytes, timestamps, follow — with the kubelet's rules for which instance a request reads (validateContainerLogStatus).
import type { ServerResponse } from "node:http";
import { badRequest, notFound } from "./errors.ts";
import { getArray, getPath, getString } from "./json.ts";
import { defForKind } from "./resources.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject } from "./types.ts";

interface LogLine {
  time: string;
  text: string;
}

interface ContainerLog {
  current: LogLine[];
  currentBytes: number;
  previous: LogLine[];
  /** Open follow streams of the current instance; each ends when the container stops. */
  followers: Set<{ write: (line: LogLine) => void; end: () => void }>;
}

/** The kubelet rotates a container's log at 10 MiB; the simulator keeps about as much of the current instance. */
const MAX_BYTES_PER_CONTAINER = 10 * 1024 * 1024;

function containerNames(pod: KubeObject): string[] {
  return getArray(pod, "spec.containers").map((c) => getString(c, "name") ?? "");
}

/** RFC 3339 with nanoseconds, as the kubelet writes `timestamps=true`. */
const nanoTime = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");

function integerParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`${name}: Invalid value: "${raw}": must be an integer`);
  const n = Number(raw);
  if (n < min) throw badRequest(`PodLogOptions "" is invalid: ${name}: Invalid value: ${n}: must be greater than or equal to ${min}`);
  return n;
}

/** Log text of every simulated container, keyed by namespace/pod/container. */
export class PodLogs {
  readonly #logs = new Map<string, ContainerLog>();
  /** Follow streams opened since start, and open now (the log benchmark counts upstream connections). */
  followsOpened = 0;
  followsOpen = 0;

  #log(namespace: string, pod: string, container: string): ContainerLog {
    const key = `${namespace}/${pod}/${container}`;
    let log = this.#logs.get(key);
    if (!log) this.#logs.set(key, (log = { current: [], currentBytes: 0, previous: [], followers: new Set() }));
    return log;
  }

  /** Appends text (split into lines) to a container's current log; followers receive it at once. */
  append(namespace: string, pod: string, container: string, text: string): void {
    const log = this.#log(namespace, pod, container);
    const time = nanoTime(new Date());
    for (const line of text.replace(/\n$/, "").split("\n")) {
      const entry = { time, text: line };
      log.current.push(entry);
      log.currentBytes += line.length + 1;
      log.followers.forEach((f) => f.write(entry));
    }
    let drop = 0;
    while (log.currentBytes > MAX_BYTES_PER_CONTAINER && drop < log.current.length) log.currentBytes -= (log.current[drop++]?.text.length ?? 0) + 1;
    if (drop) log.current.splice(0, drop);
  }

  /** The container exited and restarted: its log becomes the previous one (`?previous=true`) and every follow ends. */
  restart(namespace: string, pod: string, container: string): void {
    const log = this.#log(namespace, pod, container);
    log.previous = log.current;
    log.current = [];
    log.currentBytes = 0;
    log.followers.forEach((f) => f.end());
    log.followers.clear();
  }

  /** Forgets every log (scenario reset); open follows end. */
  clear(): void {
    for (const log of this.#logs.values()) log.followers.forEach((f) => f.end());
    this.#logs.clear();
  }

  /** Serves GET pods/{name}/log with the kubelet's errors for an ambiguous, waiting or never-restarted container. */
  serve(res: ServerResponse, store: ObjectStore, namespace: string, name: string, query: URLSearchParams): void {
    const pod = store.get("Pod", namespace, name);
    if (!pod) throw notFound(defForKind("Pod"), name);
    const names = containerNames(pod);
    const container = query.get("container") ?? (names.length === 1 ? names[0] : undefined);
    if (container === undefined) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(" ")}]`);
    if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
    const tail = integerParam(query, "tailLines", 0);
    const sinceSeconds = integerParam(query, "sinceSeconds", 1);
    const limit = integerParam(query, "limitBytes", 1);
    const sinceTimeRaw = query.get("sinceTime");
    if (sinceSeconds !== undefined && sinceTimeRaw !== null) throw badRequest("at most one of `sinceTime` or `sinceSeconds` may be specified");
    const sinceTime = sinceTimeRaw === null ? undefined : Date.parse(sinceTimeRaw);
    if (sinceTime !== undefined && Number.isNaN(sinceTime)) throw badRequest(`sinceTime: Invalid value: "${sinceTimeRaw}": not an RFC 3339 time`);

    const status = getArray(pod, "status.containerStatuses").find((cs) => getPath(cs, "name") === container);
    const hasPrevious = getPath(status, "lastState.terminated") !== undefined;
    const running = getPath(status, "state.running") !== undefined;
    const previous = query.get("previous") === "true";
    if (previous && !hasPrevious) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    // The kubelet serves a crash-looping container's last instance when no new one runs (validateContainerLogStatus).
    const readsPrevious = previous || (!running && hasPrevious);
    if (!readsPrevious && !running) {
      const waiting = getString(status, "state.waiting.reason");
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${waiting ?? "ContainerCreating"}`);
    }
    const log = this.#log(namespace, name, container);
    const timestamps = query.get("timestamps") === "true";
    const format = (l: LogLine) => `${timestamps ? `${l.time} ` : ""}${l.text}\n`;
    let lines = readsPrevious ? log.previous : log.current;
    const since = sinceSeconds !== undefined ? Date.now() - sinceSeconds * 1000 : sinceTime;
    if (since !== undefined) lines = lines.filter((l) => Date.parse(l.time) >= since);
    if (tail !== undefined) lines = lines.slice(Math.max(0, lines.length - tail));
    let text = lines.map(format).join("");
    if (limit !== undefined) text = Buffer.from(text).subarray(0, limit).toString("utf8");
    res.writeHead(200, { "Content-Type": "text/plain" });
    if (query.get("follow") !== "true" || readsPrevious) {
      res.end(text);
      return;
    }
    res.write(text);
    this.followsOpened++;
    this.followsOpen++;
    let sent = Buffer.byteLength(text);
    const follower = {
      write: (line: LogLine) => {
        const chunk = format(line);
        sent += Buffer.byteLength(chunk);
        res.write(chunk);
        if (limit !== undefined && sent >= limit) res.end();
      },
      end: () => res.end(),
    };
    log.followers.add(follower);
    const unsubscribe = store.subscribe((e) => {
      if (e.type === "DELETED" && e.def.kind === "Pod" && e.object.metadata.namespace === namespace && e.object.metadata.name === name) res.end();
    });
    res.on("close", () => {
      this.followsOpen--;
      log.followers.delete(follower);
      unsubscribe();
    });
  }
}
