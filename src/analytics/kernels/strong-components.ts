/**
 * Strongly connected components of a directed graph given as CSR rows (`offsets`,
 * `neighbors`: an arc v -> neighbors[e] for e in row v), by Tarjan's algorithm with an
 * explicit stack (no recursion: a 200,000-account chain would overflow the call stack).
 *
 * Source: R. Tarjan, "Depth-first search and linear graph algorithms", SIAM J. Comput.
 * 1(2), 1972. Tarjan completes a component only after every component reachable from
 * it, so the components come out dependencies first: when v's row lists what v's value
 * is computed from (the pull form of PageRank), a solver visiting components in this order
 * finds every input outside the current component already final (metrics/pagerank.ts).
 *
 * Output: `members` lists the nodes component by component, in that order, and component
 * c is `members[starts[c] .. starts[c + 1])`. Deterministic: a function of the rows alone.
 * Cost: O(V + E) time, five Int32Arrays of V.
 */
export interface StrongComponents {
  readonly count: number;
  readonly members: Int32Array;
  /** Length count + 1. */
  readonly starts: Int32Array;
}

export function strongComponents(offsets: Int32Array, neighbors: Int32Array): StrongComponents {
  const n = offsets.length - 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  // `open` holds the visited nodes not yet assigned to a component (Tarjan's stack);
  // `path` / `nextArc` are the depth-first search's own stack and its position in each row.
  const open = new Int32Array(n);
  const onOpen = new Uint8Array(n);
  const path = new Int32Array(n);
  const nextArc = new Int32Array(n);
  const members = new Int32Array(n);
  const starts = new Int32Array(n + 1);
  let count = 0;
  let counter = 0;
  let openTop = 0;
  let emitted = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    open[openTop++] = root;
    onOpen[root] = 1;
    path[0] = root;
    nextArc[0] = offsets[root]!;
    let depth = 1;
    while (depth > 0) {
      const v = path[depth - 1]!;
      // Scan v's row from where it stopped: settled neighbours only lower low[v]; the first
      // unvisited one is descended into, and the scan resumes there when it returns.
      let arc = nextArc[depth - 1]!;
      const end = offsets[v + 1]!;
      let next = -1;
      while (arc < end) {
        const w = neighbors[arc++]!;
        if (index[w] === -1) {
          next = w;
          break;
        }
        if (onOpen[w] === 1 && index[w]! < low[v]!) low[v] = index[w]!;
      }
      nextArc[depth - 1] = arc;
      if (next !== -1) {
        index[next] = low[next] = counter++;
        open[openTop++] = next;
        onOpen[next] = 1;
        path[depth] = next;
        nextArc[depth] = offsets[next]!;
        depth++;
        continue;
      }
      depth--;
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = open[--openTop]!;
          onOpen[w] = 0;
          members[emitted++] = w;
        } while (w !== v);
        starts[++count] = emitted;
      }
      if (depth > 0) {
        const parent = path[depth - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return { count, members, starts: starts.slice(0, count + 1) };
}
