/**
 * Plain inputs of the strategy layer. Services assemble them from the store (accounts,
 * engagements, purchases, referrals) and from analytics (percentile metrics, the
 * influence CSR); strategy functions never fetch anything and never read the clock.
 *
 * Money: domain values are integer cents; strategy converts with `centsToUnits` once,
 * at the point of use, and works in currency units (numbers) from there on.
 */
import type { Account, Cents, Engagement, IsoDate, Purchase } from "../domain/model.js";

/** Influence metrics of one account, as percentiles 0..1 across all accounts. */
export interface InfluenceFacts {
  /** PageRank over INFLUENCES + REFERRED links: whom other accounts listen to. */
  pagerankPercentile: number;
  /** Betweenness: how often the account bridges otherwise separate groups. */
  betweennessPercentile: number;
  /** Optional: how much of the network lies within two hops. Missing -> not counted. */
  reachPercentile?: number;
  /** Optional: communities (associations, churches, clubs) the account leads. */
  communitiesLed?: number;
}

/** Everything strategy needs to know about one account. */
export interface AccountFacts {
  account: Account;
  /** All engagements on the account (any manager); older than two years may be omitted. */
  engagements: readonly Engagement[];
  /** Purchases of the account; the trend reads the last two years. */
  purchases: readonly Purchase[];
  influence: InfluenceFacts;
}

/** One REFERRED link: `fromId` introduced `toId`, which brought `revenue`. */
export interface ReferralLink {
  fromId: string;
  toId: string;
  revenue: Cents | null;
}

/** Scored population: every account to compare, and the referral links among them. */
export interface StrategyPopulation {
  facts: readonly AccountFacts[];
  referrals: readonly ReferralLink[];
}

/** Node status codes in `InfluenceNetwork.status` (a byte per node keeps 20k nodes tiny). */
export const NODE_STATUS = { PROSPECT: 0, CUSTOMER: 1, CHURNED: 2 } as const;

/**
 * Compact directed influence network for cascades (advocates, loss simulation, plan
 * spill-over). Node i is `ids[i]`; its out-links are `targets[offsets[i] .. offsets[i+1])`
 * with activation probabilities `probabilities[same range]` (compressed sparse row).
 * Built by services from analytics output with `buildInfluenceNetwork`.
 */
export interface InfluenceNetwork {
  ids: readonly string[];
  /** Length n + 1, non-decreasing, offsets[0] = 0, offsets[n] = targets.length. */
  offsets: Int32Array;
  targets: Int32Array;
  /** Independent Cascade probability that the source activates the target, 0..1. */
  probabilities: Float64Array;
  /** Revenue potential per node, currency units: a prospect's deal, a customer's expansion. */
  potential: Float64Array;
  /** Current annual revenue per node, currency units (what a churn would lose). */
  revenue: Float64Array;
  /** NODE_STATUS per node. */
  status: Uint8Array;
  /** Optional community membership (CSR community -> member node indices). */
  communities?: CommunityIndex;
}

export interface CommunityIndex {
  ids: readonly string[];
  /** Length communities + 1. */
  offsets: Int32Array;
  members: Int32Array;
}

export type { Account, Cents, Engagement, IsoDate, Purchase };
