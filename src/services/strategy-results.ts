/**
 * What the strategy use cases return, and the conversions from the strategy layer's
 * results. Money leaves the services as integer cents like every other domain amount
 * (strategy computes in currency units; `unitsToCents` rounds once, here). Rates (per
 * minute) and spreads whose unit depends on the objective stay plain numbers.
 */
import type { Account, AccountManager, Cents, IsoDate } from "../domain/model.js";
import { unitsToCents } from "../domain/money.js";
import type { AdvocateRecommendation } from "../strategy/advocates.js";
import type { ScoreComponent } from "../strategy/explained.js";
import type { LossSimulation } from "../strategy/loss-simulation.js";
import type { Portfolio, RankedItem } from "../strategy/portfolio.js";
import type { CurveSource } from "../strategy/response-curve.js";
import type { Tier } from "../strategy/tiers.js";
import type { AllocationTotals, TimePlan } from "../strategy/time-plan.js";
import type { KeysetPosition } from "../ports/account-graph-store.js";
import type { AccountStrategy } from "./strategy-population.js";

export interface StrategicPage {
  items: AccountStrategy[];
  positions: KeysetPosition[];
  hasNextPage: boolean;
  totalCount: number;
  asOf: IsoDate;
  /** The population ranked (its id): cursors carry it so the next page ranks the same one. */
  version: number;
}

export interface PlanTotals {
  minutes: number;
  expectedRevenue: Cents;
  /** Expected revenue per planned minute, currency units. */
  revenuePerMinute: number;
}

export interface PlanAllocation {
  account: Account;
  tier: Tier;
  minutes: number;
  expectedRevenue: Cents;
  /** What the next increment would earn per minute, currency units. */
  marginalRevenuePerMinute: number;
  equalSplitMinutes: number;
  currentMinutes: number;
  curveSource: CurveSource;
  /** The fitted response curve's anchors, with why. */
  curve: ScoreComponent[];
}

export interface PlanResult {
  manager: AccountManager;
  asOf: IsoDate;
  hoursPerWeek: number;
  horizonWeeks: number;
  incrementMinutes: number;
  allocations: PlanAllocation[];
  totals: PlanTotals;
  equalSplit: PlanTotals;
  currentAllocation: PlanTotals & { observedMinutesPerWeek: number };
  components: ScoreComponent[];
}

export interface AdvocateRow {
  account: Account;
  /** Spread this advocate adds after those before it (currency units, or accounts for REACH). */
  marginalSpread: number;
  cumulativeSpread: number;
  timesAskedThisQuarter: number;
}

/** The strategy layer's recommendation with accounts in place of ids (its RIS sample count and blended value left out). */
export interface AdvocatesResult extends Omit<AdvocateRecommendation, "advocates" | "excludedByAskCap" | "risSamplesUsed" | "value"> {
  advocates: AdvocateRow[];
  excludedByAskCap: Account[];
}

export interface ExposedAccountRow {
  account: Account;
  probability: number;
  revenueAtRisk: Cents;
}

export interface CommunitySplitRow {
  communityId: string;
  members: number;
  piecesBefore: number;
  piecesAfter: number;
  strandedMembers: number;
}

export interface LossResult {
  account: Account;
  directRevenue: Cents;
  expectedNetworkRevenueAtRisk: Cents;
  standardError: Cents;
  prospectPotentialAtRisk: Cents;
  totalRevenueAtRisk: Cents;
  exposedAccounts: ExposedAccountRow[];
  keystone: boolean;
  splitCommunities: CommunitySplitRow[];
  networkPiecesAfter: number;
  simulations: number;
  seed: number;
  contagionScale: number;
  components: ScoreComponent[];
}

export interface PortfolioTierRow {
  tier: Tier;
  count: number;
  revenue: Cents;
  minutesLastQuarter: number;
  plannedMinutesPerQuarter: number;
  accounts: Account[];
}

export interface PortfolioItemRow {
  account: Account;
  value: number;
  explanation: string;
}

export interface PortfolioResult {
  manager: AccountManager;
  asOf: IsoDate;
  tiers: PortfolioTierRow[];
  minutesLastQuarter: number;
  plannedMinutesPerQuarter: number;
  /** Share of time the plan moves between tiers, 0..1. */
  timeToMove: number;
  topRisks: PortfolioItemRow[];
  topExpansion: PortfolioItemRow[];
  topAdvocates: PortfolioItemRow[];
  components: ScoreComponent[];
}

type AccountOf = (id: string) => Account;

function toPlanTotals(totals: AllocationTotals): PlanTotals {
  return {
    minutes: totals.minutes,
    expectedRevenue: unitsToCents(totals.expectedRevenue),
    revenuePerMinute: totals.minutes > 0 ? totals.expectedRevenue / totals.minutes : 0,
  };
}

export function toPlanResult(plan: TimePlan, manager: AccountManager, accountOf: AccountOf): PlanResult {
  return {
    manager,
    asOf: plan.asOf,
    hoursPerWeek: plan.hoursPerWeek,
    horizonWeeks: plan.horizonWeeks,
    incrementMinutes: plan.incrementMinutes,
    allocations: plan.accounts.map((row) => ({
      account: accountOf(row.accountId),
      tier: row.tier,
      minutes: row.minutes,
      expectedRevenue: unitsToCents(row.expectedRevenue),
      marginalRevenuePerMinute: row.marginalRevenuePerMinute,
      equalSplitMinutes: row.equalSplitMinutes,
      currentMinutes: row.currentMinutes,
      curveSource: row.curve.source,
      curve: row.curve.components,
    })),
    totals: toPlanTotals(plan.totals),
    equalSplit: toPlanTotals(plan.baselines.equalSplit),
    currentAllocation: {
      ...toPlanTotals(plan.baselines.current),
      observedMinutesPerWeek: plan.baselines.current.observedMinutesPerWeek,
    },
    components: plan.components,
  };
}

export function toAdvocatesResult(recommendation: AdvocateRecommendation, accountOf: AccountOf): AdvocatesResult {
  return {
    advocates: recommendation.advocates.map((a) => ({
      account: accountOf(a.accountId),
      marginalSpread: a.marginalSpread,
      cumulativeSpread: a.cumulativeSpread,
      timesAskedThisQuarter: a.timesAsked,
    })),
    objective: recommendation.objective,
    estimator: recommendation.estimator,
    expectedSpread: recommendation.expectedSpread,
    standardError: recommendation.standardError,
    selectionSpread: recommendation.selectionSpread,
    simulations: recommendation.simulations,
    seed: recommendation.seed,
    candidates: recommendation.candidates,
    excludedByAskCap: recommendation.excludedByAskCap.map(accountOf),
    components: recommendation.components,
  };
}

export function toLossResult(loss: LossSimulation, accountOf: AccountOf): LossResult {
  return {
    account: accountOf(loss.accountId),
    directRevenue: unitsToCents(loss.directRevenueAtRisk),
    expectedNetworkRevenueAtRisk: unitsToCents(loss.networkRevenueAtRisk),
    standardError: unitsToCents(loss.networkRevenueStandardError),
    prospectPotentialAtRisk: unitsToCents(loss.prospectPotentialAtRisk),
    totalRevenueAtRisk: unitsToCents(loss.totalRevenueAtRisk),
    exposedAccounts: loss.exposedAccounts.map((e) => ({
      account: accountOf(e.accountId),
      probability: e.churnProbability,
      revenueAtRisk: unitsToCents(e.expectedLoss),
    })),
    keystone: loss.keystone,
    splitCommunities: loss.splitCommunities.map((c) => ({ ...c })),
    networkPiecesAfter: loss.networkPiecesAfter,
    simulations: loss.simulations,
    seed: loss.seed,
    contagionScale: loss.contagionScale,
    components: loss.components,
  };
}

export function toPortfolioResult(portfolio: Portfolio, manager: AccountManager, accountOf: AccountOf): PortfolioResult {
  const items = (rows: RankedItem[]): PortfolioItemRow[] =>
    rows.map((r) => ({ account: accountOf(r.accountId), value: r.value, explanation: r.explanation }));
  return {
    manager,
    asOf: portfolio.asOf,
    tiers: portfolio.tiers.map((t) => ({
      tier: t.tier,
      count: t.accountIds.length,
      revenue: unitsToCents(t.annualRevenue),
      minutesLastQuarter: t.minutesLastQuarter,
      plannedMinutesPerQuarter: t.plannedMinutesPerQuarter,
      accounts: t.accountIds.map(accountOf),
    })),
    minutesLastQuarter: portfolio.minutesLastQuarter,
    plannedMinutesPerQuarter: portfolio.plannedMinutesPerQuarter,
    timeToMove: portfolio.value,
    topRisks: items(portfolio.topRisks),
    topExpansion: items(portfolio.topExpansion),
    topAdvocates: items(portfolio.topAdvocates),
    components: portfolio.components,
  };
}
