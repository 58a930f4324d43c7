/**
 * What the strategy use cases return, and the conversions from the strategy layer's
 * results. Money leaves the services as integer cents like every other domain amount
 * (strategy computes in currency units; `unitsToCents` rounds once, here). Rates (per
 * minute) and spreads whose unit depends on the objective stay plain numbers.
 */
import type { Account, AccountManager, Cents, InfluenceKind, IsoDate } from "../domain/model.js";
import { unitsToCents } from "../domain/money.js";
import type { AdvocateRecommendation } from "../strategy/advocates.js";
import type { ActivationBacktest, ActivationFit } from "../strategy/cascade-fit.js";
import type { HistoryPeriod } from "../strategy/history-periods.js";
import type { PlanBacktest, ForecastErrors } from "../strategy/plan-backtest.js";
import type { BookResponseFit } from "../strategy/response-fit.js";
import type { ResponseFamily } from "../strategy/response-curve.js";
import type { ScoreComponent } from "../strategy/explained.js";
import type { LossSimulation } from "../strategy/loss-simulation.js";
import type { Portfolio, RankedItem } from "../strategy/portfolio.js";
import type { CurveSource } from "../strategy/response-curve.js";
import type { Tier } from "../strategy/tiers.js";
import type { AllocationTotals, Interval, TimePlan } from "../strategy/time-plan.js";
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

export interface MoneyInterval {
  low: Cents;
  high: Cents;
}

export interface PlanTotals {
  minutes: number;
  expectedRevenue: Cents;
  /** Central interval of the expected revenue (posterior draws of the curves). */
  interval: MoneyInterval;
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
  interval: MoneyInterval;
  weakEvidence: boolean;
  /** Observed quarters of its own the curve was fitted from. */
  periodsObserved: number;
  /** The fitted response curve's anchors, with why. */
  curve: ScoreComponent[];
}

export interface SegmentResponseRow {
  segment: string;
  responsiveShare: number;
  accounts: number;
  fittedAccounts: number;
}

export interface ResponseAlternativeRow {
  family: ResponseFamily;
  baseline: boolean;
  halfSaturationMinutes: number;
  steepness: number;
  score: number;
}

/** The book's response model: what the plan's curves were fitted as, and on what. */
export interface ResponseModelResult {
  family: ResponseFamily;
  baseline: boolean;
  halfSaturationMinutes: number;
  steepness: number;
  noise: number;
  periods: number;
  firstPeriodStart: IsoDate | null;
  lastPeriodEnd: IsoDate | null;
  fittedAccounts: number;
  observations: number;
  segments: SegmentResponseRow[];
  alternatives: ResponseAlternativeRow[];
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
  intervalLevel: number;
  weakEvidenceAccounts: number;
  model: ResponseModelResult;
  components: ScoreComponent[];
}

export interface ForecastErrorsResult {
  predicted: Cents;
  actual: Cents;
  mape: number | null;
  wape: number | null;
  calibration: number | null;
}

export interface BacktestRowResult {
  account: Account;
  minutes: number;
  predicted: Cents;
  naive: Cents;
  actual: Cents;
  covered: number;
  periods: number;
}

export interface BacktestResult {
  manager: AccountManager;
  asOf: IsoDate;
  holdoutPeriods: number;
  trainingFrom: IsoDate | null;
  trainingTo: IsoDate | null;
  heldOutFrom: IsoDate | null;
  heldOutTo: IsoDate | null;
  accounts: number;
  points: number;
  model: ForecastErrorsResult & { coverage: number | null; predictiveLevel: number };
  naive: ForecastErrorsResult;
  rows: BacktestRowResult[];
  components: ScoreComponent[];
}

export interface ActivationKindRow {
  kind: InfluenceKind;
  scale: number;
  low: number;
  high: number;
  trials: number;
  referrals: number;
  /** Its own scale is what the cascade uses for this kind. */
  used: boolean;
}

/** The cascade's activation scale, fitted or default, as the advocates were computed with. */
export interface ActivationResult {
  scale: number;
  source: ActivationFit["source"];
  defaultScale: number;
  /** Maximum-likelihood estimate and its 95 % interval (null without any trial). */
  estimate: number | null;
  low: number | null;
  high: number | null;
  trials: number;
  referrals: number;
  byKind: ActivationKindRow[];
  backtest: ActivationBacktest | null;
  /** The chosen advocates' spread at the ends of the interval (null without an estimate). */
  spreadLow: number | null;
  spreadHigh: number | null;
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
  activation: ActivationResult;
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

function toMoneyInterval(interval: Interval): MoneyInterval {
  return { low: unitsToCents(interval.low), high: unitsToCents(interval.high) };
}

function toPlanTotals(totals: AllocationTotals): PlanTotals {
  return {
    minutes: totals.minutes,
    expectedRevenue: unitsToCents(totals.expectedRevenue),
    interval: toMoneyInterval(totals.interval),
    revenuePerMinute: totals.minutes > 0 ? totals.expectedRevenue / totals.minutes : 0,
  };
}

/** A plan with the fit it was made from and the quarters that fit saw. */
export interface FittedBookPlan {
  plan: TimePlan;
  fit: BookResponseFit;
  periods: readonly HistoryPeriod[];
}

function toResponseModel(book: FittedBookPlan): ResponseModelResult {
  const { fit } = book;
  const periods = book.periods.filter((p) => p.observed);
  return {
    family: fit.shape.family,
    baseline: fit.baseline,
    halfSaturationMinutes: fit.shape.halfSaturation,
    steepness: fit.shape.steepness,
    noise: fit.noise,
    periods: periods.length,
    firstPeriodStart: periods[0]?.start ?? null,
    lastPeriodEnd: periods.at(-1)?.end ?? null,
    fittedAccounts: fit.fittedAccounts,
    observations: fit.observations,
    segments: [...fit.groups.values()].map((g) => ({
      segment: g.group,
      responsiveShare: g.responsiveShare,
      accounts: g.accounts,
      fittedAccounts: g.fittedAccounts,
    })),
    alternatives: fit.families.map((f) => ({
      family: f.family,
      baseline: f.baseline,
      halfSaturationMinutes: f.shape.halfSaturation,
      steepness: f.shape.steepness,
      score: f.score,
    })),
  };
}

export function toPlanResult(book: FittedBookPlan, manager: AccountManager, accountOf: AccountOf): PlanResult {
  const { plan } = book;
  const periodsOf = new Map(book.fit.accounts.map((a) => [a.accountId, a.periods]));
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
      curveSource: row.source,
      interval: toMoneyInterval(row.interval),
      weakEvidence: row.weakEvidence,
      periodsObserved: periodsOf.get(row.accountId) ?? 0,
      curve: row.components,
    })),
    totals: toPlanTotals(plan.totals),
    equalSplit: toPlanTotals(plan.baselines.equalSplit),
    currentAllocation: {
      ...toPlanTotals(plan.baselines.current),
      observedMinutesPerWeek: plan.baselines.current.observedMinutesPerWeek,
    },
    intervalLevel: plan.intervalLevel,
    weakEvidenceAccounts: plan.weakEvidenceAccounts,
    model: toResponseModel(book),
    components: plan.components,
  };
}

function toForecastErrors(errors: ForecastErrors): ForecastErrorsResult {
  return { ...errors, predicted: unitsToCents(errors.predicted), actual: unitsToCents(errors.actual) };
}

export function toBacktestResult(backtest: Omit<PlanBacktest, "fit">, manager: AccountManager, accountOf: AccountOf): BacktestResult {
  const span = (periods: readonly HistoryPeriod[]) => ({ from: periods[0]?.start ?? null, to: periods.at(-1)?.end ?? null });
  const training = span(backtest.training);
  const heldOut = span(backtest.heldOut);
  return {
    manager,
    asOf: backtest.asOf,
    holdoutPeriods: backtest.holdoutPeriods,
    trainingFrom: training.from,
    trainingTo: training.to,
    heldOutFrom: heldOut.from,
    heldOutTo: heldOut.to,
    accounts: backtest.accounts,
    points: backtest.points,
    model: { ...toForecastErrors(backtest.model), coverage: backtest.model.coverage, predictiveLevel: backtest.model.predictiveLevel },
    naive: toForecastErrors(backtest.naive),
    rows: backtest.rows.map((r) => ({
      account: accountOf(r.accountId),
      minutes: r.minutes,
      predicted: unitsToCents(r.predicted),
      naive: unitsToCents(r.naive),
      actual: unitsToCents(r.actual),
      covered: r.covered,
      periods: r.periods,
    })),
    components: backtest.components,
  };
}

export function toActivationResult(fit: ActivationFit, spreadRange: { low: number; high: number } | null): ActivationResult {
  return {
    scale: fit.scale,
    source: fit.source,
    defaultScale: fit.defaultScale,
    estimate: fit.estimate?.scale ?? null,
    low: fit.estimate?.low ?? null,
    high: fit.estimate?.high ?? null,
    trials: fit.estimate?.trials ?? 0,
    referrals: fit.estimate?.referrals ?? 0,
    byKind: fit.byKind.map((k) => ({ ...k, used: fit.kindScales.has(k.kind) })),
    backtest: fit.backtest,
    spreadLow: spreadRange?.low ?? null,
    spreadHigh: spreadRange?.high ?? null,
    components: fit.components,
  };
}

export function toAdvocatesResult(recommendation: AdvocateRecommendation, accountOf: AccountOf, activation: ActivationResult): AdvocatesResult {
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
    activation,
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
