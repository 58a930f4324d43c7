/**
 * An immutable map that is cheap to derive a changed copy from: a large shared `base` plus a
 * small `overlay` of the keys changed since (a deleted key is a tombstone in the overlay).
 * `with(updates)` copies only the overlay; when the overlay outgrows a fraction of the base
 * (OVERLAY_SHARE), the two are merged into a new base. So a change costs O(overlay) and,
 * amortised, O(1) of base copying per changed key, while every view of the read model stays
 * immutable and the views of consecutive versions share almost all their memory.
 *
 * Why not copy a Map per change: the read model advances on every write (a dozen a second
 * under `npm run load`), and copying a 200,000-entry Map costs tens of milliseconds.
 * Lookups cost at most two Map lookups. Iteration order is unspecified.
 */

const TOMBSTONE: unique symbol = Symbol("deleted");
type Slot<V> = V | typeof TOMBSTONE;

/** Overlay keys, as a share of the base size, past which the layers are merged. */
const OVERLAY_SHARE = 1 / 8;
const MIN_OVERLAY = 256;

export class LayeredMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly overlay: ReadonlyMap<K, Slot<V>>,
    readonly size: number,
  ) {}

  static empty<K, V>(): LayeredMap<K, V> {
    return new LayeredMap(new Map(), new Map(), 0);
  }

  /**
   * A map over `base` itself, not a copy: the caller hands it over and never changes it again.
   * The whole-state load builds its grouped maps (links by account, ...) fresh for the view.
   */
  static adopting<K, V>(base: Map<K, V>): LayeredMap<K, V> {
    return new LayeredMap(base, new Map(), base.size);
  }

  /** The map of `rows` by `keyOf(row)` (no [key, value] pair allocated per row: a million links cost 40 MB of them). */
  static fromValues<K, V>(rows: readonly V[], keyOf: (row: V) => K): LayeredMap<K, V> {
    const base = new Map<K, V>();
    for (const row of rows) base.set(keyOf(row), row);
    return new LayeredMap(base, new Map(), base.size);
  }

  get(key: K): V | undefined {
    const slot = this.overlay.get(key);
    if (slot !== undefined) return slot === TOMBSTONE ? undefined : slot;
    return this.base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [key, value] of this.base) if (!this.overlay.has(key)) yield [key, value];
    for (const [key, slot] of this.overlay) if (slot !== TOMBSTONE) yield [key, slot];
  }

  values(): IterableIterator<V> {
    // Straight from the base while nothing is layered over it: no pair per entry.
    return this.overlay.size === 0 ? this.base.values() : this.layeredValues();
  }

  private *layeredValues(): IterableIterator<V> {
    for (const [key, value] of this.base) if (!this.overlay.has(key)) yield value;
    for (const slot of this.overlay.values()) if (slot !== TOMBSTONE) yield slot;
  }

  *keys(): IterableIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  /** A new map with `updates` applied in order; `undefined` deletes the key. This map is unchanged. */
  with(updates: Iterable<readonly [K, V | undefined]>): LayeredMap<K, V> {
    const overlay = new Map(this.overlay);
    let size = this.size;
    for (const [key, value] of updates) {
      const slot = overlay.get(key);
      const present = slot !== undefined ? slot !== TOMBSTONE : this.base.has(key);
      if (value === undefined) {
        if (!present) continue;
        size--;
        // A key only the overlay ever held needs no tombstone.
        if (this.base.has(key)) overlay.set(key, TOMBSTONE);
        else overlay.delete(key);
      } else {
        if (!present) size++;
        overlay.set(key, value);
      }
    }
    if (overlay.size <= Math.max(MIN_OVERLAY, this.base.size * OVERLAY_SHARE)) return new LayeredMap(this.base, overlay, size);
    const merged = new Map(this.base);
    for (const [key, slot] of overlay) {
      if (slot === TOMBSTONE) merged.delete(key);
      else merged.set(key, slot);
    }
    return new LayeredMap(merged, new Map(), size);
  }
}
