// Watch streams: newline-delimited JSON events from a resourceVersion, bookmarks, expiry (410 inside a 200).
import type { ServerResponse } from "node:http";
import { expired, invalidResourceVersion } from "./errors.ts";
import { apiVersionOf } from "./resources.ts";
import type { Selector } from "./selectors.ts";
import type { ObjectStore } from "./store.ts";
import type { KubeObject, ResourceDef, StoreEvent } from "./types.ts";

/** What one watch request asks for. */
export interface WatchRequest {
  def: ResourceDef;
  namespace: string | undefined;
  selector: Selector;
  resourceVersion: string | null;
  timeoutSeconds: number | undefined;
  bookmarks: boolean;
  /** Converts an object for the wire (e.g. into a one-row Table). */
  render(obj: KubeObject): unknown;
}

interface ActiveWatch {
  def: ResourceDef;
  lastRv: number;
  send(type: string, object: unknown): void;
  end(): void;
}

type Emitted = { type: "ADDED" | "MODIFIED" | "DELETED"; object: KubeObject };

/** How a change looks through a selector: objects moving in or out of it appear as ADDED / DELETED. */
function throughSelector(event: StoreEvent, selector: Selector): Emitted | undefined {
  const now = event.type !== "DELETED" && selector.matches(event.object);
  const before = event.old !== undefined && selector.matches(event.old);
  if (event.type === "DELETED") return before ? { type: "DELETED", object: event.object } : undefined;
  if (now) return { type: before ? "MODIFIED" : "ADDED", object: event.object };
  return before ? { type: "DELETED", object: event.object } : undefined;
}

/** Owns every open watch so they can all be expired or closed at once. */
export class WatchHub {
  readonly #store: ObjectStore;
  readonly #watches = new Set<ActiveWatch>();
  readonly #timing: () => { bookmarkIntervalMs: number; watchMaxMs: number };

  constructor(store: ObjectStore, timing: () => { bookmarkIntervalMs: number; watchMaxMs: number }) {
    this.#store = store;
    this.#timing = timing;
  }

  /** Number of open watch streams. */
  get size(): number {
    return this.#watches.size;
  }

  /** Serves one watch request on `res` until the client leaves, the timeout passes or the hub ends it. */
  serve(res: ServerResponse, request: WatchRequest): void {
    const { def, namespace, selector } = request;
    const fromRv = request.resourceVersion && request.resourceVersion !== "0" ? Number(request.resourceVersion) : undefined;
    if (fromRv !== undefined && !Number.isInteger(fromRv)) throw invalidResourceVersion(request.resourceVersion ?? "");
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
    res.flushHeaders();
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe = () => {};
    // Ending detaches the watch at once: no event may be written after the stream's end.
    const detach = () => {
      unsubscribe();
      timers.forEach(clearTimeout);
      this.#watches.delete(watch);
    };
    const watch: ActiveWatch = {
      def,
      lastRv: fromRv ?? Number(this.#store.resourceVersion),
      send: (type, object) => res.write(`${JSON.stringify({ type, object })}\n`),
      end: () => {
        detach();
        res.end();
      },
    };
    const emit = (event: StoreEvent) => {
      if (event.def !== def || (namespace !== undefined && event.object.metadata.namespace !== namespace)) return;
      const out = throughSelector(event, selector);
      watch.lastRv = event.rv;
      if (out) watch.send(out.type, request.render(out.object));
    };
    if (fromRv === undefined) {
      for (const obj of this.#store.list(def.kind, namespace)) if (selector.matches(obj)) watch.send("ADDED", request.render(obj));
    } else {
      const changes = this.#store.changesSince(fromRv);
      if (!changes) {
        watch.send("ERROR", expired(fromRv, this.#store.oldestResumable).status);
        res.end();
        return;
      }
      changes.forEach(emit);
    }
    unsubscribe = this.#store.subscribe(emit);
    const { bookmarkIntervalMs, watchMaxMs } = this.#timing();
    const bookmark = () => watch.send("BOOKMARK", { kind: def.kind, apiVersion: apiVersionOf(def), metadata: { resourceVersion: this.#store.resourceVersion } });
    if (request.bookmarks) timers.push(setInterval(bookmark, bookmarkIntervalMs));
    timers.push(setTimeout(() => watch.end(), request.timeoutSeconds !== undefined ? request.timeoutSeconds * 1000 : watchMaxMs));
    this.#watches.add(watch);
    res.on("close", detach);
  }

  /** Sends every open watch a 410 Expired ERROR event and closes it. */
  expire(): void {
    for (const watch of [...this.#watches]) {
      watch.send("ERROR", expired(watch.lastRv, this.#store.oldestResumable).status);
      watch.end();
    }
  }

  /** Ends the watches `which` selects without an event (the resource went away). */
  close(which: (def: ResourceDef) => boolean): void {
    for (const watch of [...this.#watches]) if (which(watch.def)) watch.end();
  }
}
