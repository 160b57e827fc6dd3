/**
 * A small LRU of computed row sets, bounded by entry count and by total rows (4 bytes each), so a
 * token walk reuses one sorted index array per query instead of re-sorting on every page.
 */

/** LRU keyed by string; `weight` bounds the total size. */
export class Lru<V> {
  readonly #entries = new Map<string, { value: V; weight: number }>();
  #weight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
  ) {}

  /** The value, marked most recently used. */
  get(key: string): V | undefined {
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit.value;
  }

  /** Stores a value, evicting the least recently used ones beyond the bounds (never the new one). */
  set(key: string, value: V, weight: number): void {
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#weight -= old.weight;
      this.#entries.delete(key);
    }
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [k, e] of this.#entries) {
      if (k === key || (this.#entries.size <= this.maxEntries && this.#weight <= this.maxWeight)) break;
      this.#entries.delete(k);
      this.#weight -= e.weight;
    }
  }

  /** True if `key` is cached (does not change the order). */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }
}
