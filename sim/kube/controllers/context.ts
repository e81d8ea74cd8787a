// What every controller gets: the store, the settings, a timer set that dies with the simulator.
import type { PodLogs } from "../logs.ts";
import type { KubeSimSettings } from "../settings.ts";
import type { ObjectStore } from "../store.ts";
import type { StoreEvent } from "../types.ts";

/** Timers that can all be cancelled at once (scenario reset, shutdown). */
export class Timers {
  readonly #pending = new Set<NodeJS.Timeout>();

  /** Runs `fn` after `ms`, unless cleared first. */
  after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      try {
        fn();
      } catch (err) {
        // A controller's error must not end the simulator's process; the controllers record what they can as Events.
        console.error("kube simulator controller:", err);
      }
    }, ms);
    this.#pending.add(timer);
  }

  /** Cancels everything pending. */
  clear(): void {
    this.#pending.forEach(clearTimeout);
    this.#pending.clear();
  }
}

/** What a controller may use. */
export interface ControllerContext {
  store: ObjectStore;
  settings: KubeSimSettings;
  timers: Timers;
  logs: PodLogs;
}

/** A controller reacts to store changes and to resets (a scenario load). */
export interface Controller {
  onEvent(event: StoreEvent): void;
  onReset?(): void;
}
