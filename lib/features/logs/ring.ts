// A bounded ring of log entries: at most `maxLines` entries and about `maxBytes` of text, oldest dropped first.
import "server-only";

/** O(1) push; the byte budget counts each entry's `text` length. */
export class LogRing<T extends { text: string }> {
  readonly #items: (T | undefined)[];
  readonly #maxBytes: number;
  #start = 0;
  #size = 0;
  #bytes = 0;

  constructor(maxLines: number, maxBytes: number) {
    this.#items = new Array<T | undefined>(maxLines);
    this.#maxBytes = maxBytes;
  }

  push(item: T): void {
    const cap = this.#items.length;
    if (this.#size === cap) this.#dropOldest();
    this.#items[(this.#start + this.#size) % cap] = item;
    this.#size++;
    this.#bytes += item.text.length;
    while (this.#bytes > this.#maxBytes && this.#size > 1) this.#dropOldest();
  }

  #dropOldest(): void {
    const old = this.#items[this.#start];
    this.#bytes -= old?.text.length ?? 0;
    this.#items[this.#start] = undefined;
    this.#start = (this.#start + 1) % this.#items.length;
    this.#size--;
  }

  /** The newest `n` entries (all by default), oldest first. */
  last(n = this.#size): T[] {
    const count = Math.max(0, Math.min(n, this.#size));
    const out: T[] = [];
    for (let i = this.#size - count; i < this.#size; i++) {
      const item = this.#items[(this.#start + i) % this.#items.length];
      if (item) out.push(item);
    }
    return out;
  }

  get size(): number {
    return this.#size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#start = 0;
    this.#size = 0;
    this.#bytes = 0;
  }
}
