/**
 * Expansion score: the licences an account has told us it will need but has not bought
 * from us yet ("whitespace"), valued at the price this account actually pays.
 *
 *   whitespace licences = max(0, licences planned - licences held)
 *   effective discount  = licence-weighted average discount of its purchases in the
 *                         last two years (0 when it has none: list price)
 *   effective price     = list price x (1 - effective discount)
 *   value               = whitespace licences x effective price     (currency units)
 *
 * `licencesPlanned` is the account's total stated need, so the article's multinational
 * that bought 50 and plans 50 more has held 50 / planned 100 -> 50 licences of
 * whitespace, while the one-licence small business planning a second has 1.
 * Cost: O(purchases).
 */
import { centsToUnits } from "../domain/money.js";
import type { AccountFacts, IsoDate, Purchase } from "./inputs.js";
import { dayNumber, isInWindow } from "./dates.js";
import { component, formatAmount, formatPercent, type Explained, type ScoreComponent } from "./explained.js";

export const EXPANSION_DEFAULTS = {
  /** Purchases older than this do not set today's price. */
  discountLookbackDays: 730,
} as const;

export interface ExpansionMeasure {
  value: number;
  whitespaceLicences: number;
  licencesHeld: number;
  licencesPlanned: number;
  listPrice: number;
  effectiveDiscount: number;
  effectivePrice: number;
  /** Held / planned, 1 when nothing more is planned. */
  penetration: number;
}

export type ExpansionScore = ExpansionMeasure & Explained;

/** Licence-weighted average discount of recent purchases (amount-weighted if none carry licences). */
export function averageDiscount(purchases: readonly Purchase[], asOf: IsoDate, lookbackDays: number): number {
  const today = dayNumber(asOf);
  let licences = 0;
  let licenceDiscount = 0;
  let amount = 0;
  let amountDiscount = 0;
  for (const p of purchases) {
    if (!isInWindow(p.date, today, lookbackDays)) continue;
    licences += p.licences;
    licenceDiscount += p.licences * p.discount;
    amount += p.amount;
    amountDiscount += p.amount * p.discount;
  }
  if (licences > 0) return licenceDiscount / licences;
  return amount > 0 ? amountDiscount / amount : 0;
}

export function measureExpansion(facts: AccountFacts, asOf: IsoDate, options: Partial<typeof EXPANSION_DEFAULTS> = {}): ExpansionMeasure {
  const { discountLookbackDays } = { ...EXPANSION_DEFAULTS, ...options };
  const { account } = facts;
  const whitespaceLicences = Math.max(0, account.licencesPlanned - account.licencesHeld);
  const effectiveDiscount = averageDiscount(facts.purchases, asOf, discountLookbackDays);
  const listPrice = centsToUnits(account.licencePrice);
  const effectivePrice = listPrice * (1 - effectiveDiscount);
  return {
    value: whitespaceLicences * effectivePrice,
    whitespaceLicences,
    licencesHeld: account.licencesHeld,
    licencesPlanned: account.licencesPlanned,
    listPrice,
    effectiveDiscount,
    effectivePrice,
    penetration: account.licencesPlanned > 0 ? Math.min(1, account.licencesHeld / account.licencesPlanned) : 1,
  };
}

export function explainExpansion(m: ExpansionMeasure): ScoreComponent[] {
  return [
    component(
      "whitespaceLicences",
      m.whitespaceLicences,
      "COUNT",
      `Plans ${m.licencesPlanned} licences, holds ${m.licencesHeld}: ${m.whitespaceLicences} still to win.`,
    ),
    component(
      "effectiveDiscount",
      m.effectiveDiscount,
      "FRACTION",
      m.effectiveDiscount > 0
        ? `Has been buying at ${formatPercent(m.effectiveDiscount)} off list on average.`
        : "Buys at list price (no discounted purchases in the last two years).",
    ),
    component(
      "effectivePrice",
      m.effectivePrice,
      "CURRENCY",
      `List ${formatAmount(m.listPrice)} per licence, ${formatAmount(m.effectivePrice)} after its discount.`,
    ),
    component("penetration", m.penetration, "FRACTION", `${formatPercent(m.penetration)} of its stated need already bought.`),
    component(
      "whitespaceValue",
      m.value,
      "CURRENCY",
      `${m.whitespaceLicences} licences x ${formatAmount(m.effectivePrice)} = ${formatAmount(m.value)} still to sell.`,
    ),
  ];
}

export function scoreExpansion(facts: AccountFacts, asOf: IsoDate, options: Partial<typeof EXPANSION_DEFAULTS> = {}): ExpansionScore {
  const measure = measureExpansion(facts, asOf, options);
  return { ...measure, components: explainExpansion(measure) };
}

/**
 * Revenue potential of an account for network spread: a customer's (or prospect's)
 * whitespace value; a prospect with no planned licences counts its stated annual revenue
 * (the deal it would bring); a churned account counts its whitespace as win-back.
 */
export function revenuePotential(facts: AccountFacts, asOf: IsoDate): number {
  const whitespace = measureExpansion(facts, asOf).value;
  if (facts.account.status === "PROSPECT" && whitespace === 0) return centsToUnits(facts.account.annualRevenue);
  return whitespace;
}
