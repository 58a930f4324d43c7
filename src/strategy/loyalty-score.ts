/**
 * Loyalty / switching risk: how likely the account is to leave for a cheaper supplier,
 * and what we would lose. The article: small accounts switch for discounts and
 * promotions; large accounts want long relationships with suppliers who learn their needs.
 *
 * Six signals, each scaled to 0 (safe) .. 1 (risky), blended by documented weights:
 *   size       segment: small business 1, mid-market / non-profit 0.5, public 0.25, enterprise 0
 *   discount   share of purchases made for a discount (count on the account, or purchases
 *              at >= 15% off in the last two years, whichever is larger)
 *   switches   1 - 0.5^switches: each past supplier switch halves the remaining loyalty
 *   tenure     1 - years as customer / 5 (a prospect or unknown start counts as 1)
 *   renewal    1 - days to renewal / 90 inside the next 90 days (overdue = 1, none = 0)
 *   contact    days since last contact / 180, capped at 1 (never contacted = 1)
 *
 *   risk                = sum(weight x signal) / sum(weights)            (0..1)
 *   value at stake      = annual revenue
 *   retention priority  = risk x value at stake   (where defending pays most)
 *   loyal value         = (1 - risk) x annual revenue (revenue we can count on; the
 *                         loyalty dimension of the strategic score)
 *
 * Risk is a transparent index, not a calibrated churn probability; calibrate the weights
 * against churn history when there is enough of it.
 * Cost: O(purchases + engagements).
 */
import { centsToUnits } from "../domain/money.js";
import type { Segment } from "../domain/model.js";
import type { AccountFacts, IsoDate } from "./inputs.js";
import { dayNumber, isInWindow } from "./dates.js";
import { clamp, component, formatAmount, formatPercent, type Explained, type ScoreComponent } from "./explained.js";

export const LOYALTY_SIGNALS = ["size", "discount", "switches", "tenure", "renewal", "contact"] as const;
export type LoyaltySignal = (typeof LOYALTY_SIGNALS)[number];

export const LOYALTY_DEFAULTS = {
  weights: { size: 0.2, discount: 0.2, switches: 0.2, tenure: 0.15, renewal: 0.15, contact: 0.1 } as Record<LoyaltySignal, number>,
  segmentSizeRisk: {
    SMALL_BUSINESS: 1,
    MID_MARKET: 0.5,
    NON_PROFIT: 0.5,
    PUBLIC_SECTOR: 0.25,
    ENTERPRISE: 0,
  } as Record<Segment, number>,
  /** A purchase at or above this discount counts as discount-driven. */
  discountThreshold: 0.15,
  discountLookbackDays: 730,
  tenureYearsForFullLoyalty: 5,
  renewalHorizonDays: 90,
  contactStaleDays: 180,
} as const;

export interface LoyaltyMeasure {
  /** Switching risk 0..1 (also `value`). */
  value: number;
  risk: number;
  signals: Record<LoyaltySignal, number>;
  valueAtStake: number;
  retentionPriority: number;
  loyalValue: number;
  // Facts the explanation quotes.
  segment: Segment;
  discountPurchases: number;
  supplierSwitches: number;
  /** Null for a prospect or an unknown start. */
  tenureYears: number | null;
  daysToRenewal: number | null;
  daysSinceContact: number | null;
}

export type LoyaltyScore = LoyaltyMeasure & Explained;

export function measureLoyalty(facts: AccountFacts, asOf: IsoDate): LoyaltyMeasure {
  const d = LOYALTY_DEFAULTS;
  const { account } = facts;

  const size = d.segmentSizeRisk[account.segment];

  const today = dayNumber(asOf);
  let recentPurchases = 0;
  let discounted = 0;
  for (const p of facts.purchases) {
    if (!isInWindow(p.date, today, d.discountLookbackDays)) continue;
    recentPurchases++;
    if (p.discount >= d.discountThreshold) discounted++;
  }
  const discountCount = Math.max(account.discountPurchases, discounted);
  const discount = discountCount > 0 ? discountCount / Math.max(discountCount, recentPurchases) : 0;

  const switches = 1 - 0.5 ** Math.max(0, account.supplierSwitches);

  const tenureYears =
    account.status === "PROSPECT" || !account.customerSince ? null : Math.max(0, (today - dayNumber(account.customerSince)) / 365.25);
  const tenure = tenureYears === null ? 1 : clamp(1 - tenureYears / d.tenureYearsForFullLoyalty, 0, 1);

  const daysToRenewal = account.renewalDate ? dayNumber(account.renewalDate) - today : null;
  const renewal = daysToRenewal === null ? 0 : clamp(1 - daysToRenewal / d.renewalHorizonDays, 0, 1);

  let lastTouch = account.lastContact && account.lastContact <= asOf ? account.lastContact : null;
  for (const e of facts.engagements) if (e.date <= asOf && (lastTouch === null || e.date > lastTouch)) lastTouch = e.date;
  const daysSinceContact = lastTouch ? today - dayNumber(lastTouch) : null;
  const contact = daysSinceContact === null ? 1 : clamp(daysSinceContact / d.contactStaleDays, 0, 1);

  const signals: Record<LoyaltySignal, number> = { size, discount, switches, tenure, renewal, contact };
  let weighted = 0;
  let totalWeight = 0;
  for (const name of LOYALTY_SIGNALS) {
    weighted += d.weights[name] * signals[name];
    totalWeight += d.weights[name];
  }
  const risk = totalWeight > 0 ? weighted / totalWeight : 0;
  const valueAtStake = centsToUnits(account.annualRevenue);
  return {
    value: risk,
    risk,
    signals,
    valueAtStake,
    retentionPriority: risk * valueAtStake,
    loyalValue: (1 - risk) * valueAtStake,
    segment: account.segment,
    discountPurchases: discountCount,
    supplierSwitches: account.supplierSwitches,
    tenureYears,
    daysToRenewal,
    daysSinceContact,
  };
}

export function explainLoyalty(m: LoyaltyMeasure): ScoreComponent[] {
  const weights = LOYALTY_DEFAULTS.weights;
  const total = LOYALTY_SIGNALS.reduce((sum, name) => sum + weights[name], 0);
  const w = (name: LoyaltySignal) => weights[name] / total;
  const { signals } = m;
  return [
    component("size", signals.size, "INDEX", `Segment ${m.segment}: size risk ${signals.size}.`, w("size")),
    component(
      "discountDriven",
      signals.discount,
      "FRACTION",
      m.discountPurchases > 0
        ? `${m.discountPurchases} discount-driven purchase(s): ${formatPercent(signals.discount)} of its buying.`
        : "Buys at full price.",
      w("discount"),
    ),
    component("supplierSwitches", signals.switches, "INDEX", `Switched supplier ${m.supplierSwitches} time(s) before.`, w("switches")),
    component(
      "shortTenure",
      signals.tenure,
      "INDEX",
      m.tenureYears === null ? "Not a customer yet (no tenure)." : `Customer for ${m.tenureYears.toFixed(1)} years.`,
      w("tenure"),
    ),
    component(
      "renewalSoon",
      signals.renewal,
      "INDEX",
      m.daysToRenewal === null
        ? "No renewal date."
        : m.daysToRenewal < 0
          ? `Renewal overdue by ${-m.daysToRenewal} days.`
          : `Renews in ${m.daysToRenewal} days.`,
      w("renewal"),
    ),
    component(
      "noRecentContact",
      signals.contact,
      "INDEX",
      m.daysSinceContact === null ? "Never contacted." : `Last contact ${m.daysSinceContact} days ago.`,
      w("contact"),
    ),
    component(
      "retentionPriority",
      m.retentionPriority,
      "CURRENCY",
      `Risk ${formatPercent(m.risk)} x ${formatAmount(m.valueAtStake)} annual revenue at stake.`,
    ),
  ];
}

export function scoreLoyalty(facts: AccountFacts, asOf: IsoDate): LoyaltyScore {
  const measure = measureLoyalty(facts, asOf);
  return { ...measure, components: explainLoyalty(measure) };
}
