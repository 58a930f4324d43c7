/**
 * Strategy use cases: the strategic ranking with its "why", the weekly time plan,
 * advocates to cultivate, what losing an account would cost, and a manager's portfolio.
 * The maths is the pure strategy layer (src/strategy, docs/scoring.md); this file
 * validates arguments (ValidationError naming the field), resolves ids (NotFoundError
 * naming the field), and feeds the strategy functions the population the read model and
 * the influence snapshots keep measured (strategy-population.ts): a request only blends.
 *
 * Decisions:
 * - Percentiles, tiers and ranks are always relative to every account; a `filter` only
 *   chooses which of the ranked accounts a page shows.
 * - asOf is today's UTC date (injectable `today` for tests and benchmarks).
 * - "Asked this quarter" (the advocates' ask cap) is read from the data we have: the
 *   referrals an account made since the start of the current calendar quarter.
 * - The cascades (advocates, loss) run on the request path: on 20,000 accounts
 *   recommendAdvocates(k = 10, 1,000 simulations) takes ~1.3 s of CPU (bench/strategy-bench.ts);
 *   results are memoised per population.
 */
import { createHash } from "node:crypto";
import { NotFoundError, ValidationError } from "../domain/errors.js";
import { requireNonNegativeInt, requirePositiveInt, requirePositiveNumber, todayIso } from "../domain/guards.js";
import type { AccountManager, IsoDate } from "../domain/model.js";
import type { KeysetPosition } from "../ports/account-graph-store.js";
import type { AccountQueryFilter } from "./read-model/account-filter.js";
import { ADVOCATE_DEFAULTS, recommendAdvocates, type AdvocateObjective } from "../strategy/advocates.js";
import { simulateLoss } from "../strategy/loss-simulation.js";
import { buildPortfolio, PORTFOLIO_DEFAULTS } from "../strategy/portfolio.js";
import { compareText } from "../strategy/percentile.js";
import { planWeeklyTime, TIME_PLAN_DEFAULTS } from "../strategy/time-plan.js";
import type { Tier } from "../strategy/tiers.js";
import type { InfluenceSession } from "./influence-session.js";
import type { ReadModel } from "./read-model/read-model.js";
import {
  rankingParameters,
  type RankingParameters,
  type Thresholds,
  type Weights,
  StrategyKeeper,
  toAccountStrategy,
  type AccountStrategy,
  type StrategyPopulation,
} from "./strategy-population.js";
import {
  toAdvocatesResult,
  toLossResult,
  toPlanResult,
  toPortfolioResult,
  type AdvocatesResult,
  type LossResult,
  type PlanResult,
  type PortfolioResult,
  type StrategicPage,
} from "./strategy-results.js";
import { StrategySession } from "./strategy-session.js";
import type { InfluenceEngine } from "../analytics/engine/index.js";

export { StrategySession } from "./strategy-session.js";
// The vocabulary the API shapes its types from (the API does not import strategy itself).
export { TIERS, type Tier } from "../strategy/tiers.js";
export { ADVOCATE_DEFAULTS, ADVOCATE_ESTIMATORS, ADVOCATE_OBJECTIVES, type AdvocateEstimator, type AdvocateObjective } from "../strategy/advocates.js";
export type { ComponentUnit, ScoreComponent } from "../strategy/explained.js";
export type { CurveSource } from "../strategy/response-curve.js";
export type { StrategicDimension } from "../strategy/strategic-score.js";
export type { AccountStrategy } from "./strategy-population.js";
export type * from "./strategy-results.js";

export const STRATEGY_LIMITS = Object.freeze({
  maxPageSize: 100,
  /** Advocate searches run on the request path: 10,000 worlds of 20,000 accounts is ~25 MB of bits. */
  maxSimulations: 10_000,
  maxAmong: 20_000,
});

export type { Thresholds, Weights } from "./strategy-population.js";

export interface StrategyServiceOptions {
  /** asOf of every calculation. Default: today's UTC date. */
  today?: () => IsoDate;
  /** Longest a change waits to show in strategy answers (strategy-population.ts; 0 in tests that must see every write). */
  publishIntervalMs?: number;
  /** How long the first request waits for the first population. */
  firstWaitMs?: number;
  onError?: (error: unknown, context: string) => void;
}

export interface RankQuery {
  weights?: Weights;
  thresholds?: Thresholds;
  filter?: AccountQueryFilter;
  first: number;
  after?: KeysetPosition;
}

export interface PlanQuery {
  managerId: string;
  /** Default: the manager's weekly capacity. */
  hours?: number | null;
  horizonWeeks?: number;
  weights?: Weights;
}

export interface AdvocateQuery {
  k: number;
  among?: readonly string[];
  amongFilter?: AccountQueryFilter;
  objective?: AdvocateObjective;
  seed?: number;
  simulations?: number;
  askCapPerQuarter?: number | null;
}

export class StrategyService {
  readonly populations: StrategyKeeper;

  constructor(
    private readonly model: ReadModel,
    engine: InfluenceEngine,
    options: StrategyServiceOptions = {},
  ) {
    this.populations = new StrategyKeeper(model, engine, {
      today: options.today ?? todayIso,
      ...(options.publishIntervalMs !== undefined ? { publishIntervalMs: options.publishIntervalMs } : {}),
      ...(options.firstWaitMs !== undefined ? { firstWaitMs: options.firstWaitMs } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  /** One per request, sharing the request's influence session. */
  session(influence: InfluenceSession): StrategySession {
    return new StrategySession(this.populations, influence);
  }

  close(): void {
    this.populations.close();
  }

  /**
   * Validates weights and thresholds and names the ordering they produce, so a cursor
   * issued under other weights is refused instead of continuing a different order.
   */
  rankingOrdering(weights: Weights, thresholds: Thresholds): string {
    const { key } = rankingParameters(weights, thresholds);
    return `STRATEGIC:${createHash("sha256").update(key).digest("base64url").slice(0, 16)}`;
  }

  /** Accounts by strategic score (desc, ties by id asc), keyset-paginated like `accounts`. */
  async rank(query: RankQuery, session: StrategySession): Promise<StrategicPage> {
    const parameters = rankingParameters(query.weights, query.thresholds);
    const first = requireNonNegativeInt(query.first, "first", STRATEGY_LIMITS.maxPageSize);
    const population = await session.current();
    const { ranking } = population.ranking(parameters);
    const keep = query.filter ? population.matchingIds(query.filter) : null;
    const scores = ranking.scores;
    const start = query.after ? firstAfter(scores, query.after) : 0;

    const items: AccountStrategy[] = [];
    let hasNextPage = false;
    for (let i = start; i < scores.length; i++) {
      const score = scores[i]!;
      if (keep && !keep.has(score.accountId)) continue;
      if (items.length === first) {
        hasNextPage = true;
        break;
      }
      items.push(toAccountStrategy(population.factsOf(score.accountId), score, ranking));
    }
    let totalCount = scores.length;
    if (keep) {
      totalCount = 0;
      for (const s of scores) if (keep.has(s.accountId)) totalCount++;
    }
    return {
      items,
      positions: items.map((item) => ({ value: item.score.value, id: item.score.accountId })),
      hasNextPage,
      totalCount,
      asOf: population.asOf,
    };
  }

  /** One account's score with its components (the "why"). */
  async scoreOf(
    accountId: string,
    query: { weights?: Weights; thresholds?: Thresholds },
    session: StrategySession,
    field = "accountId",
  ): Promise<AccountStrategy> {
    const parameters = rankingParameters(query.weights, query.thresholds);
    const population = await session.current();
    return population.strategyOf(accountId, parameters, field);
  }

  /** The weekly plan of a manager's accounts, with tiers from the ranking under `weights`. */
  async planTime(query: PlanQuery, session: StrategySession): Promise<PlanResult> {
    const parameters = rankingParameters(query.weights, null);
    const horizonWeeks = requirePositiveInt(query.horizonWeeks ?? 1, "horizonWeeks", TIME_PLAN_DEFAULTS.maxHorizonWeeks);
    if (query.hours !== undefined && query.hours !== null) {
      requirePositiveNumber(query.hours, "hours", TIME_PLAN_DEFAULTS.maxHoursPerWeek);
    }
    const manager = await this.requireManager(query.managerId);
    const population = await session.current();
    const plan = this.plan(population, manager, parameters, query.hours ?? manager.weeklyCapacityHours, horizonWeeks);
    return toPlanResult(plan, manager, (id) => population.factsOf(id).account);
  }

  /** Influence maximisation (Independent Cascade, CELF / RIS) over the revenue potential reached. */
  async recommendAdvocates(query: AdvocateQuery, session: StrategySession): Promise<AdvocatesResult> {
    requirePositiveInt(query.k, "k", ADVOCATE_DEFAULTS.maxK);
    const simulations = requirePositiveInt(query.simulations ?? ADVOCATE_DEFAULTS.simulations, "simulations", STRATEGY_LIMITS.maxSimulations);
    if (query.among && query.among.length > STRATEGY_LIMITS.maxAmong) {
      throw new ValidationError(`among must name at most ${STRATEGY_LIMITS.maxAmong} accounts`, "among");
    }
    const population = await session.current();
    for (const id of query.among ?? []) population.requireFacts(id, "among");
    let among = query.among ? [...new Set(query.among)] : undefined;
    if (query.amongFilter) {
      const matching = population.matchingIds(query.amongFilter);
      among = (among ?? [...matching]).filter((id) => matching.has(id));
    }
    const asks = this.asksThisQuarter(population);
    const askCap = query.askCapPerQuarter ?? ADVOCATE_DEFAULTS.askCapPerQuarter;
    const key = JSON.stringify([
      "advocates",
      query.k,
      among?.sort(compareText) ?? null,
      query.objective ?? null,
      query.seed ?? null,
      simulations,
      askCap,
    ]);
    const recommendation = population.memo(key, () =>
      recommendAdvocates(population.data.network, {
        k: query.k,
        ...(among ? { among } : {}),
        ...(query.objective ? { objective: query.objective } : {}),
        ...(query.seed !== undefined ? { seed: query.seed } : {}),
        simulations,
        askCapPerQuarter: askCap,
        asksThisQuarter: asks,
        networkIndex: population.data.networkIndex,
      }),
    );
    return toAdvocatesResult(recommendation, (id) => population.factsOf(id).account);
  }

  /** Direct revenue, churn contagion through influence links, and the communities it holds together. */
  async simulateLoss(accountId: string, session: StrategySession): Promise<LossResult> {
    const population = await session.current();
    population.requireFacts(accountId, "accountId");
    const loss = simulateLoss(population.data.network, { accountId, networkIndex: population.data.networkIndex });
    return toLossResult(loss, (id) => population.factsOf(id).account);
  }

  /** A manager's accounts by tier, time last quarter vs plan, top risks, expansion and advocates. */
  async portfolio(managerId: string, query: { weights?: Weights }, session: StrategySession): Promise<PortfolioResult> {
    const parameters = rankingParameters(query.weights, null);
    const manager = await this.requireManager(managerId);
    const population = await session.current();
    const plan = this.plan(population, manager, parameters, manager.weeklyCapacityHours, 1);
    const mine = population.data.population.facts.filter((f) => f.account.ownerId === manager.id);
    const customers = mine
      .filter((f) => population.data.networkIndex.has(f.account.id) && f.account.status === "CUSTOMER")
      .map((f) => f.account.id);
    const advocates =
      customers.length === 0
        ? undefined
        : population.memo(JSON.stringify(["portfolio-advocates", manager.id]), () =>
            recommendAdvocates(population.data.network, {
              k: Math.min(PORTFOLIO_DEFAULTS.top, customers.length),
              among: customers,
              asksThisQuarter: this.asksThisQuarter(population),
              networkIndex: population.data.networkIndex,
            }),
          );
    const portfolio = buildPortfolio({
      managerId: manager.id,
      asOf: population.asOf,
      accounts: mine,
      scores: population.ranking(parameters).ranking.scores,
      plan,
      ...(advocates ? { advocates } : {}),
    });
    return toPortfolioResult(portfolio, manager, (id) => population.factsOf(id).account);
  }

  private plan(population: StrategyPopulation, manager: AccountManager, parameters: RankingParameters, hours: number, horizonWeeks: number) {
    const { byId } = population.ranking(parameters);
    const accounts = population.data.population.facts.filter((f) => f.account.ownerId === manager.id);
    const tiers = new Map<string, Tier>();
    for (const f of accounts) tiers.set(f.account.id, byId.get(f.account.id)!.tier.tier);
    return planWeeklyTime({
      managerId: manager.id,
      accounts,
      hoursPerWeek: hours,
      horizonWeeks,
      asOf: population.asOf,
      tiers,
      network: population.data.network,
      networkIndex: population.data.networkIndex,
    });
  }

  private async requireManager(managerId: string): Promise<AccountManager> {
    const manager = (await this.model.ready()).managers.get(managerId);
    if (!manager) throw new NotFoundError("AccountManager", managerId, "managerId");
    return manager;
  }

  /** Referrals each account made since the start of asOf's calendar quarter. */
  private asksThisQuarter(population: StrategyPopulation): Map<string, number> {
    return population.memo("asks-this-quarter", () => {
      const asOf = population.asOf;
      const month = Number(asOf.slice(5, 7));
      const quarterStart = `${asOf.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, "0")}-01`;
      const asks = new Map<string, number>();
      for (const link of population.data.referralLinks) {
        if (link.date !== null && link.date >= quarterStart && link.date <= asOf) asks.set(link.fromId, (asks.get(link.fromId) ?? 0) + 1);
      }
      return asks;
    });
  }
}

/** Index of the first score strictly after the keyset position in (value desc, id asc) order. */
function firstAfter(scores: readonly { value: number; accountId: string }[], after: KeysetPosition): number {
  const value = typeof after.value === "number" ? after.value : Number.NaN;
  if (!Number.isFinite(value)) throw new ValidationError("after is not a valid cursor", "after");
  let lo = 0;
  let hi = scores.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = scores[mid]!;
    const isAfter = s.value < value || (s.value === value && s.accountId > after.id);
    if (isAfter) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
