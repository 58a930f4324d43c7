/**
 * Binary min-heap of (key, node) pairs on typed arrays, for Dijkstra. Lazy deletion:
 * a node is pushed again when its distance improves and stale entries are skipped by the
 * caller (cheaper than decrease-key bookkeeping in JS). Capacity grows by doubling.
 *
 * Cost: O(log h) per push/pop; 12 bytes per entry.
 */
export class MinHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  private length = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(Math.max(2, capacity));
    this.nodes = new Int32Array(Math.max(2, capacity));
  }

  get size(): number {
    return this.length;
  }

  clear(): void {
    this.length = 0;
  }

  push(key: number, node: number): void {
    if (this.length === this.keys.length) this.grow();
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = keys[parent]!;
      if (parentKey <= key) break;
      keys[i] = parentKey;
      nodes[i] = nodes[parent]!;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** Key of the smallest entry; the heap must not be empty. */
  peekKey(): number {
    return this.keys[0]!;
  }

  /** Removes the smallest entry and returns its node; the heap must not be empty. */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0]!;
    const last = --this.length;
    if (last === 0) return top;
    const key = keys[last]!;
    const node = nodes[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      nodes[i] = nodes[child]!;
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
