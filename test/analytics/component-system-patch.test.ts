/**
 * The patched component system (kernels/component-system-patch.ts) against the system
 * built afresh from the same graph: after random sequences of writes — ties against the
 * dependency order (cycles closing), removals, new weights, appended accounts — every row
 * holds the same arcs with the same coefficients, rows are split by component, the
 * component order is a valid dependency order that never splits a strongly connected
 * component, and the solve gives the fresh solve's answer.
 */
import { describe, expect, it } from "vitest";
import { componentSystem, solveComponents, type ComponentSystem } from "../../src/analytics/kernels/component-system.js";
import { patchComponentSystem, type PullArcEdits } from "../../src/analytics/kernels/component-system-patch.js";
import { rankShare } from "../../src/analytics/kernels/sparse-products.js";
import { strongComponents } from "../../src/analytics/kernels/strong-components.js";
import { mulberry32 } from "../../src/domain/prng.js";

/** Pull arcs "row gathers from col" with weights, by "row>col". */
type Arcs = Map<string, number>;

const key = (row: number, col: number) => `${row}>${col}`;
const pair = (k: string) => k.split(">").map(Number) as [number, number];

/** Pull rows (sorted by col) and their transpose, with each account's total as a sender. */
function rowsOf(n: number, arcs: Arcs) {
  const list = [...arcs].map(([k, weight]) => [...pair(k), weight] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const offsets = new Int32Array(n + 1);
  const senderOffsets = new Int32Array(n + 1);
  for (const [row, col] of list) {
    offsets[row + 1]!++;
    senderOffsets[col + 1]!++;
  }
  for (let i = 1; i <= n; i++) {
    offsets[i]! += offsets[i - 1]!;
    senderOffsets[i]! += senderOffsets[i - 1]!;
  }
  const neighbors = Int32Array.from(list, ([, col]) => col);
  const weights = Float64Array.from(list, ([, , weight]) => weight);
  const cursor = senderOffsets.slice(0, n);
  const senderNeighbors = new Int32Array(list.length);
  const senderWeights = new Float64Array(list.length);
  const total = new Float64Array(n);
  for (const [row, col, weight] of list) {
    senderNeighbors[cursor[col]!] = row;
    senderWeights[cursor[col]!++] = weight;
    total[col]! += weight;
  }
  return { offsets, neighbors, weights, senders: { offsets: senderOffsets, neighbors: senderNeighbors, weights: senderWeights, total } };
}

function freshSystem(n: number, arcs: Arcs): ComponentSystem {
  const { offsets, neighbors, weights, senders } = rowsOf(n, arcs);
  return componentSystem(offsets, neighbors, weights, senders.total, strongComponents(offsets, neighbors));
}

/** Checks `system` against the graph; returns its component of each account. */
function expectConsistent(system: ComponentSystem, n: number, arcs: Arcs): Int32Array {
  const { starts, accountAt, positionOf, offsets, insideAt, neighbors, coefficients, count } = system;
  expect(accountAt.length).toBe(n);
  for (let p = 0; p < n; p++) expect(positionOf[accountAt[p]!]).toBe(p);
  expect(starts[0]).toBe(0);
  expect(starts[count]).toBe(n);
  const componentOf = new Int32Array(n);
  for (let c = 0; c < count; c++) {
    expect(starts[c + 1]!).toBeGreaterThan(starts[c]!);
    for (let p = starts[c]!; p < starts[c + 1]!; p++) componentOf[accountAt[p]!] = c;
  }
  const { senders } = rowsOf(n, arcs);
  const expected = new Map<string, number>();
  for (const [k, weight] of arcs) expected.set(k, rankShare(weight, senders.total[pair(k)[1]]!));
  const seen = new Map<string, number>();
  for (let p = 0; p < n; p++) {
    const own = starts[componentOf[accountAt[p]!]!]!;
    const end = starts[componentOf[accountAt[p]!]! + 1]!;
    for (let e = offsets[p]!; e < offsets[p + 1]!; e++) {
      const q = neighbors[e]!;
      // Split: outside arcs from earlier components, inside arcs from its own; none from later.
      if (e < insideAt[p]!) expect(q).toBeLessThan(own);
      else expect(q >= own && q < end).toBe(true);
      seen.set(key(accountAt[p]!, accountAt[q]!), coefficients[e]!);
    }
  }
  expect(seen).toEqual(expected);
  // A strongly connected component of the graph is never split across components.
  const { offsets: o, neighbors: nb } = rowsOf(n, arcs);
  const truth = strongComponents(o, nb);
  for (let c = 0; c < truth.count; c++) {
    const first = componentOf[truth.members[truth.starts[c]!]!];
    for (let i = truth.starts[c]!; i < truth.starts[c + 1]!; i++) expect(componentOf[truth.members[i]!]).toBe(first);
  }
  return componentOf;
}

/** Random edits to `arcs` (mutated), mostly ties against the current order of `system`, as pull edits. */
function randomEdits(rng: () => number, n: number, arcs: Arcs, system: ComponentSystem, removals: boolean): PullArcEdits {
  const rows: number[] = [];
  const cols: number[] = [];
  const present: number[] = [];
  const edits = 1 + Math.floor(rng() * 4);
  for (let k = 0; k < edits; k++) {
    const roll = rng();
    const existing = [...arcs.keys()];
    if (removals && roll < 0.25 && existing.length > 0) {
      const [row, col] = pair(existing[Math.floor(rng() * existing.length)]!);
      arcs.delete(key(row, col));
      rows.push(row);
      cols.push(col);
      present.push(0);
    } else if (removals && roll < 0.4 && existing.length > 0) {
      const [row, col] = pair(existing[Math.floor(rng() * existing.length)]!);
      arcs.set(key(row, col), rng() < 0.1 ? 0 : 0.1 + rng());
      rows.push(row);
      cols.push(col);
      present.push(1);
    } else {
      // Against the order where the old positions allow: the row earlier than what it gathers from.
      let row = Math.floor(rng() * n);
      let col = Math.floor(rng() * n);
      const p = row < system.positionOf.length ? system.positionOf[row]! : n;
      const q = col < system.positionOf.length ? system.positionOf[col]! : n;
      if (rng() < 0.8 && p > q) [row, col] = [col, row];
      arcs.set(key(row, col), 0.1 + rng());
      rows.push(row);
      cols.push(col);
      present.push(1);
    }
  }
  return { count: rows.length, rows: Int32Array.from(rows), cols: Int32Array.from(cols), present: Uint8Array.from(present) };
}

function solve(system: ComponentSystem, n: number): Float64Array {
  const y = new Float64Array(n).fill(1 / n);
  const t = new Float64Array(n).fill(1 / n);
  expect(solveComponents(system, y, t, 0.85, 1e-13, 10_000).converged).toBe(true);
  const byAccount = new Float64Array(n);
  for (let p = 0; p < n; p++) byAccount[system.accountAt[p]!] = y[p]!;
  return byAccount;
}

function randomGraph(rng: () => number, n: number, ties: number): Arcs {
  const arcs: Arcs = new Map();
  while (arcs.size < ties) {
    // Mostly "downhill" (few cycles), so ties against the order close new ones.
    let row = Math.floor(rng() * n);
    let col = Math.floor(rng() * n);
    if (row < col && rng() < 0.9) [row, col] = [col, row];
    arcs.set(key(row, col), 0.1 + rng());
  }
  return arcs;
}

describe("patchComponentSystem", () => {
  it("equals a fresh system after random writes, appended accounts included", () => {
    let repaired = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = mulberry32(seed);
      let n = 30 + Math.floor(rng() * 30);
      const arcs = randomGraph(rng, n, n * 2);
      let system = freshSystem(n, arcs);
      for (let round = 0; round < 25; round++) {
        if (rng() < 0.15) n += 1 + Math.floor(rng() * 2);
        const edits = randomEdits(rng, n, arcs, system, true);
        const { senders } = rowsOf(n, arcs);
        const patched = patchComponentSystem(system, [edits], senders);
        if (patched === null) {
          system = freshSystem(n, arcs);
          continue;
        }
        repaired++;
        expectConsistent(patched, n, arcs);
        const fresh = solve(freshSystem(n, arcs), n);
        const ours = solve(patched, n);
        for (let i = 0; i < n; i++) expect(Math.abs(ours[i]! - fresh[i]!)).toBeLessThan(1e-11);
        system = patched;
      }
    }
    expect(repaired).toBeGreaterThan(500);
  });

  it("finds exactly the strongly connected components when ties are only added", () => {
    for (let seed = 100; seed < 120; seed++) {
      const rng = mulberry32(seed);
      const n = 40;
      const arcs = randomGraph(rng, n, 50);
      let system = freshSystem(n, arcs);
      for (let round = 0; round < 20; round++) {
        const edits = randomEdits(rng, n, arcs, system, false);
        system = patchComponentSystem(system, [edits], rowsOf(n, arcs).senders, Number.POSITIVE_INFINITY)!;
        expectConsistent(system, n, arcs);
        const { offsets, neighbors } = rowsOf(n, arcs);
        expect(system.count).toBe(strongComponents(offsets, neighbors).count);
      }
    }
  });

  it("applies several patches' edits in order, a later edit of a pair winning", () => {
    const arcs: Arcs = new Map([
      [key(1, 0), 1],
      [key(2, 1), 1],
    ]);
    const system = freshSystem(3, arcs);
    arcs.set(key(0, 2), 2); // closes the cycle 0 -> 2 -> 1 -> 0 ...
    arcs.delete(key(0, 2)); // ... which a later patch opens again
    arcs.set(key(0, 1), 0.5);
    const edits: PullArcEdits[] = [
      { count: 1, rows: Int32Array.of(0), cols: Int32Array.of(2), present: Uint8Array.of(1) },
      { count: 2, rows: Int32Array.of(0, 0), cols: Int32Array.of(1, 2), present: Uint8Array.of(1, 0) },
    ];
    const patched = patchComponentSystem(system, edits, rowsOf(3, arcs).senders)!;
    expectConsistent(patched, 3, arcs);
    expect(patched.count).toBe(2); // {0, 1} now gather from each other; 2 alone
  });

  it("gives up (null) past the allowed number of order repairs", () => {
    const n = 10;
    const arcs: Arcs = new Map();
    for (let i = 1; i < n; i++) arcs.set(key(i, i - 1), 1); // a chain: i gathers from i − 1
    const system = freshSystem(n, arcs);
    const rows: number[] = [];
    const cols: number[] = [];
    for (let i = 0; i + 2 < n; i += 2) {
      arcs.set(key(i, i + 2), 1); // each against the order
      rows.push(i);
      cols.push(i + 2);
    }
    const edits = { count: rows.length, rows: Int32Array.from(rows), cols: Int32Array.from(cols), present: new Uint8Array(rows.length).fill(1) };
    expect(patchComponentSystem(system, [edits], rowsOf(n, arcs).senders, 1)).toBeNull();
    expectConsistent(patchComponentSystem(system, [edits], rowsOf(n, arcs).senders, rows.length)!, n, arcs);
  });
});
