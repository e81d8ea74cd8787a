// Container logs for `pods/{name}/log`: per-container lines, previous instance, tail, timestamps, follow.
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
  previous: LogLine[];
  followers: Set<(line: LogLine) => void>;
}

function containerNames(pod: KubeObject): string[] {
  return getArray(pod, "spec.containers").map((c) => getString(c, "name") ?? "");
}

/** Log text of every simulated container, keyed by namespace/pod/container. */
export class PodLogs {
  readonly #logs = new Map<string, ContainerLog>();

  #log(namespace: string, pod: string, container: string): ContainerLog {
    const key = `${namespace}/${pod}/${container}`;
    let log = this.#logs.get(key);
    if (!log) this.#logs.set(key, (log = { current: [], previous: [], followers: new Set() }));
    return log;
  }

  /** Appends text (split into lines) to a container's current log; followers receive it at once. */
  append(namespace: string, pod: string, container: string, text: string): void {
    const log = this.#log(namespace, pod, container);
    for (const line of text.replace(/\n$/, "").split("\n")) {
      const entry = { time: new Date().toISOString(), text: line };
      log.current.push(entry);
      log.followers.forEach((f) => f(entry));
    }
  }

  /** The container restarted: its current log becomes the previous one (`?previous=true`). */
  restart(namespace: string, pod: string, container: string): void {
    const log = this.#log(namespace, pod, container);
    log.previous = log.current;
    log.current = [];
  }

  /** Forgets every log (scenario reset). */
  clear(): void {
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
    const status = getArray(pod, "status.containerStatuses").find((cs) => getPath(cs, "name") === container);
    const previous = query.get("previous") === "true";
    if (previous && getPath(status, "lastState.terminated") === undefined) {
      throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    }
    const waiting = getString(status, "state.waiting.reason");
    if (!previous && (status === undefined || waiting !== undefined)) {
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${waiting ?? "ContainerCreating"}`);
    }
    const log = this.#log(namespace, name, container);
    const timestamps = query.get("timestamps") === "true";
    const format = (l: LogLine) => `${timestamps ? `${l.time} ` : ""}${l.text}\n`;
    const tail = query.get("tailLines");
    const lines = previous ? log.previous : log.current;
    let text = (tail !== null ? lines.slice(Math.max(0, lines.length - Number(tail))) : lines).map(format).join("");
    const limit = query.get("limitBytes");
    if (limit !== null) text = Buffer.from(text).subarray(0, Number(limit)).toString("utf8");
    res.writeHead(200, { "Content-Type": "text/plain" });
    if (query.get("follow") !== "true" || previous) {
      res.end(text);
      return;
    }
    res.write(text);
    const follower = (line: LogLine) => res.write(format(line));
    log.followers.add(follower);
    const unsubscribe = store.subscribe((e) => {
      if (e.type === "DELETED" && e.def.kind === "Pod" && e.object.metadata.namespace === namespace && e.object.metadata.name === name) res.end();
    });
    res.on("close", () => {
      log.followers.delete(follower);
      unsubscribe();
    });
  }
}
