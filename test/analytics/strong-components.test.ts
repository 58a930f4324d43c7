import { describe, expect, it } from "vitest";
import { strongComponents } from "../../src/analytics/kernels/strong-components.js";
import { mulberry32 } from "../../src/domain/prng.js";

/** CSR rows of `n` nodes from arcs [from, to]. */
function rows(n: number, arcs: readonly (readonly [number, number])[]) {
  const offsets = new Int32Array(n + 1);
  for (const [from] of arcs) offsets[from + 1]!++;
  for (let i = 1; i <= n; i++) offsets[i]! += offsets[i - 1]!;
  const cursor = offsets.slice(0, n);
  const neighbors = new Int32Array(arcs.length);
  for (const [from, to] of arcs) neighbors[cursor[from]!++] = to;
  return { offsets, neighbors };
}

/** reach[v] = every node reachable from v (v included), by breadth-first search. */
function reachability(n: number, arcs: readonly (readonly [number, number])[]): Set<number>[] {
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of arcs) out[from]!.push(to);
  return out.map((_, start) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const w of out[queue.shift()!]!) {
        if (seen.has(w)) continue;
        seen.add(w);
        queue.push(w);
      }
    }
    return seen;
  });
}

function randomArcs(n: number, arcs: number, seed: number): [number, number][] {
  const rng = mulberry32(seed);
  const list: [number, number][] = [];
  for (let k = 0; k < arcs; k++) list.push([Math.floor(rng() * n), Math.floor(rng() * n)]);
  return list;
}

describe("strongComponents (Tarjan)", () => {
  it("puts two nodes in one component exactly when each reaches the other, dependencies first", () => {
    // Sparse to dense: many singletons, several mid-sized cycles, one giant component.
    for (const [n, arcs, seed] of [
      [60, 40, 1],
      [60, 70, 2],
      [80, 120, 3],
      [120, 400, 4],
      [40, 0, 5],
    ] as const) {
      const list = randomArcs(n, arcs, seed);
      const { offsets, neighbors } = rows(n, list);
      const { count, members, starts } = strongComponents(offsets, neighbors);
      const componentOf = new Int32Array(n).fill(-1);
      for (let c = 0; c < count; c++) for (let k = starts[c]!; k < starts[c + 1]!; k++) componentOf[members[k]!] = c;
      expect([...componentOf].every((c) => c >= 0)).toBe(true);
      expect(starts[count]).toBe(n);
      const reach = reachability(n, list);
      for (let v = 0; v < n; v++) {
        for (let w = 0; w < n; w++) {
          const mutual = reach[v]!.has(w) && reach[w]!.has(v);
          expect(componentOf[v] === componentOf[w]).toBe(mutual);
        }
      }
      // An arc v -> w leaves v's component only towards one listed earlier.
      for (const [v, w] of list) expect(componentOf[w]!).toBeLessThanOrEqual(componentOf[v]!);
    }
  });

  it("walks a 300,000-node chain without recursion", () => {
    const n = 300_000;
    const list: [number, number][] = [];
    for (let v = 0; v + 1 < n; v++) list.push([v, v + 1]);
    const chain = strongComponents(rows(n, list).offsets, rows(n, list).neighbors);
    expect(chain.count).toBe(n);
    expect(chain.members[0]).toBe(n - 1); // the end of the chain depends on nothing
    list.push([n - 1, 0]);
    const cycle = strongComponents(rows(n, list).offsets, rows(n, list).neighbors);
    expect(cycle.count).toBe(1);
  });
});
