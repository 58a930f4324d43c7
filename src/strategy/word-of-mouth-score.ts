/**
 * Word-of-mouth score: whom other accounts listen to (influence metrics from analytics)
 * plus the revenue the account has actually brought us through referrals.
 *
 * Customer referral value, after Kumar, Petersen & Leone (2007, "How valuable is word
 * of mouth?", HBR; 2010 "Driving profitability by encouraging customer referrals",
 * J. Marketing): a customer's worth includes the revenue of the customers it brought in.
 * Referral tools stop at one hop; here credit flows along chains with a decay:
 *
 *   credit(A) = sum over referral links u -> v reachable from A within maxHops (3) of
 *               revenue(u -> v) x decay^(hop - 1)          (decay 0.5: 100%, 50%, 25%)
 *
 * So if A referred B (1,000) and B referred C (800), A is credited 1,000 + 400. Each link
 * counts once per source, at its shortest hop; links that point back into the chain
 * (A -> B -> A) are not credited, so cycles cannot inflate anyone. Cost: O(sum over
 * referrers of the links within maxHops), tiny for real referral graphs.
 *
 *   influence index = weighted mean of PageRank 0.4, betweenness 0.3, reach 0.2 and
 *                     community leadership 0.1 (led / (led + 1)); missing optional
 *                     metrics drop out and the rest are re-weighted
 *   referral index  = credit / (credit + referralHalfValue)   (0.5 at the half value;
 *                     strategic-score sets the half value to the median positive credit)
 *   value           = 0.6 x influence index + 0.4 x referral index      (0..1)
 */
import { centsToUnits } from "../domain/money.js";
import type { AccountFacts, InfluenceFacts, ReferralLink } from "./inputs.js";
import { component, formatAmount, formatPercent, type Explained, type ScoreComponent } from "./explained.js";

export const WORD_OF_MOUTH_DEFAULTS = {
  decayPerHop: 0.5,
  maxHops: 3,
  influenceWeights: { pagerank: 0.4, betweenness: 0.3, reach: 0.2, leadership: 0.1 },
  influenceShare: 0.6,
  /** Referral credit (currency units) that scores 0.5; overridden from the data by strategic-score. */
  referralHalfValue: 10_000,
} as const;

export interface ReferralCredit {
  /** Revenue of referrals the account made itself (hop 1). */
  direct: number;
  /** Decayed revenue of referrals made further down its chains (hops 2..maxHops). */
  indirect: number;
  total: number;
  /** Undecayed revenue per hop, index 0 = hop 1. */
  byHop: number[];
  /** Distinct accounts brought in along its chains. */
  accountsReached: number;
}

export interface WordOfMouthMeasure {
  value: number;
  influenceIndex: number;
  referralIndex: number;
  referralCredit: ReferralCredit;
  referralHalfValue: number;
  influence: InfluenceFacts;
}

export type WordOfMouthScore = WordOfMouthMeasure & Explained;

interface InfluenceMetric {
  name: string;
  weight: number;
  read: (influence: InfluenceFacts) => number | undefined;
  explain: (value: number, influence: InfluenceFacts) => string;
}

const INFLUENCE_METRICS: readonly InfluenceMetric[] = [
  {
    name: "pagerank",
    weight: WORD_OF_MOUTH_DEFAULTS.influenceWeights.pagerank,
    read: (i) => i.pagerankPercentile,
    explain: (v) => `Listened to by others: PageRank percentile ${formatPercent(v)}.`,
  },
  {
    name: "betweenness",
    weight: WORD_OF_MOUTH_DEFAULTS.influenceWeights.betweenness,
    read: (i) => i.betweennessPercentile,
    explain: (v) => `Bridges groups: betweenness percentile ${formatPercent(v)}.`,
  },
  {
    name: "reach",
    weight: WORD_OF_MOUTH_DEFAULTS.influenceWeights.reach,
    read: (i) => i.reachPercentile,
    explain: (v) => `Two-hop reach percentile ${formatPercent(v)}.`,
  },
  {
    name: "communityLeadership",
    weight: WORD_OF_MOUTH_DEFAULTS.influenceWeights.leadership,
    // led / (led + 1): one community 0.5, two 0.67, three 0.75 — leading more helps less.
    read: (i) => (i.communitiesLed === undefined ? undefined : i.communitiesLed / (i.communitiesLed + 1)),
    explain: (_v, i) => `Leads ${i.communitiesLed} communit${i.communitiesLed === 1 ? "y" : "ies"}.`,
  },
];

const NO_CREDIT: ReferralCredit = Object.freeze({ direct: 0, indirect: 0, total: 0, byHop: [], accountsReached: 0 }) as ReferralCredit;

/** Multi-hop customer referral value of every account that referred anyone. */
export function computeReferralCredit(
  referrals: readonly ReferralLink[],
  options: { decayPerHop?: number; maxHops?: number } = {},
): Map<string, ReferralCredit> {
  const decay = options.decayPerHop ?? WORD_OF_MOUTH_DEFAULTS.decayPerHop;
  const maxHops = options.maxHops ?? WORD_OF_MOUTH_DEFAULTS.maxHops;
  const out = new Map<string, { to: string; revenue: number }[]>();
  for (const link of referrals) {
    const list = out.get(link.fromId) ?? [];
    list.push({ to: link.toId, revenue: link.revenue === null ? 0 : centsToUnits(link.revenue) });
    out.set(link.fromId, list);
  }

  const credits = new Map<string, ReferralCredit>();
  for (const source of out.keys()) {
    const visited = new Set<string>([source]);
    let frontier = [source];
    const byHop: number[] = [];
    let total = 0;
    for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
      const found = new Set<string>();
      let hopRevenue = 0;
      for (const from of frontier) {
        for (const link of out.get(from) ?? []) {
          if (visited.has(link.to)) continue; // back into the chain: cycle-safe
          hopRevenue += link.revenue;
          found.add(link.to);
        }
      }
      byHop.push(hopRevenue);
      total += hopRevenue * decay ** (hop - 1);
      for (const id of found) visited.add(id);
      frontier = [...found];
    }
    const direct = byHop[0] ?? 0;
    credits.set(source, { direct, indirect: total - direct, total, byHop, accountsReached: visited.size - 1 });
  }
  return credits;
}

export function measureWordOfMouth(
  facts: AccountFacts,
  credit: ReferralCredit | undefined,
  options: { referralHalfValue?: number } = {},
): WordOfMouthMeasure {
  const d = WORD_OF_MOUTH_DEFAULTS;
  const referralHalfValue = options.referralHalfValue ?? d.referralHalfValue;
  const { influence } = facts;
  const referral = credit ?? NO_CREDIT;
  let presentWeight = 0;
  let weighted = 0;
  for (const metric of INFLUENCE_METRICS) {
    const value = metric.read(influence);
    if (value === undefined) continue;
    presentWeight += metric.weight;
    weighted += metric.weight * value;
  }
  const influenceIndex = presentWeight > 0 ? weighted / presentWeight : 0;
  const referralIndex = referral.total > 0 ? referral.total / (referral.total + referralHalfValue) : 0;
  return {
    value: d.influenceShare * influenceIndex + (1 - d.influenceShare) * referralIndex,
    influenceIndex,
    referralIndex,
    referralCredit: referral,
    referralHalfValue,
    influence,
  };
}

export function explainWordOfMouth(m: WordOfMouthMeasure): ScoreComponent[] {
  const d = WORD_OF_MOUTH_DEFAULTS;
  const present = INFLUENCE_METRICS.filter((metric) => metric.read(m.influence) !== undefined);
  const presentWeight = present.reduce((sum, metric) => sum + metric.weight, 0);
  const components = present.map((metric) => {
    const value = metric.read(m.influence)!;
    return component(metric.name, value, "INDEX", metric.explain(value, m.influence), (d.influenceShare * metric.weight) / presentWeight);
  });
  const referral = m.referralCredit;
  components.push(
    component(
      "referralValue",
      referral.total,
      "CURRENCY",
      referral.total > 0
        ? `Brought ${formatAmount(referral.direct)} through its own referrals and ${formatAmount(referral.indirect)} (decayed) further down its referral chains, ${referral.accountsReached} account(s) in all.`
        : "No referral revenue on record.",
    ),
    component(
      "referralIndex",
      m.referralIndex,
      "INDEX",
      `Referral value on a 0..1 scale (${formatAmount(m.referralHalfValue)} scores 0.5).`,
      1 - d.influenceShare,
    ),
  );
  return components;
}

export function scoreWordOfMouth(
  facts: AccountFacts,
  credit: ReferralCredit | undefined,
  options: { referralHalfValue?: number } = {},
): WordOfMouthScore {
  const measure = measureWordOfMouth(facts, credit, options);
  return { ...measure, components: explainWordOfMouth(measure) };
}
