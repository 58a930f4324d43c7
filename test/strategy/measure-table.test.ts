/**
 * MeasureTable (src/strategy/measure-table.ts) keeps the dimension measures incrementally:
 * after any sequence of account, activity, influence and referral changes its published
 * measures and percentiles equal a full measureAccounts of the same facts, and a blend of them
 * equals rankAccounts. Property-based over random changes (fast-check), plus the pause rhythm.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AccountFacts, ReferralLink } from "../../src/strategy/inputs.js";
import { MeasureTable } from "../../src/strategy/measure-table.js";
import { blendRanking, rankAccounts } from "../../src/strategy/ranking.js";
import { dimensionPercentiles, measureAccounts, RANKING_STEP_ACCOUNTS, STRATEGIC_DIMENSIONS } from "../../src/strategy/strategic-score.js";
import { ASOF, engagement, makeFacts, purchase } from "./fixtures.js";

const OWNERS = ["mgr_1", "mgr_2", null] as const;

function factsFor(id: number, variant: number): AccountFacts {
  const accountId = `acc${String(id).padStart(3, "0")}`;
  return makeFacts(
    {
      id: accountId,
      ownerId: OWNERS[variant % OWNERS.length]!,
      annualRevenue: (500 + ((variant * 7919 + id * 31) % 9_000)) * 100,
      licencesHeld: 1 + ((variant + id) % 30),
      licencesPlanned: 2 + ((variant * 3 + id) % 40),
      status: variant % 5 === 0 ? "PROSPECT" : "CUSTOMER",
    },
    {
      influence: {
        pagerankPercentile: ((variant + id) % 17) / 17,
        betweennessPercentile: ((variant * 5 + id) % 13) / 13,
        communitiesLed: variant % 3,
      },
      engagements: Array.from({ length: variant % 4 }, (_, k) => engagement(accountId, 1 + ((variant + k * 11) % 80), 15 + k * 10, OWNERS[k % 2]!)),
      purchases: Array.from({ length: variant % 3 }, (_, k) =>
        purchase(accountId, 10 + ((variant + k * 97) % 600), 1_000 + variant * 10, 1 + k, k === 1 ? 0.1 : 0),
      ),
    },
  );
}

const change = fc.oneof(
  fc.record({ kind: fc.constant("put" as const), id: fc.integer({ min: 0, max: 14 }), variant: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant("influence" as const), id: fc.integer({ min: 0, max: 14 }), variant: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant("remove" as const), id: fc.integer({ min: 0, max: 14 }) }),
  fc.record({
    kind: fc.constant("referrals" as const),
    links: fc.array(fc.tuple(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 50_000 })), {
      maxLength: 8,
    }),
  }),
);

describe("MeasureTable", () => {
  it("publishes exactly what a full measurement of the same facts gives, after any changes", () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 25 }), (changes) => {
        const table = new MeasureTable({ asOf: ASOF });
        const facts = new Map<string, AccountFacts>();
        let referrals: ReferralLink[] = [];
        for (let id = 0; id < 10; id++) {
          const f = factsFor(id, id);
          facts.set(f.account.id, f);
          table.put(f);
        }
        table.publish();
        for (const c of changes) {
          if (c.kind === "referrals") {
            referrals = c.links.map(([from, to, revenue]) => ({
              fromId: `acc${String(from).padStart(3, "0")}`,
              toId: `acc${String(to).padStart(3, "0")}`,
              revenue,
            }));
            table.setReferrals(referrals);
            continue;
          }
          const id = `acc${String(c.id).padStart(3, "0")}`;
          if (c.kind === "remove") {
            facts.delete(id);
            table.remove(id);
          } else if (c.kind === "influence") {
            const before = facts.get(id);
            if (!before) continue;
            const moved = { ...before, influence: factsFor(c.id, c.variant).influence };
            facts.set(id, moved);
            table.put(moved, true);
          } else {
            const f = factsFor(c.id, c.variant);
            facts.set(id, f);
            table.put(f);
          }
          if (c.id % 3 === 0) table.publish(); // publish at arbitrary moments in between
        }
        const published = table.publish();
        const ordered = [...facts.values()].sort((a, b) => (a.account.id < b.account.id ? -1 : 1));
        const full = measureAccounts({ facts: ordered, referrals }, { asOf: ASOF });
        expect(published.facts).toEqual(ordered);
        expect(published.referralHalfValue).toBeCloseTo(full.referralHalfValue, 9);
        expect(published.measures.length).toBe(full.measures.length);
        published.measures.forEach((m, i) => {
          const expected = full.measures[i]!;
          expect(m.accountId).toBe(expected.accountId);
          expect(m.revenue).toEqual(expected.revenue);
          expect(m.expansion).toEqual(expected.expansion);
          expect(m.loyalty).toEqual(expected.loyalty);
          expect(m.wordOfMouth).toEqual(expected.wordOfMouth);
          expect(m.efficiency.value).toBeCloseTo(expected.efficiency.value, 9);
          expect(m.efficiency.versusPortfolio ?? -1).toBeCloseTo(expected.efficiency.versusPortfolio ?? -1, 9);
        });
        const fullPercentiles = dimensionPercentiles(full.measures);
        for (const d of STRATEGIC_DIMENSIONS) {
          [...published.percentiles[d]].forEach((p, i) => expect(p).toBeCloseTo(fullPercentiles[d][i]!, 9));
        }
        // And the blend of the published table ranks as rankAccounts does.
        const weights = { revenue: 2, loyalty: 1 };
        const blended = blendRanking(published, { weights });
        const ranked = rankAccounts({ facts: ordered, referrals }, { asOf: ASOF, weights });
        expect(blended.scores.map((s) => s.accountId)).toEqual(ranked.scores.map((s) => s.accountId));
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it("returns the same published object while nothing changed", () => {
    const table = new MeasureTable({ asOf: ASOF });
    table.put(factsFor(1, 1));
    const first = table.publish();
    expect(table.dirty).toBe(false);
    expect(table.publish()).toBe(first);
    table.put(factsFor(1, 2));
    expect(table.dirty).toBe(true);
    expect(table.publish()).not.toBe(first);
  });

  it("pauses every RANKING_STEP_ACCOUNTS accounts measured, and measures every account", () => {
    const table = new MeasureTable({ asOf: ASOF });
    const n = 2 * RANKING_STEP_ACCOUNTS + 5;
    for (let id = 0; id < n; id++) table.put(factsFor(id, id % 50));
    const steps = table.publishSteps();
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    // Four loops over n accounts (own measures, efficiency, word of mouth, the published
    // arrays), one pause per step, and one after each of the five dimensions' percentiles.
    expect(pauses).toBe(Math.floor((4 * n) / RANKING_STEP_ACCOUNTS) + 5);
    expect(step.value.measures).toHaveLength(n);
  });
});
