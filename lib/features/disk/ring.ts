// A fixed-size ring of samples: the oldest is dropped when full.
import "server-only";

/** Keeps the last `capacity` values in insertion order. */
export class Ring<T> {
  readonly #values: T[] = [];
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(value: T): void {
    this.#values.push(value);
    if (this.#values.length > this.#capacity) this.#values.splice(0, this.#values.length - this.#capacity);
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.#values];
  }
}
