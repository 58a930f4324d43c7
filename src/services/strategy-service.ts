/**
 * Strategy use cases: the strategic ranking with its "why", the weekly time plan and its
 * backtest, advocates to cultivate, what losing an account would cost, and a manager's
 * portfolio. The maths is the pure strategy layer (src/strategy, docs/scoring.md); this
 * file validates arguments (ValidationError naming the field), resolves ids (NotFoundError
 * naming the field), and feeds the strategy functions the population the read model and
 * the influence snapshots keep measured (strategy-population.ts): a request only blends.
 * The plan learns from the book's whole history (plan-service.ts); the advocates' cascade
 * runs at the activation scale fitted from the referral history (activation-service.ts).
 *
 * Decisions:
 * - Percentiles, tiers and ranks are always relative to every account; a `filter` only
 *   chooses which of the ranked accounts a page shows.
 * - asOf is today's UTC date (injectable `today` for tests and benchmarks).
 * - "Asked this quarter" (the advocates' ask cap) is read from the data we have: the
 *   referrals an account made since the start of the current calendar quarter.
 * - The cascades (advocates, their spread over the activation scale's interval, loss), the
 *   plan's fit, plan and backtest, and the activation fit run in the work pool's threads
 *   (work-pool/work-pool.ts), never on the request thread: on 20,000 accounts
 *   recommendAdvocates(k = 10, 1,000 simulations) takes ~1.3 s of CPU
 *   (bench/strategy-bench.ts), a 500-account book's fit ~0.6 s. A full pool answers
 *   ANALYTICS_BUSY at once; results are memoised (concurrent identical requests share one
 *   run; a failed run is forgotten).
 */
import { createHash } from "node:crypto";
import { CursorStaleError, NotFoundError, ValidationError } from "../domain/errors.js";
import { partitionPoint } from "../domain/partition-point.js";
import { requireNonNegativeInt, requirePositiveInt, requirePositiveNumber, todayIso } from "../domain/guards.js";
import type { AccountManager, IsoDate } from "../domain/model.js";
import type { KeysetPosition } from "../ports/account-graph-store.js";
import { ADVOCATE_DEFAULTS, type AdvocateObjective } from "../strategy/advocates.js";
import type { ActivationFit } from "../strategy/cascade-fit.js";
import { PLAN_BACKTEST_DEFAULTS } from "../strategy/plan-backtest.js";
import type { AccountQueryFilter } from "./read-model/account-filter.js";
import { bookOf } from "./read-model/books.js";
import { buildPortfolio, PORTFOLIO_DEFAULTS } from "../strategy/portfolio.js";
import { compareText } from "../strategy/percentile.js";
import { planningSteps, TIME_PLAN_DEFAULTS } from "../strategy/time-plan.js";
import type { RankedScores } from "../strategy/ranking.js";
import { ActivationService } from "./activation-service.js";
import type { InfluenceSession } from "./influence-session.js";
import { PlanService, type ActivityHistoryStore } from "./plan-service.js";
import type { ReadModel } from "./read-model/read-model.js";
import {
  rankingParameters,
  type Thresholds,
  type Weights,
  toAccountStrategy,
  type AccountStrategy,
  type StrategyPopulation,
} from "./strategy-population.js";
import {
  toActivationResult,
  toAdvocatesResult,
  toBacktestResult,
  toLossResult,
  toPlanResult,
  toPortfolioResult,
  type AdvocatesResult,
  type BacktestResult,
  type LossResult,
  type PlanResult,
  type PortfolioResult,
  type StrategicPage,
} from "./strategy-results.js";
import { StrategyKeeper } from "./strategy-keeper.js";
import { StrategySession } from "./strategy-session.js";
import type { Blender } from "./strategy-population.js";
import type { InfluenceEngine } from "../analytics/engine/index.js";
import type { WorkPool } from "./work-pool/work-pool.js";

export { StrategySession } from "./strategy-session.js";
// The vocabulary the API shapes its types from (the API does not import strategy itself).
export { TIERS, type Tier } from "../strategy/tiers.js";
export {
  ADVOCATE_DEFAULTS,
  ADVOCATE_ESTIMATORS,
  ADVOCATE_OBJECTIVES,
  type AdvocateEstimator,
  type AdvocateObjective,
} from "../strategy/advocates.js";
export type { ComponentUnit, ScoreComponent } from "../strategy/explained.js";
export type { CurveSource, ResponseFamily } from "../strategy/response-curve.js";
export type { InfluenceKind } from "../domain/model.js";
export type ActivationSource = ActivationFit["source"];
export { CURVE_SOURCES, RESPONSE_FAMILIES } from "../strategy/response-curve.js";
export { PLAN_BACKTEST_DEFAULTS } from "../strategy/plan-backtest.js";
export type { StrategicDimension, StrategicWeights } from "../strategy/strategic-score.js";
export type { TierThresholds } from "../strategy/tiers.js";
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
  /** How rankings blend: inline by default; the server blends in a worker thread (strategy-blend.ts). */
  blend?: Blender;
  onError?: (error: unknown, context: string) => void;
}

export interface RankQuery {
  weights?: Weights;
  thresholds?: Thresholds;
  filter?: AccountQueryFilter;
  first: number;
  after?: KeysetPosition;
  /** The population the `after` cursor was issued on (its id); null for a cursor without one. */
  afterVersion?: number | null;
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
  private readonly plans: PlanService;
  private readonly cascades: ActivationService;

  constructor(
    private readonly model: ReadModel,
    engine: InfluenceEngine,
    private readonly pool: WorkPool,
    /** Where a book's whole activity history is read (the read model keeps two years). */
    history: ActivityHistoryStore,
    options: StrategyServiceOptions = {},
  ) {
    this.plans = new PlanService(history, pool, () => model.current.activitySeq);
    this.cascades = new ActivationService(pool);
    this.populations = new StrategyKeeper(model, engine, {
      today: options.today ?? todayIso,
      ...(options.publishIntervalMs !== undefined ? { publishIntervalMs: options.publishIntervalMs } : {}),
      ...(options.firstWaitMs !== undefined ? { firstWaitMs: options.firstWaitMs } : {}),
      ...(options.blend ? { blend: options.blend } : {}),
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
    const population = await this.populationFor(query, session);
    const { scores } = await population.ranking(parameters);
    const keep = query.filter ? population.matchingIds(query.filter) : null;
    const start = query.after ? firstAfter(scores, query.after) : 0;

    const items: AccountStrategy[] = [];
    let hasNextPage = false;
    for (let position = start; position < scores.size; position++) {
      const accountId = scores.idAt(position);
      if (keep && !keep.has(accountId)) continue;
      if (items.length === first) {
        hasNextPage = true;
        break;
      }
      items.push(toAccountStrategy(population.factsOf(accountId), scores.at(position), scores));
    }
    const totalCount = keep ? keep.size : scores.size;
    return {
      items,
      positions: items.map((item) => ({ value: item.score.value, id: item.score.accountId })),
      hasNextPage,
      totalCount,
      asOf: population.asOf,
      version: population.id,
    };
  }

  /**
   * A cursor's page continues on the population it was issued on while it is kept (a write
   * since moves scores, so the order of a newer one would skip or repeat accounts); one no
   * longer kept answers CURSOR_STALE with the current population's id.
   */
  private async populationFor(query: RankQuery, session: StrategySession): Promise<StrategyPopulation> {
    const current = await session.current();
    if (!query.after || query.afterVersion === undefined || query.afterVersion === null || query.afterVersion === current.id) return current;
    const kept = session.byId(query.afterVersion);
    if (kept) return kept;
    throw new CursorStaleError(
      `after was issued on strategy population ${query.afterVersion}, which is no longer kept (now ${current.id}); start again from the first page`,
      "after",
      current.id,
    );
  }

  /** One account's score with its components (the "why"). */
  async scoreOf(
    accountId: string,
    query: { weights?: Weights; thresholds?: Thresholds },
    session: StrategySession,
    field = "accountId",
  ): Promise<AccountStrategy> {
    const parameters = rankingParameters(query.weights, query.thresholds);
    const population = await session.holding([accountId]);
    return await population.strategyOf(accountId, parameters, field);
  }

  /** The weekly plan of a manager's accounts, with tiers from the ranking under `weights`. */
  async planTime(query: PlanQuery, session: StrategySession): Promise<PlanResult> {
    const parameters = rankingParameters(query.weights, null);
    const horizonWeeks = requirePositiveInt(query.horizonWeeks ?? 1, "horizonWeeks", TIME_PLAN_DEFAULTS.maxHorizonWeeks);
    if (query.hours !== undefined && query.hours !== null) {
      requirePositiveNumber(query.hours, "hours", TIME_PLAN_DEFAULTS.maxHoursPerWeek);
    }
    const manager = await this.requireManager(query.managerId);
    const hours = requirePlanningStep(query.hours, manager);
    const population = await session.holdingBook(manager.id);
    const plan = await this.plans.plan({ manager, population, parameters, hours, horizonWeeks });
    return toPlanResult(plan, manager, (id) => population.factsOf(id).account);
  }

  /** Fits on all but the last quarters and scores the predictions of the held-out ones (plan-service.ts). */
  async planBacktest(query: { managerId: string; holdoutPeriods?: number }, session: StrategySession): Promise<BacktestResult> {
    const holdout = requirePositiveInt(query.holdoutPeriods ?? 1, "holdoutPeriods", PLAN_BACKTEST_DEFAULTS.maxHoldoutPeriods);
    const manager = await this.requireManager(query.managerId);
    const population = await session.holdingBook(manager.id);
    const backtest = await this.plans.backtest(manager, population, holdout);
    return toBacktestResult(backtest, manager, (id) => population.factsOf(id).account);
  }

  /** Accounts the manager owns now (what pricing a plan of their book reads); 0 for an unknown manager. */
  bookSize(managerId: string): number {
    return bookOf(this.model.current, managerId).length;
  }

  /** Influence maximisation (Independent Cascade, CELF / RIS) over the revenue potential reached. */
  async recommendAdvocates(query: AdvocateQuery, session: StrategySession): Promise<AdvocatesResult> {
    requirePositiveInt(query.k, "k", ADVOCATE_DEFAULTS.maxK);
    const simulations = requirePositiveInt(query.simulations ?? ADVOCATE_DEFAULTS.simulations, "simulations", STRATEGY_LIMITS.maxSimulations);
    if (query.among && query.among.length > STRATEGY_LIMITS.maxAmong) {
      throw new ValidationError(`among must name at most ${STRATEGY_LIMITS.maxAmong} accounts`, "among");
    }
    const population = await session.holding(query.among ?? []);
    for (const id of query.among ?? []) population.requireFacts(id, "among");
    let among = query.among ? [...new Set(query.among)] : undefined;
    if (query.amongFilter) {
      const matching = population.matchingIds(query.amongFilter);
      among = (among ?? [...matching]).filter((id) => matching.has(id));
    }
    const asks = this.asksThisQuarter(population);
    const askCap = query.askCapPerQuarter ?? ADVOCATE_DEFAULTS.askCapPerQuarter;
    const cascade = await this.cascades.calibrated(population);
    // The cascade's key: the same population answers again once the fit differs.
    const key = JSON.stringify([
      "advocates",
      query.k,
      among?.sort(compareText) ?? null,
      query.objective ?? null,
      query.seed ?? null,
      simulations,
      askCap,
      cascade.key,
    ]);
    const recommendation = await population.memoAsync(key, () =>
      this.pool.run("advocates", {
        network: cascade.network,
        options: {
          k: query.k,
          ...(among ? { among } : {}),
          ...(query.objective ? { objective: query.objective } : {}),
          ...(query.seed !== undefined ? { seed: query.seed } : {}),
          simulations,
          askCapPerQuarter: askCap,
          asksThisQuarter: asks,
        },
      }),
    );
    const estimate = cascade.fit.estimate;
    const spreadRange = estimate
      ? await population.memoAsync(`${key}|range`, () =>
          this.pool.run("spreadRange", {
            network: cascade.network,
            advocates: recommendation.advocates.map((a) => population.data.networkIndex.get(a.accountId)!),
            objective: recommendation.objective,
            interval: { low: estimate.low, high: estimate.high },
            atScale: cascade.fit.scale,
            simulations,
            seed: recommendation.seed,
          }),
        )
      : null;
    return toAdvocatesResult(recommendation, (id) => population.factsOf(id).account, toActivationResult(cascade.fit, spreadRange));
  }

  /** Direct revenue, churn contagion through influence links, and the communities it holds together. */
  async simulateLoss(accountId: string, session: StrategySession): Promise<LossResult> {
    const population = await session.holding([accountId]);
    population.requireFacts(accountId, "accountId");
    const loss = await population.memoAsync(JSON.stringify(["loss", accountId]), () =>
      this.pool.run("loss", { network: population.data.network, query: { accountId } }),
    );
    return toLossResult(loss, (id) => population.factsOf(id).account);
  }

  /** A manager's accounts by tier, time last quarter vs plan, top risks, expansion and advocates. */
  async portfolio(managerId: string, query: { weights?: Weights }, session: StrategySession): Promise<PortfolioResult> {
    const parameters = rankingParameters(query.weights, null);
    const manager = await this.requireManager(managerId);
    const population = await session.holdingBook(manager.id);
    const { plan } = await this.plans.plan({ manager, population, parameters, hours: manager.weeklyCapacityHours, horizonWeeks: 1 });
    const { scores } = await population.ranking(parameters);
    const mine = population.data.population.facts.filter((f) => f.account.ownerId === manager.id);
    const customers = mine.filter((f) => population.data.networkIndex.has(f.account.id) && f.account.status === "CUSTOMER").map((f) => f.account.id);
    const cascade = customers.length === 0 ? null : await this.cascades.calibrated(population);
    const advocates = !cascade
      ? undefined
      : await population.memoAsync(JSON.stringify(["portfolio-advocates", manager.id, cascade.key]), () =>
          this.pool.run("advocates", {
            network: cascade.network,
            options: {
              k: Math.min(PORTFOLIO_DEFAULTS.top, customers.length),
              among: customers,
              asksThisQuarter: this.asksThisQuarter(population),
            },
          }),
        );
    const portfolio = buildPortfolio({
      managerId: manager.id,
      asOf: population.asOf,
      accounts: mine,
      scores: mine.map((f) => scores.get(f.account.id)!),
      plan,
      ...(advocates ? { advocates } : {}),
    });
    return toPortfolioResult(portfolio, manager, (id) => population.factsOf(id).account);
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

/**
 * The hours planTime plans: `hours` when asked, else the manager's weekly capacity. Either
 * must hold one whole planning step, or the plan would be empty; the error names where the
 * hours came from (the manager's capacity may be any positive number, so the client may
 * never have sent `hours`). The portfolio does not ask this: it shows a plan of nothing.
 */
function requirePlanningStep(hours: number | null | undefined, manager: AccountManager): number {
  const step = TIME_PLAN_DEFAULTS.incrementMinutes;
  const planned = hours ?? manager.weeklyCapacityHours;
  if (planningSteps(planned, step) >= 1) return planned;
  const oneStep = `one ${step}-minute planning step (${step / 60} h)`;
  if (hours !== undefined && hours !== null) throw new ValidationError(`hours must cover at least ${oneStep}`, "hours");
  throw new ValidationError(
    `manager ${manager.id}'s weekly capacity of ${manager.weeklyCapacityHours} h is less than ${oneStep}: pass hours, or raise the manager's weeklyCapacityHours`,
    "managerId",
  );
}

/** Position of the first score strictly after the keyset position in (value desc, id asc) order. */
function firstAfter(scores: RankedScores, after: KeysetPosition): number {
  const value = typeof after.value === "number" ? after.value : Number.NaN;
  if (!Number.isFinite(value)) throw new ValidationError("after is not a valid cursor", "after");
  return partitionPoint(0, scores.size, (k) => {
    const at = scores.valueAt(k);
    return !(at < value || (at === value && scores.idAt(k) > after.id));
  });
}
