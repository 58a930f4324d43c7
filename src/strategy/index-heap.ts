/**
 * Binary max-heap helpers over an array of indices, ordered by a caller's `before`
 * (true when a belongs above b). Shared by the time plan's greedy allocation and CELF's
 * lazy queue, which both keep "best marginal gain first" queues of account indices.
 */

/** Restores heap order below `start` after its key shrank or it was replaced. O(log n). */
export function siftDown(heap: number[], start: number, before: (a: number, b: number) => boolean): void {
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let best = i;
    if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
    if (r < heap.length && before(heap[r]!, heap[best]!)) best = r;
    if (best === i) return;
    [heap[i], heap[best]] = [heap[best]!, heap[i]!];
    i = best;
  }
}
