/**
 * Typed arrays that grow by doubling (amortised O(1) push), for columns whose final
 * length is unknown while rows stream in, and a string dictionary (value -> dense index)
 * for interning ids and codes. `toArray()` hands out an exact-length array that owns its
 * buffer, so it can be transferred to a worker (allocate the expected length up front and
 * no copy is made).
 */
abstract class Growable<T extends Float64Array | Int32Array | Uint8Array> {
  protected data: T;
  length = 0;

  constructor(capacity: number) {
    this.data = this.allocate(Math.max(16, capacity));
  }

  protected abstract allocate(capacity: number): T;

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length++] = value;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const bigger = this.allocate(capacity);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  /** The filled part, sharing the buffer (valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }

  /** The filled part as an array owning its buffer: the buffer itself when full (the builder is done with it), else a copy. */
  toArray(): T {
    return this.length === this.data.length ? this.data : (this.data.slice(0, this.length) as T);
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor(capacity = 1024) {
    super(capacity);
  }
  protected allocate(capacity: number): Float64Array {
    return new Float64Array(capacity);
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(capacity = 1024) {
    super(capacity);
  }
  protected allocate(capacity: number): Int32Array {
    return new Int32Array(capacity);
  }
}

export class GrowableUint8 extends Growable<Uint8Array> {
  constructor(capacity = 1024) {
    super(capacity);
  }
  protected allocate(capacity: number): Uint8Array {
    return new Uint8Array(capacity);
  }
}

/** A copy of `array` with room for `capacity` entries (at least its own length). */
export function withCapacity<T extends Float64Array | Int32Array | Uint8Array>(array: T, capacity: number): T {
  if (capacity <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}

/** String interning: value -> dense index, in first-seen order. */
export class Dictionary {
  readonly values: string[];
  private readonly index = new Map<string, number>();

  constructor(values: readonly string[] = []) {
    this.values = [...values];
    this.values.forEach((value, i) => this.index.set(value, i));
  }

  indexOf(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) this.index.set(value, (i = this.values.push(value) - 1));
    return i;
  }
}
