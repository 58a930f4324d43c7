/**
 * Scores the snapshot ranks (analytics/engine/canonical-scores.ts): convergence noise of
 * the iterative metrics is 0, and the same strengths summed in another order tie.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalScore } from "../../../src/analytics/engine/canonical-scores.js";
import { computeSnapshot } from "../../../src/analytics/engine/snapshot-compute.js";
import { computeEigenvector } from "../../../src/analytics/metrics/eigenvector.js";
import { computeHits } from "../../../src/analytics/metrics/hits.js";
import { link, projectionFrom } from "../graph-fixtures.js";

const sumInOrder = (values: number[]) => values.reduce((sum, v) => sum + v, 0);

describe("canonical scores", () => {
  it("makes the same total summed in another order one double", () => {
    expect(sumInOrder([0.7, 0.2, 0.1])).toBe(0.9999999999999999);
    expect(canonicalScore(sumInOrder([0.7, 0.2, 0.1]))).toBe(1);
    expect(canonicalScore(sumInOrder([0.7, 0.2, 0.1]))).toBe(canonicalScore(sumInOrder([0.5, 0.5])));
    expect(canonicalScore(2.5999999999999996)).toBe(2.6);
  });

  it("ties any two orders of the same decimal strengths (property)", () => {
    const strength = fc.integer({ min: 0, max: 100 }).map((n) => n / 100);
    fc.assert(
      fc.property(fc.array(strength, { minLength: 1, maxLength: 200 }), fc.nat(), (strengths, seed) => {
        const shuffled = [...strengths].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        const exact = strengths.reduce((cents, v) => cents + Math.round(v * 100), 0) / 100;
        expect(canonicalScore(sumInOrder(strengths))).toBe(exact);
        expect(canonicalScore(sumInOrder(shuffled))).toBe(exact);
      }),
    );
  });

  it("keeps values that differ in their 12 significant digits apart, at any magnitude", () => {
    for (const scale of [1e-9, 1e-3, 1, 1e6, 1e15]) {
      const a = 1.00000000001 * scale;
      const b = 1.00000000002 * scale;
      expect(canonicalScore(a)).not.toBe(canonicalScore(b));
      expect(canonicalScore(a)).toBeCloseTo(a, 20);
    }
  });

  it("reports a value within the precision as 0, and leaves 0 and non-finite values alone", () => {
    expect(canonicalScore(4e-10, 1e-9)).toBe(0);
    expect(canonicalScore(-4e-10, 1e-9)).toBe(0);
    expect(canonicalScore(2e-9, 1e-9)).toBe(2e-9);
    expect(canonicalScore(0)).toBe(0);
    expect(canonicalScore(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(canonicalScore(1e-320)).toBe(1e-320);
  });
});

describe("convergence noise in the ranking", () => {
  // A strength-1 triangle (the dominant cycle), a weaker 2-cycle whose eigenvector score
  // tends to 0 slowly (rate 1.9 / 2 per iteration), and f influencing the triangle.
  const links = () => [link("a", "b", 1), link("b", "c", 1), link("c", "a", 1), link("d", "e", 0.9), link("e", "d", 0.9), link("f", "a", 0.5)];

  it("bounds the eigenvector's error: scores tending to 0 stop above the tolerance but below the bound", async () => {
    const result = computeEigenvector(await projectionFrom(links()));
    const score = (id: string) => result.values[result.ids.indexOf(id)]!;
    expect(score("d")).toBeGreaterThan(1e-10); // the tolerance
    expect(score("d")).toBeLessThan(result.precision!);
    expect(result.precision!).toBeLessThan(1e-6);
    expect(score("f")).toBeGreaterThan(0.27);
  });

  it("ranks eigenvector scores within the bound as 0, tied", async () => {
    const snapshot = await computeSnapshot(await projectionFrom(links()), 1);
    const ranked = snapshot.metrics.EIGENVECTOR!;
    const of = (id: string) => snapshot.ids.indexOf(id);
    expect([ranked.values[of("d")], ranked.values[of("e")]]).toEqual([0, 0]);
    expect([ranked.rank[of("d")], ranked.rank[of("e")]]).toEqual([5, 5]);
    // The triangle is symmetric: one score, one rank.
    expect(new Set(["a", "b", "c"].map((id) => ranked.rank[of(id)]))).toEqual(new Set([1]));
    expect(ranked.rank[of("f")]).toBe(4);
  });

  it("gives hubs and authorities their own bounds, far below their smallest true values", async () => {
    const result = computeHits(await projectionFrom(links()));
    for (const scores of [result.hubs, result.authorities]) {
      const smallestPositive = Math.min(...[...scores.values].filter((v) => v > scores.precision!));
      expect(scores.precision!).toBeGreaterThan(0);
      expect(scores.precision!).toBeLessThan(smallestPositive / 1000);
    }
  });
});
