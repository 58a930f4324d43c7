/**
 * The component-by-component PageRank solver against PageRank computed from its
 * definition (power iteration with dangling rank spread like the teleport vector), on
 * graphs from a DAG to one giant cycle, and its warm start after writes against a cold
 * solve of the same graph.
 */
import { describe, expect, it } from "vitest";
import type { GraphEdge } from "../../src/domain/graph.js";
import { mulberry32 } from "../../src/domain/prng.js";
import { applyGraphPatch } from "../../src/analytics/projection.js";
import { computePageRank } from "../../src/analytics/metrics/pagerank.js";
import { account, link, projectionFrom } from "./graph-fixtures.js";

/** Random ties among `n` accounts; `back` is the chance a tie points from a later account to an earlier one (0: a DAG). */
function randomTies(n: number, ties: number, back: number, seed: number, zeroShare = 0): GraphEdge[] {
  const rng = mulberry32(seed);
  const seen = new Set<string>();
  const links: GraphEdge[] = [];
  while (links.length < ties) {
    let a = Math.floor(rng() * n);
    let b = Math.floor(rng() * n);
    if (a === b) continue;
    if (a < b === rng() < back) [a, b] = [b, a];
    if (seen.has(`${a}>${b}`)) continue;
    seen.add(`${a}>${b}`);
    links.push(link(`a${a}`, `a${b}`, rng() < zeroShare ? 0 : 0.05 + 0.95 * rng()));
  }
  return links;
}

/**
 * PageRank by definition, flow TO_INFLUENCER (rank moves from the influenced to the
 * influencer): power iteration to an L1 change of 1e-15.
 */
function referencePageRank(ids: readonly string[], links: readonly GraphEdge[], teleport: (id: string) => number, weighted = true) {
  const n = ids.length;
  const at = new Map(ids.map((id, i) => [id, i] as const));
  const t = Float64Array.from(ids, teleport);
  const tSum = t.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) t[i]! /= tSum;
  const sent = new Float64Array(n); // each account sends its rank to those influencing it
  for (const l of links) sent[at.get(l.toId)!]! += weighted ? l.strength : 1;
  let x = new Float64Array(n).fill(1 / n);
  for (let round = 0; round < 100_000; round++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let i = 0; i < n; i++) if (!(sent[i]! > 0)) dangling += x[i]!;
    for (const l of links) {
      const from = at.get(l.toId)!;
      if (sent[from]! > 0) next[at.get(l.fromId)!]! += (0.85 * x[from]! * (weighted ? l.strength : 1)) / sent[from]!;
    }
    let change = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += (0.85 * dangling + 0.15) * t[i]!;
      change += Math.abs(next[i]! - x[i]!);
    }
    x = next;
    if (change < 1e-15) break;
  }
  return x;
}

function worstRelative(ids: readonly string[], values: Float64Array, reference: Float64Array, referenceIds: readonly string[]) {
  const at = new Map(referenceIds.map((id, i) => [id, i] as const));
  let worst = 0;
  ids.forEach((id, i) => {
    const expected = reference[at.get(id)!]!;
    worst = Math.max(worst, expected === 0 ? Math.abs(values[i]!) : Math.abs(values[i]! - expected) / expected);
  });
  return worst;
}

describe("PageRank solved by strongly connected components", () => {
  for (const [label, back] of [
    ["a DAG", 0],
    ["mostly a DAG, a few cycles", 0.03],
    ["one giant cycle", 0.5],
  ] as const) {
    it(`matches PageRank by definition on ${label}, weighted and unweighted`, async () => {
      const links = randomTies(400, 1_200, back, 7, 0.02);
      const projection = await projectionFrom(links);
      for (const weighted of [true, false]) {
        const ours = computePageRank(projection, { weighted });
        const reference = referencePageRank(ours.ids, links, () => 1, weighted);
        expect(worstRelative(ours.ids, ours.values, reference, ours.ids)).toBeLessThan(1e-8);
        expect(ours.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }
    });
  }

  it("solves a DAG in one pass (plus the closing step) and a personalised graph exactly where no rank can reach", async () => {
    const links = randomTies(300, 900, 0, 11);
    const projection = await projectionFrom(links);
    expect(computePageRank(projection).iterations).toBe(2);
    const seeds = new Map([["a5", 1]]);
    const ours = computePageRank(projection, { personalization: seeds });
    const reference = referencePageRank(ours.ids, links, (id) => (id === "a5" ? 1 : 0));
    expect(worstRelative(ours.ids, ours.values, reference, ours.ids)).toBeLessThan(1e-8);
  });

  it("warm-started after a random sequence of writes equals a cold solve of the same graph", async () => {
    const links = randomTies(500, 2_000, 0.2, 13);
    const projection = await projectionFrom(links);
    const warm = { warmStartMinNodes: 0 };
    computePageRank(projection, warm);
    const rng = mulberry32(17);
    const live = [...links];
    for (let round = 0; round < 20; round++) {
      if (rng() < 0.5 && live.length > 0) {
        const [gone] = live.splice(Math.floor(rng() * live.length), 1);
        applyGraphPatch(projection, { op: "REMOVE_EDGE", id: gone!.id });
      } else {
        // A new account, influenced by an existing one: the patch appends it to the vector.
        const added = link(`a${Math.floor(rng() * 500)}`, `a${500 + round}`, 0.5);
        live.push(added);
        applyGraphPatch(projection, [
          { op: "UPSERT_NODE", node: account(added.toId) },
          { op: "ADD_EDGE", edge: added },
        ]);
      }
      const patched = computePageRank(projection, warm);
      const cold = computePageRank(await projectionFrom(live, { nodes: projection.accounts.idsView().map((id) => account(id)) }), {
        warmStartMinNodes: Number.POSITIVE_INFINITY,
      });
      expect(worstRelative(patched.ids, patched.values, cold.values, cold.ids)).toBeLessThan(1e-7);
    }
  });

  it("after writes that close and open cycles, on a patched component system, equals a cold solve (both flows, weighted or not)", async () => {
    const links = randomTies(400, 1_000, 0.05, 29);
    const projection = await projectionFrom(links);
    const optionSets = [
      { flow: "TO_INFLUENCER" as const, weighted: true },
      { flow: "TO_INFLUENCED" as const, weighted: true },
      { flow: "TO_INFLUENCER" as const, weighted: false },
    ];
    for (const options of optionSets) computePageRank(projection, { ...options, warmStartMinNodes: 0 });
    const rng = mulberry32(31);
    const live = new Map(links.map((l) => [l.id, l]));
    for (let round = 0; round < 30; round++) {
      const roll = rng();
      if (roll < 0.25) {
        const ids = [...live.keys()];
        const gone = ids[Math.floor(rng() * ids.length)]!;
        live.delete(gone);
        applyGraphPatch(projection, { op: "REMOVE_EDGE", id: gone });
      } else {
        // Mostly from an earlier account to a later one: against the grain of the graph, so cycles close.
        const [a, b] = [Math.floor(rng() * 400), Math.floor(rng() * 400)].sort((x, y) => x - y);
        if (a === b) continue;
        const added = { ...link(`a${a}`, `a${b}`, roll < 0.35 ? 0 : 0.05 + rng()), id: `w${round}` };
        live.set(added.id, added);
        applyGraphPatch(projection, { op: "ADD_EDGE", edge: added });
      }
      // Some rounds patch twice before PageRank runs: the changes of both are handed on together.
      if (rng() < 0.3) continue;
      const cold = await projectionFrom([...live.values()]);
      for (const options of optionSets) {
        const patched = computePageRank(projection, { ...options, warmStartMinNodes: 0 });
        const reference = computePageRank(cold, { ...options, warmStartMinNodes: Number.POSITIVE_INFINITY });
        expect(worstRelative(patched.ids, patched.values, reference.values, reference.ids)).toBeLessThan(1e-8);
      }
    }
  });
});
