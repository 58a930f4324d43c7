/**
 * The strategy population: every account's facts and weight-independent measures, kept
 * current from the read model (services/read-model) and the influence snapshots, and
 * published as immutable StrategyPopulations that requests only blend and sort.
 *
 * - Measure once per change, blend per request: a read-model advance re-measures only the
 *   accounts it touched (strategy/measure-table.ts); a new influence snapshot re-measures
 *   the word of mouth of accounts whose percentiles moved; a request with new weights only
 *   blends the published percentiles and sorts (blendRanking).
 * - Publishing (percentiles: five sorts of n numbers) happens at most every
 *   `publishIntervalMs`, in the request that finds changes waiting or on a timer after it:
 *   strategy answers lag this process's own writes by about that much (a request naming an
 *   account or a manager's book just written waits for it). Builds (start, a bulk import, a
 *   new day), snapshot intakes and publications run in paced steps (strategy-keeper.ts),
 *   while the previous population (if any) answers.
 * - The first population needs an influence snapshot (word of mouth reads its percentiles):
 *   a request before it waits at most `firstWaitMs`, then gets ANALYTICS_BUSY.
 * - The newest `keep` populations stay reachable by id, so a strategicRanking cursor keeps
 *   paging the population it was issued on (api/cursor.ts) while writes land.
 */
import type { InfluenceSnapshot } from "../analytics/engine/index.js";
import { NotFoundError } from "../domain/errors.js";
import type { Account, IsoDate, Link } from "../domain/model.js";
import { indexNodes } from "../strategy/influence-network.js";
import type { AccountFacts, InfluenceNetwork } from "../strategy/inputs.js";
import type { MeasuredPopulation } from "../strategy/measure-table.js";
import { blendColumns, idRankOf, RankedScores, type BlendedColumns } from "../strategy/ranking.js";
import {
  explainStrategicScore,
  validateWeights,
  type MeasuredAccounts,
  STRATEGIC_DIMENSIONS,
  type StrategicDimension,
  type StrategicExplanation,
  type StrategicScore,
  type StrategicWeights,
} from "../strategy/strategic-score.js";
import { validateTierThresholds, type TierThresholds } from "../strategy/tiers.js";
import { matcherOf, type AccountQueryFilter } from "./read-model/account-filter.js";
import { BoundedMemo } from "./read-model/bounded-memo.js";
import type { ReadView } from "./read-model/read-view.js";
import { buildNetwork } from "./strategy-facts.js";

export const POPULATION_DEFAULTS = Object.freeze({
  /**
   * Changes wait at most this long to be published (the lag of strategy behind writes). A
   * publication re-ranks every account's five percentiles on the main thread (~50-100 ms at
   * 20,000 accounts): at 100 ms it took most of the event loop under a steady stream of
   * writes (npm run load: SQLite read p99 217 ms; Neo4j writes serialised behind the stalls
   * at ~13/s); at 1 s it takes a tenth at most. A request about an account written since
   * the last publication waits for the next one (withAccounts, withBook).
   */
  publishIntervalMs: 1_000,
  /** How long a request waits for the very first population. */
  firstWaitMs: 5_000,
  /**
   * Populations kept for paging cursors: a client paging a ranking while writes land keeps
   * its order for this many publications (at most one per publishIntervalMs), then gets
   * CURSOR_STALE. They share their facts and measure objects, so a kept one costs little.
   */
  keep: 16,
  /** Blends (distinct weights) and rankings (weights and thresholds) kept per population; cost pricing bounds them per request. */
  rankings: 16,
  filters: 16,
  results: 32,
  /** Share of the event loop paced work (builds, snapshot intakes, publications; strategy-keeper.ts) may take. */
  pacedShare: 0.5,
});

/** Validated weights and thresholds, with a canonical key for memos and cursors. */
export interface RankingParameters {
  weights: StrategicWeights;
  thresholds: TierThresholds;
  key: string;
}

/** Per-query weight overrides; missing or null keeps the default. */
export type Weights = { readonly [K in StrategicDimension]?: number | null } | null | undefined;
/** Per-query tier threshold overrides. */
export type Thresholds = { readonly [K in keyof TierThresholds]?: number | null } | null | undefined;

export function rankingParameters(weights: Weights, thresholds: Thresholds): RankingParameters {
  // Own enumerable keys only: an input object carries no others, and unknown names are refused.
  const w = validateWeights({ ...weights }, "weights");
  const t = validateTierThresholds({ ...thresholds } as Partial<Record<string, number>>, "thresholds");
  // Fixed field order: the same parameters always give the same key.
  const key = JSON.stringify([w.revenue, w.efficiency, w.expansion, w.loyalty, w.wordOfMouth, t.highValue, t.lowValue, t.highInfluence]);
  return { weights: w, thresholds: t, key };
}

/** A ranking of the population under some parameters; score objects are built as they are read. */
export interface RankingView {
  parameters: RankingParameters;
  scores: RankedScores;
}

/**
 * Blends measured accounts by weights (blendColumns): inline, or in a worker thread so a
 * request with new weights never sorts every account on the event loop (strategy-blend.ts).
 */
export type Blender = (measured: MeasuredAccounts, weights: StrategicWeights) => Promise<BlendedColumns>;

export const blendInline: Blender = async (measured, weights) => blendColumns(measured.percentiles, weights, idRankOf(measured));

/** One account's strategic standing, with its words built on first request only. */
export interface AccountStrategy {
  facts: AccountFacts;
  score: StrategicScore;
  weights: StrategicWeights;
  /** With the weights, what the score depends on (its global id names both). */
  thresholds: TierThresholds;
  /** Accounts ranked alongside it. */
  rankedAccounts: number;
  explain(): StrategicExplanation;
}

/** The population as the strategy use cases read it (the names the earlier assembly used). */
export interface StrategyPopulationData {
  asOf: IsoDate;
  snapshotVersion: number;
  population: { facts: readonly AccountFacts[]; referrals: MeasuredPopulation["referrals"] };
  factsById: ReadonlyMap<string, AccountFacts>;
  referralLinks: readonly Link[];
  network: InfluenceNetwork;
  networkIndex: ReadonlyMap<string, number>;
}

export class StrategyPopulation {
  private readonly blends = new BoundedMemo<Promise<BlendedColumns>>(POPULATION_DEFAULTS.rankings);
  private readonly rankings = new BoundedMemo<Promise<RankingView>>(POPULATION_DEFAULTS.rankings);
  private readonly filters = new BoundedMemo<ReadonlySet<string>>(POPULATION_DEFAULTS.filters);
  private readonly results = new BoundedMemo<unknown>(POPULATION_DEFAULTS.results);
  private cascade: Pick<StrategyPopulationData, "network" | "networkIndex"> | null = null;
  readonly factsById: ReadonlyMap<string, AccountFacts>;

  constructor(
    /** Publication number: cursors name the population they were issued on. */
    readonly id: number,
    readonly measured: MeasuredPopulation,
    /** The read view the facts come from. */
    readonly view: ReadView,
    readonly snapshot: InfluenceSnapshot,
    readonly referralLinks: readonly Link[],
    private readonly blend: Blender = blendInline,
  ) {
    this.factsById = new Map(measured.facts.map((f) => [f.account.id, f]));
  }

  get asOf(): IsoDate {
    return this.measured.asOf;
  }

  /** The shape the use cases read; the cascade network is built on first use. */
  get data(): StrategyPopulationData {
    this.cascade ??= (() => {
      const network = buildNetwork(this.snapshot, this.view, this.factsById, this.asOf);
      return { network, networkIndex: indexNodes(network) };
    })();
    return {
      asOf: this.asOf,
      snapshotVersion: this.snapshot.version,
      population: { facts: this.measured.facts, referrals: this.measured.referrals },
      factsById: this.factsById,
      referralLinks: this.referralLinks,
      ...this.cascade,
    };
  }

  /**
   * Blends and sorts the published measures by `parameters` (no dimension is measured
   * again); concurrent requests with the same weights share one blend, thresholds only tier.
   */
  ranking(parameters: RankingParameters): Promise<RankingView> {
    return this.rankings.getAsync(parameters.key, async () => {
      const { weights, thresholds } = parameters;
      const weightsKey = JSON.stringify(STRATEGIC_DIMENSIONS.map((d) => weights[d]));
      const columns = await this.blends.getAsync(weightsKey, () => this.blend(this.measured, weights));
      return { parameters, scores: new RankedScores(this.measured, weights, thresholds, columns) };
    });
  }

  /** Facts of an account the population is known to hold (results of its own rankings and simulations). */
  factsOf(accountId: string): AccountFacts {
    const facts = this.factsById.get(accountId);
    if (!facts) throw new Error(`services/strategy-population: ${accountId} is not in the population`);
    return facts;
  }

  /** The account's facts, or NotFoundError naming `field`. */
  requireFacts(accountId: string, field: string): AccountFacts {
    const facts = this.factsById.get(accountId);
    if (!facts) throw new NotFoundError("Account", accountId, field);
    return facts;
  }

  async strategyOf(accountId: string, parameters: RankingParameters, field: string): Promise<AccountStrategy> {
    const facts = this.requireFacts(accountId, field);
    const { scores } = await this.ranking(parameters);
    return toAccountStrategy(facts, scores.get(accountId)!, scores);
  }

  /** Ids of the accounts matching `filter`, exactly as `accounts(filter)` matches them. */
  matchingIds(filter: AccountQueryFilter): ReadonlySet<string> {
    return this.filters.get(JSON.stringify(filter), () => {
      const matches = matcherOf(this.view, filter);
      const ids = new Set<string>();
      for (const facts of this.measured.facts) if (matches(facts.account)) ids.add(facts.account.id);
      return ids;
    });
  }

  /** A result computed once per population and key. */
  memo<T>(key: string, compute: () => T): T {
    return this.results.get(key, compute) as T;
  }

  /**
   * An asynchronous result computed once per population and key (the work pool's cascades):
   * concurrent requests share the run; a failed run is forgotten, so a retry runs again.
   */
  memoAsync<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return (this.results as BoundedMemo<Promise<T>>).getAsync(key, compute);
  }
}

export function toAccountStrategy(facts: AccountFacts, score: StrategicScore, ranking: RankedScores): AccountStrategy {
  let explanation: StrategicExplanation | undefined;
  return {
    facts,
    score,
    weights: ranking.weights,
    thresholds: ranking.thresholds,
    rankedAccounts: ranking.size,
    explain: () => (explanation ??= explainStrategicScore(score, ranking.weights)),
  };
}

export type { Account };
