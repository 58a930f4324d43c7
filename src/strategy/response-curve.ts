/**
 * Response curves: how much revenue an account is expected to bring over the planning
 * horizon as a function of the minutes per week its manager spends on it.
 *
 * Method: Little's ADBUDG curve as used by Lodish's CALLPLAN (Lodish 1971, "CALLPLAN: an
 * interactive salesman's call planning system", Management Science 18(4)):
 *
 *   r(x) = min + (max - min) x^c / (d + x^c),     x = minutes per week, 0 < c <= 1
 *
 * With c <= 1 the curve is concave (x^c is concave and increasing, u/(d+u) is concave and
 * increasing), so every extra minute earns less than the one before: diminishing
 * returns. d = h^c where h is the "half-saturation" minutes that earn half the possible lift.
 *
 * Anchors, per account, over a horizon of H weeks (all currency units):
 *   run rate        R = annual revenue x H / 52 (0 for a prospect)
 *   min = r(0)      R x (1 - risk x retentionResponsiveness): left alone, at-risk revenue leaks
 *   lift            R x risk x retentionResponsiveness       (saved by attention)
 *                 + R x upsellShare                          (cross-sell, price realisation)
 *                 + whitespace value x expansionCaptureShare x H / 52
 *                 + spill-over: spilloverShare x sum over prospect neighbours of
 *                   influence probability x their potential x H / 52
 *   max = r(inf)    min + lift
 *
 * Fitting h: CALLPLAN asked the salesperson for judgements of response at the current
 * effort. Where history is rich enough (>= 3 engagements in the last 12 weeks and >= 1
 * purchase in the last year) we replace that judgement by observation: the curve must
 * pass through (current minutes per week, revenue booked in the last year scaled to H),
 * which gives d = x0^c (1 - s) / s with s = (observed - min) / (max - min) clamped to
 * [0.05, 0.95]. Otherwise h comes from the account's tier (TIER_HALF_SATURATION_MINUTES).
 * c is not fitted (one observed point cannot identify two shape parameters); default 0.8.
 * Cost: O(engagements + purchases) per account.
 */
import { centsToUnits } from "../domain/money.js";
import type { AccountFacts, IsoDate } from "./inputs.js";
import type { Tier } from "./tiers.js";
import { dayNumber, isInWindow } from "./dates.js";
import { clamp, component, formatAmount, formatPercent, type Explained } from "./explained.js";

export interface ResponseCurve {
  min: number;
  max: number;
  /** Shape, 0 < c <= 1 (concave). */
  c: number;
  /** Half-saturation constant, d = h^c. */
  d: number;
}

export const RESPONSE_CURVE_DEFAULTS = {
  concavity: 0.8,
  /** Minutes per week that win half the possible lift, when history cannot tell. */
  halfSaturationMinutes: { STRATEGIC: 90, PROTECT: 60, ADVOCATE: 45, MAINTAIN: 30, DEPRIORITIZE: 15 } as Record<Tier, number>,
  retentionResponsiveness: 0.8,
  upsellShare: 0.1,
  expansionCaptureShare: 0.5,
  spilloverShare: 0.25,
  historyWeeks: 12,
  minEngagements: 3,
  minPurchases: 1,
  purchaseLookbackDays: 365,
  fitShareBounds: [0.05, 0.95] as const,
  halfSaturationBounds: [5, 600] as const,
};

export type CurveSource = "HISTORY" | "TIER_DEFAULT";

export interface CurveContext {
  asOf: IsoDate;
  horizonWeeks: number;
  tier: Tier;
  /** Switching risk 0..1 (loyalty-score). */
  risk: number;
  /** Whitespace value in currency units (expansion-score). */
  whitespaceValue: number;
  /** Sum over prospect neighbours of influence probability x their potential (currency units). */
  prospectNeighbourPotential: number;
}

export interface FittedCurve extends Explained {
  curve: ResponseCurve;
  source: CurveSource;
  halfSaturationMinutes: number;
  currentMinutesPerWeek: number;
}

/** Expected revenue over the horizon at `minutes` per week. */
export function evaluateCurve(curve: ResponseCurve, minutes: number): number {
  if (minutes <= 0 || curve.max === curve.min) return curve.min;
  const xc = minutes ** curve.c;
  return curve.min + ((curve.max - curve.min) * xc) / (curve.d + xc);
}

export function fitResponseCurve(facts: AccountFacts, context: CurveContext): FittedCurve {
  const o = RESPONSE_CURVE_DEFAULTS;
  const { account } = facts;
  const horizonShare = context.horizonWeeks / 52;
  const runRate = account.status === "PROSPECT" ? 0 : centsToUnits(account.annualRevenue) * horizonShare;
  const retentionLift = runRate * context.risk * o.retentionResponsiveness;
  const upsellLift = runRate * o.upsellShare;
  const expansionLift = context.whitespaceValue * o.expansionCaptureShare * horizonShare;
  const spilloverLift = o.spilloverShare * context.prospectNeighbourPotential * horizonShare;
  const min = runRate - retentionLift;
  const lift = retentionLift + upsellLift + expansionLift + spilloverLift;
  const c = o.concavity;

  const today = dayNumber(context.asOf);
  let engagementCount = 0;
  let recentMinutes = 0;
  for (const e of facts.engagements) {
    if (!isInWindow(e.date, today, 7 * o.historyWeeks)) continue;
    engagementCount++;
    recentMinutes += e.minutes;
  }
  const currentMinutesPerWeek = recentMinutes / o.historyWeeks;
  let purchaseCount = 0;
  let booked = 0;
  for (const p of facts.purchases) {
    if (!isInWindow(p.date, today, o.purchaseLookbackDays)) continue;
    purchaseCount++;
    booked += centsToUnits(p.amount);
  }
  const observed = booked * horizonShare;
  const enoughHistory =
    engagementCount >= o.minEngagements && purchaseCount >= o.minPurchases && currentMinutesPerWeek > 0 && lift > 0;

  let halfSaturationMinutes = o.halfSaturationMinutes[context.tier];
  let share: number | null = null;
  if (enoughHistory) {
    share = clamp((observed - min) / lift, o.fitShareBounds[0], o.fitShareBounds[1]);
    // r(x0) = min + lift * share  <=>  d = x0^c (1 - share) / share; h = d^(1/c).
    const d = currentMinutesPerWeek ** c * ((1 - share) / share);
    halfSaturationMinutes = clamp(d ** (1 / c), o.halfSaturationBounds[0], o.halfSaturationBounds[1]);
  }
  const curve: ResponseCurve = { min, max: min + lift, c, d: halfSaturationMinutes ** c };
  const source: CurveSource = enoughHistory ? "HISTORY" : "TIER_DEFAULT";

  return {
    value: lift,
    curve,
    source,
    halfSaturationMinutes,
    currentMinutesPerWeek,
    components: [
      component("runRate", runRate, "CURRENCY", `Revenue over ${context.horizonWeeks} weeks at today's annual rate: ${formatAmount(runRate)}.`),
      component("retentionLift", retentionLift, "CURRENCY", `Switching risk ${formatPercent(context.risk)}: attention can keep ${formatAmount(retentionLift)} that would otherwise leak.`),
      component("upsellLift", upsellLift, "CURRENCY", `${formatPercent(o.upsellShare)} of the run rate grows with attention: ${formatAmount(upsellLift)}.`),
      component("expansionLift", expansionLift, "CURRENCY", `${formatPercent(o.expansionCaptureShare)} of ${formatAmount(context.whitespaceValue)} whitespace per year: ${formatAmount(expansionLift)}.`),
      component("spilloverLift", spilloverLift, "CURRENCY", `Prospects it influences: ${formatAmount(spilloverLift)} of spill-over.`),
      component(
        "halfSaturationMinutes",
        halfSaturationMinutes,
        "MINUTES",
        enoughHistory
          ? `Fitted from history: ${currentMinutesPerWeek.toFixed(0)} min/week recently went with ${formatPercent(share!)} of the possible lift, so half the lift takes ${halfSaturationMinutes.toFixed(0)} min/week.`
          : `Too little history (${engagementCount} engagements in ${o.historyWeeks} weeks, ${purchaseCount} purchases in a year): ${context.tier} default of ${halfSaturationMinutes} min/week for half the lift.`,
      ),
      component("concavity", c, "INDEX", `Shape c = ${c} (< 1: each extra minute earns less).`),
    ],
  };
}
