import { describe, expect, it } from "vitest";
import {
  activationTrials,
  estimateScale,
  fitActivationScale,
  rescaleNetwork,
  type AccountRecord,
  type ReferralRecord,
  type TieRecord,
} from "../../src/strategy/cascade-fit.js";
import { INFLUENCE_KINDS, type InfluenceKind } from "../../src/domain/model.js";
import { addDays } from "../../src/strategy/dates.js";
import { createRandom } from "../../seeds/random.js";
import { makeNetwork } from "./fixtures.js";

/** Customers tied to prospects; each tie fires with probability scale(kind) x strength, as the cascade model says. */
function world(options: { ties: number; scale: (kind: InfluenceKind) => number; seed?: number }) {
  const random = createRandom(options.seed ?? 1);
  const accounts = new Map<string, AccountRecord>();
  const ties: TieRecord[] = [];
  const referrals: ReferralRecord[] = [];
  for (let i = 0; i < options.ties; i++) {
    const from = `c${i % 40}`;
    const to = `p${i}`;
    accounts.set(from, { status: "CUSTOMER", customerSince: "2020-01-01" });
    const kind = INFLUENCE_KINDS[i % INFLUENCE_KINDS.length]!;
    const strength = 0.2 + 0.8 * random.next();
    const since = addDays("2024-01-01", i % 600);
    const fired = random.next() < options.scale(kind) * strength;
    accounts.set(to, { status: fired ? "CUSTOMER" : "PROSPECT", customerSince: fired ? addDays(since, 60) : null });
    ties.push({ fromId: from, toId: to, kind, strength, since });
    if (fired) referrals.push({ fromId: from, toId: to, date: addDays(since, 40) });
  }
  return { accounts, ties, referrals };
}

describe("activation scale fitted from influence ties and the referrals that followed", () => {
  it("counts a tie as a trial only when it could fire, and a referral only when it followed the tie", () => {
    const accounts = new Map<string, AccountRecord>([
      ["c", { status: "CUSTOMER", customerSince: "2020-01-01" }],
      ["prospect", { status: "PROSPECT", customerSince: null }],
      ["won", { status: "CUSTOMER", customerSince: "2024-06-01" }],
      ["already", { status: "CUSTOMER", customerSince: "2019-01-01" }],
      ["p2", { status: "PROSPECT", customerSince: null }],
    ]);
    const tie = (toId: string, since: string | null, fromId = "c"): TieRecord => ({ fromId, toId, kind: "PEER", strength: 0.5, since });
    const trials = activationTrials(
      [tie("prospect", "2024-01-01"), tie("won", "2024-01-01"), tie("already", "2024-01-01"), tie("won", null), tie("p2", "2024-01-01", "prospect")],
      [{ fromId: "c", toId: "won", date: "2024-05-01" }],
      accounts,
    );
    // "already" was a customer before the tie; an undated tie cannot be placed; a prospect cannot refer.
    expect(trials.map((t) => t.success)).toEqual([false, true]);
  });

  it("recovers a known scale within its interval, and uses it when it wins the backtest", () => {
    const { accounts, ties, referrals } = world({ ties: 2_000, scale: () => 0.3 });
    const fit = fitActivationScale({ ties, referrals, accounts });
    expect(fit.source).toBe("FITTED");
    expect(fit.scale).toBeCloseTo(fit.estimate!.scale, 12);
    expect(fit.estimate!.low).toBeLessThan(0.3);
    expect(fit.estimate!.high).toBeGreaterThan(0.3);
    expect(fit.estimate!.high - fit.estimate!.low).toBeLessThan(0.1);
    expect(fit.kindScales.size).toBe(0); // every kind fires alike
    expect(fit.backtest!.fittedLogLoss).toBeLessThan(fit.backtest!.defaultLogLoss);
    expect(Math.abs(fit.backtest!.fittedPredicted - fit.backtest!.heldOutReferrals)).toBeLessThan(
      Math.abs(fit.backtest!.defaultPredicted - fit.backtest!.heldOutReferrals),
    );
  });

  it("gives a kind its own scale only when the kinds differ significantly", () => {
    const { accounts, ties, referrals } = world({ ties: 3_000, scale: (kind) => (kind === "BOARD" ? 0.8 : 0.2), seed: 2 });
    const fit = fitActivationScale({ ties, referrals, accounts });
    expect(fit.source).toBe("FITTED");
    expect(fit.kindScales.get("BOARD")!).toBeGreaterThan(0.6);
    expect(fit.kindScales.get("PEER")!).toBeLessThan(0.3);
  });

  it("falls back to the documented default when the evidence is thin", () => {
    const { accounts, ties, referrals } = world({ ties: 20, scale: () => 0.3, seed: 3 });
    const fit = fitActivationScale({ ties, referrals, accounts });
    expect(fit.source).toBe("DEFAULT");
    expect(fit.scale).toBe(0.1);
    expect(fit.components[0]!.explanation).toMatch(/Too little history/);
    expect(fitActivationScale({ ties: [], referrals: [], accounts }).estimate).toBeNull();
  });

  it("puts the maximum-likelihood scale where the likelihood peaks (closed form for one strength)", () => {
    // All strengths 1: the MLE of p is the success share.
    const trials = Array.from({ length: 50 }, (_, i) => ({ strength: 1, kind: null, success: i < 10, since: "2024-01-01" }));
    expect(estimateScale(trials)!.scale).toBeCloseTo(0.2, 5);
  });

  it("re-scales a network's probabilities, capped at 1", () => {
    const network = makeNetwork(3, [
      [0, 1, 0.5],
      [1, 2, 0.3],
    ]);
    const scaled = rescaleNetwork(network, (e) => (e === 0 ? 3 : 2));
    expect([...scaled.probabilities]).toEqual([1, 0.6]);
    expect([...network.probabilities]).toEqual([0.5, 0.3]);
  });
});
