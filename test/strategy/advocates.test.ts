import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/domain/errors.js";
import { estimateSpread, recommendAdvocates, selectByCelf, selectByPlainGreedy, selectByRis } from "../../src/strategy/advocates.js";
import { LiveEdgeWorlds } from "../../src/strategy/cascade.js";
import { createPrng } from "../../src/strategy/prng.js";
import { makeNetwork } from "./fixtures.js";

/** Hub 0 reaches 1..3 (p 0.5); 4 reaches 5 (p 0.9); 6 reaches 7, which reaches 8 (p 0.7). */
function smallNetwork() {
  return makeNetwork(
    9,
    [
      [0, 1, 0.5],
      [0, 2, 0.5],
      [0, 3, 0.5],
      [4, 5, 0.9],
      [6, 7, 0.7],
      [7, 8, 0.7],
      [1, 2, 0.3],
    ],
    (i) => ({ status: i === 5 || i === 8 ? "PROSPECT" : "CUSTOMER", potential: [0, 10, 10, 10, 0, 60, 0, 5, 40][i]! }),
  );
}

function randomNetwork(nodes: number, edges: number, seed: number) {
  const random = createPrng(seed);
  const list: [number, number, number][] = [];
  for (let e = 0; e < edges; e++) {
    const from = Math.floor(random() * nodes);
    const to = Math.floor(random() * nodes);
    if (from !== to) list.push([from, to, random() * 0.6]);
  }
  return makeNetwork(nodes, list, (i) => ({ potential: 1 + ((i * 37) % 11) * 100 }));
}

describe("recommendAdvocates (IC + CELF)", () => {
  it("is deterministic for a given seed", () => {
    const network = randomNetwork(80, 240, 3);
    const a = recommendAdvocates(network, { k: 5, seed: 11, simulations: 300, estimator: "MC_CELF" });
    const b = recommendAdvocates(network, { k: 5, seed: 11, simulations: 300, estimator: "MC_CELF" });
    expect(b).toEqual(a);
    expect(a.advocates).toHaveLength(5);
  });

  it("CELF returns exactly what plain greedy returns on the same worlds", () => {
    for (const seed of [1, 2, 3]) {
      const network = randomNetwork(40, 120, seed);
      const candidates = Array.from({ length: 40 }, (_, i) => i);
      const weights = network.potential;
      const celf = selectByCelf(new LiveEdgeWorlds(network, weights, 200, seed), candidates, 6);
      const greedy = selectByPlainGreedy(new LiveEdgeWorlds(network, weights, 200, seed), candidates, 6);
      expect(celf.map((p) => p.node)).toEqual(greedy.map((p) => p.node));
      celf.forEach((p, i) => expect(p.gain).toBeCloseTo(greedy[i]!.gain, 9));
      // Marginal gains never grow (submodularity of the sampled objective).
      for (let i = 1; i < celf.length; i++) expect(celf[i]!.gain).toBeLessThanOrEqual(celf[i - 1]!.gain + 1e-9);
    }
  });

  it("measures spread in revenue potential, not head count", () => {
    const network = smallNetwork();
    const byRevenue = recommendAdvocates(network, { k: 1, seed: 5, simulations: 2000, estimator: "MC_CELF" });
    const byReach = recommendAdvocates(network, { k: 1, seed: 5, simulations: 2000, estimator: "MC_CELF", objective: "REACH" });
    expect(byRevenue.advocates[0]!.accountId).toBe("n4"); // 0.9 x 60 = 54 beats the hub's ~16 and 6's 3.5 + 0.49 x 40
    expect(byReach.advocates[0]!.accountId).toBe("n0"); // the hub reaches 1 + 0.5 + 0.575 + 0.5 ≈ 2.6 accounts
  });

  it("does not credit an advocate with its own potential: word of mouth is what it reaches", () => {
    // n0: a big customer with huge whitespace of its own and no followers.
    // n1: a modest customer (community leader) who sways three prospects (p 0.8 each).
    const network = makeNetwork(
      5,
      [
        [1, 2, 0.8],
        [1, 3, 0.8],
        [1, 4, 0.8],
      ],
      (i) => ({
        status: i >= 2 ? "PROSPECT" : "CUSTOMER",
        potential: [1000, 5, 50, 50, 50][i]!,
      }),
    );
    for (const estimator of ["MC_CELF", "RIS"] as const) {
      const result = recommendAdvocates(network, { k: 1, seed: 3, simulations: 2000, estimator, risSamples: 20_000 });
      expect(result.advocates[0]!.accountId).toBe("n1");
      // 3 x 0.8 x 50 = 120 reached, the leader's own 5 not counted.
      expect(result.expectedSpread).toBeGreaterThan(120 - 4 * result.standardError - 1);
      expect(result.expectedSpread).toBeLessThan(120 + 4 * result.standardError + 1);
    }
  });

  it("estimates the exact expected spread within its standard error", () => {
    const network = smallNetwork();
    // Exact: seed n0 (potential 0) + 3 leaves; n2 reached directly (0.5) or via n1 (0.5 x 0.3).
    const exact = 10 * 0.5 + 10 * (1 - 0.5 * (1 - 0.5 * 0.3)) + 10 * 0.5;
    const estimate = estimateSpread(network, [0], network.potential, 20_000, 9);
    expect(Math.abs(estimate.mean - exact)).toBeLessThan(4 * estimate.standardError);
    expect(estimate.standardError).toBeGreaterThan(0);
  });

  it("reports a standard error that shrinks with more simulations", () => {
    const network = randomNetwork(60, 200, 4);
    const few = recommendAdvocates(network, { k: 3, seed: 2, simulations: 100, estimator: "MC_CELF" });
    const many = recommendAdvocates(network, { k: 3, seed: 2, simulations: 1600, estimator: "MC_CELF" });
    expect(few.standardError).toBeGreaterThan(0);
    expect(many.standardError).toBeLessThan(few.standardError / 2);
    expect(many.components.find((c) => c.name === "expectedSpread")!.value).toBe(many.expectedSpread);
  });

  it("respects the per-quarter ask cap", () => {
    const network = smallNetwork();
    const asks = new Map([
      ["n4", 2],
      ["n0", 1],
    ]);
    const capped = recommendAdvocates(network, { k: 2, seed: 5, simulations: 1000, asksThisQuarter: asks, askCapPerQuarter: 2 });
    expect(capped.advocates.map((a) => a.accountId)).not.toContain("n4");
    expect(capped.excludedByAskCap).toEqual(["n4"]);
    expect(capped.advocates.find((a) => a.accountId === "n0")?.timesAsked).toBe(1);
    const looser = recommendAdvocates(network, { k: 2, seed: 5, simulations: 1000, asksThisQuarter: asks, askCapPerQuarter: 3 });
    expect(looser.advocates[0]!.accountId).toBe("n4");
  });

  it("only picks among the given candidates and names unknown ones", () => {
    const network = smallNetwork();
    const result = recommendAdvocates(network, { k: 2, among: ["n6", "n0"], seed: 1, simulations: 500 });
    expect(result.advocates.map((a) => a.accountId).sort()).toEqual(["n0", "n6"]);
    expect(() => recommendAdvocates(network, { k: 1, among: ["nope"] })).toThrow(NotFoundError);
    expect(() => recommendAdvocates(network, { k: 0 })).toThrow(expect.objectContaining({ field: "k" }));
  });

  it("AUTO keeps exact Monte Carlo CELF when the network is small enough", () => {
    const result = recommendAdvocates(randomNetwork(100, 300, 5), { k: 3, seed: 1, simulations: 200 });
    expect(result.estimator).toBe("MC_CELF");
  });

  it("RIS picks advocates whose Monte Carlo spread is close to CELF's", () => {
    const network = randomNetwork(300, 900, 8);
    const celf = recommendAdvocates(network, { k: 5, seed: 3, simulations: 1000, estimator: "MC_CELF" });
    const ris = recommendAdvocates(network, { k: 5, seed: 3, simulations: 1000, estimator: "RIS", risSamples: 50_000 });
    expect(ris.estimator).toBe("RIS");
    expect(ris.risSamplesUsed).toBe(50_000);
    expect(ris.expectedSpread).toBeGreaterThan(0.95 * celf.expectedSpread);
    // The RIS selection estimate agrees with the independent Monte Carlo figure.
    expect(Math.abs(ris.selectionSpread - ris.expectedSpread)).toBeLessThan(0.05 * ris.expectedSpread);
  });

  it("RIS stops sampling at its link budget, but not below the minimum number of sets", () => {
    const network = randomNetwork(300, 900, 8);
    const candidates = Array.from({ length: 300 }, (_, i) => i);
    expect(selectByRis(network, network.potential, candidates, 3, 20_000, 1).samples).toBe(20_000);
    expect(selectByRis(network, network.potential, candidates, 3, 20_000, 1, 10).samples).toBe(1_000);
  });
});
