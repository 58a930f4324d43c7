/**
 * Rankings blended in a worker thread (src/services/strategy-blend.ts) equal the inline
 * blend number for number, for populations in and out of account id order and weights with
 * ties; RankedScores built over either give the same scores as blendRanking. The pool's
 * admission (a full queue answers ANALYTICS_BUSY) is covered by work-pool.test.ts.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { poolBlender } from "../../src/services/strategy-blend.js";
import { blendInline } from "../../src/services/strategy-population.js";
import { WorkPool } from "../../src/services/work-pool/work-pool.js";
import { blendRanking, RankedScores } from "../../src/strategy/ranking.js";
import {
  dimensionPercentiles,
  STRATEGIC_DIMENSIONS,
  validateWeights,
  type AccountMeasures,
  type MeasuredAccounts,
} from "../../src/strategy/strategic-score.js";
import { validateTierThresholds } from "../../src/strategy/tiers.js";
import { ASOF } from "../strategy/fixtures.js";

const pool = new WorkPool({ threads: 1, maxQueue: 8 });
afterAll(() => pool.close());

/** Measures with a few distinct values per dimension, so blends tie and the id tie-break matters. */
function measuredOf(values: number[][], shuffled: boolean): MeasuredAccounts {
  const measures = values.map(
    ([r, e, x, l, w], i) =>
      ({
        accountId: `acc${String(i).padStart(4, "0")}`,
        revenue: { value: r },
        efficiency: { value: e },
        expansion: { value: x },
        loyalty: { loyalValue: l },
        wordOfMouth: { value: w },
      }) as unknown as AccountMeasures,
  );
  if (shuffled) measures.reverse();
  return { asOf: ASOF, measures, percentiles: dimensionPercentiles(measures), referralHalfValue: 1, ...(shuffled ? {} : { inIdOrder: true }) };
}

const row = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 });
const weight = fc.constantFrom(0, 0.1, 0.5, 1, 3);

describe("blending in a worker thread", () => {
  it("gives the inline blend's numbers and order, and the same scores (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.array(weight, { minLength: 5, maxLength: 5 }),
        async (values, shuffled, ws) => {
          const measured = measuredOf(values, shuffled);
          const overrides = Object.fromEntries(STRATEGIC_DIMENSIONS.map((d, k) => [d, ws[k]!]));
          if (STRATEGIC_DIMENSIONS.every((d) => overrides[d] === 0)) overrides.revenue = 1;
          const weights = validateWeights(overrides);
          const [inWorker, inline] = await Promise.all([poolBlender(pool)(measured, weights), blendInline(measured, weights)]);
          expect([...inWorker.order]).toEqual([...inline.order]);
          expect([...inWorker.blended]).toEqual([...inline.blended]);
          expect([...inWorker.valuePercentile]).toEqual([...inline.valuePercentile]);

          const ranked = new RankedScores(measured, weights, validateTierThresholds(null), inWorker);
          const expected = blendRanking(measured, { weights: overrides }).scores;
          expect(ranked.size).toBe(expected.length);
          expected.forEach((score, position) => {
            expect(ranked.get(score.accountId)).toEqual(score);
            expect(ranked.idAt(position)).toBe(score.accountId);
          });
          expect(ranked.get("no-such-account")).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
  });
});
