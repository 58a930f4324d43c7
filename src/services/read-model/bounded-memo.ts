/**
 * A memo with a fixed number of entries, least recently used out first. Values derived from a
 * read view per request-chosen key (a filter's count, a sort order of several keys, an
 * aggregate) live in one of these inside the view's DerivedSlot: a client choosing a new key
 * per request cannot grow memory without bound, while the keys a dashboard repeats stay
 * computed once per view version. A JavaScript Map iterates in insertion order, so
 * re-inserting on every hit keeps the oldest entry first.
 */
export class BoundedMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`services/read-model/bounded-memo: capacity ${capacity} must be a positive integer`);
  }

  get(key: string, compute: () => T): T {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  /** `get` for an asynchronous value: a failed run is forgotten, so a retry runs again. */
  getAsync<V>(this: BoundedMemo<Promise<V>>, key: string, compute: () => Promise<V>): Promise<V> {
    const running = this.get(key, compute);
    running.catch(() => this.delete(key, running));
    return running;
  }

  /** Forgets `key` if it still holds `value`. */
  delete(key: string, value: T): void {
    if (this.entries.get(key) === value) this.entries.delete(key);
  }

  /** What it holds, oldest use first, without counting as a use. */
  held(): IterableIterator<[string, T]> {
    return this.entries.entries();
  }

  get size(): number {
    return this.entries.size;
  }
}
