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
 *   strategy answers lag this process's own writes by at most that much. The first build
 *   (start, a bulk import, a new day) is measured in paced steps off the request path, while
 *   the previous population (if any) answers.
 * - The first population needs an influence snapshot (word of mouth reads its percentiles):
 *   a request before it waits at most `firstWaitMs`, then gets ANALYTICS_BUSY.
 * - The newest `keep` populations stay reachable by id, so a strategicRanking cursor keeps
 *   paging the population it was issued on (api/cursor.ts) while writes land.
 */
import type { InfluenceEngine, InfluenceSnapshot } from "../analytics/engine/index.js";
import { AnalyticsBusyError, NotFoundError } from "../domain/errors.js";
import type { Account, IsoDate, Link } from "../domain/model.js";
import { indexNodes } from "../strategy/influence-network.js";
import type { AccountFacts, InfluenceNetwork } from "../strategy/inputs.js";
import { MeasureTable, type MeasuredPopulation } from "../strategy/measure-table.js";
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
import { sameBook } from "./read-model/books.js";
import type { ReadModel, ReadModelAdvance } from "./read-model/read-model.js";
import type { ReadView } from "./read-model/read-view.js";
import {
  buildNetwork,
  factsOf,
  influencePercentilesOf,
  referralLinksOf,
  sameInfluence,
  toReferrals,
  type InfluencePercentiles,
} from "./strategy-facts.js";

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
  /** Share of the event loop a full build in steps may take. */
  buildShare: 0.5,
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

export interface StrategyKeeperOptions {
  today: () => IsoDate;
  publishIntervalMs?: number;
  firstWaitMs?: number;
  /** How rankings blend (default inline); the server passes a worker-thread blender. */
  blend?: Blender;
  onError?: (error: unknown, context: string) => void;
}

/** Keeps the MeasureTable current and publishes StrategyPopulations (see the file header). */
export class StrategyKeeper {
  private table: MeasureTable | null = null;
  private influence: InfluencePercentiles | null = null;
  private snapshot: InfluenceSnapshot | null = null;
  private view: ReadView | null = null;
  private referralLinks: readonly Link[] = [];
  private published: StrategyPopulation[] = [];
  private publications = 0;
  private lastPublishAt = 0;
  private timer: NodeJS.Timeout | null = null;
  /** A full build of a new table (start, reset, new day) running in steps. */
  private building: Promise<void> | null = null;
  /** Builds started so far: a build finishing after a newer one started is dropped. */
  private builds = 0;
  private snapshotRequest: Promise<void> | null = null;
  private readonly firstWaiters: (() => void)[] = [];
  /** Requests waiting for the next publication (newerUnless). */
  private readonly publishWaiters: (() => void)[] = [];
  /** Accounts touched since the table last measured them (while a build runs, or before the next publish). */
  private readonly pendingTouched = new Set<string>();
  /** The graph version the referral links were read at. */
  private referralsSeq = -1;
  private closed = false;

  constructor(
    private readonly model: ReadModel,
    private readonly engine: InfluenceEngine,
    private readonly options: StrategyKeeperOptions,
  ) {
    model.onAdvance((advance) => this.onAdvance(advance));
  }

  /** The newest population, publishing waiting changes when the interval allows. */
  async current(): Promise<StrategyPopulation> {
    if (this.published.length === 0) await this.first();
    this.rollOverDay();
    if (this.table?.dirty && !this.building) {
      if (Date.now() - this.lastPublishAt >= this.publishIntervalMs) this.publish();
      else this.schedulePublish();
    }
    return this.published[0]!;
  }

  /**
   * `population`, or a newer one that holds `accountIds` where the read view has them but
   * `population` was published before they were written: read-your-writes for strategy
   * fields that name accounts (see newerUnless).
   */
  withAccounts(accountIds: readonly string[], population: StrategyPopulation): Promise<StrategyPopulation> {
    return this.newerUnless(population, (p) => accountIds.every((id) => p.factsById.has(id) || !this.view?.accounts.has(id)));
  }

  /**
   * `population`, or a newer one when the accounts `managerId` owns in the read view are not
   * the ones they own in `population`: a plan covers the book as written, not as it was at
   * the last publication (see newerUnless).
   */
  withBook(managerId: string, population: StrategyPopulation): Promise<StrategyPopulation> {
    return this.newerUnless(population, (p) => !this.view || sameBook(p.view, this.view, managerId));
  }

  /**
   * `population` when `fresh(population)`, else the newest published one that is: waits for
   * publications (each at most publishIntervalMs away, or at the end of a running build) for
   * at most firstWaitMs, then answers ANALYTICS_BUSY rather than from a population known to
   * predate the caller's writes.
   */
  private async newerUnless(population: StrategyPopulation, fresh: (p: StrategyPopulation) => boolean): Promise<StrategyPopulation> {
    if (fresh(population)) return population;
    const waitMs = this.options.firstWaitMs ?? POPULATION_DEFAULTS.firstWaitMs;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const newest = this.published[0];
      if (newest && fresh(newest)) return newest;
      const left = deadline - Date.now();
      if (left <= 0) break;
      if (!this.building) {
        this.applyPending();
        this.schedulePublish();
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.publishWaiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, left);
        }),
      ]).finally(() => clearTimeout(timer));
    }
    throw new AnalyticsBusyError(`the strategy population has not caught up with the latest writes (waited ${waitMs} ms); retry shortly`);
  }

  /** Full builds started so far (the first included): each measures every account again. */
  get fullBuilds(): number {
    return this.builds;
  }

  /** A population still kept (for cursors), or null when it has been dropped. */
  byId(id: number): StrategyPopulation | null {
    return this.published.find((p) => p.id === id) ?? null;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private get publishIntervalMs(): number {
    return this.options.publishIntervalMs ?? POPULATION_DEFAULTS.publishIntervalMs;
  }

  /** Waits (bounded) for the first population. */
  private async first(): Promise<void> {
    await this.model.ready();
    this.requestSnapshot();
    if (this.published.length > 0) return;
    const waitMs = this.options.firstWaitMs ?? POPULATION_DEFAULTS.firstWaitMs;
    let timer: NodeJS.Timeout | undefined;
    const arrived = await Promise.race([
      new Promise<boolean>((resolve) => this.firstWaiters.push(() => resolve(true))),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!arrived || this.published.length === 0) {
      throw new AnalyticsBusyError(`the strategy population is still being built (waited ${waitMs} ms); retry shortly`);
    }
  }

  private onAdvance(advance: ReadModelAdvance): void {
    this.view = advance.view;
    const graphMoved = advance.reset || advance.view.graphSeq !== advance.previous?.graphSeq;
    if (graphMoved) this.requestSnapshot();
    if (advance.reset || (!this.table && !this.building)) {
      this.startBuild();
      return;
    }
    // A build in progress catches up with these when it ends (startBuild).
    for (const id of advance.touchedAccounts) this.pendingTouched.add(id);
    if (this.building) return;
    this.applyPending();
    this.schedulePublish();
  }

  /** Re-measures the accounts touched since the table last saw them, from the newest view. */
  private applyPending(): void {
    const table = this.table;
    const view = this.view;
    const influence = this.influence;
    if (!table || !view || !influence) return;
    for (const id of this.pendingTouched) {
      const account = view.accounts.get(id);
      if (account) table.put(factsOf(view, account, influence));
      else table.remove(id);
    }
    this.pendingTouched.clear();
    if (view.graphSeq !== this.referralsSeq) {
      this.referralLinks = referralLinksOf(view);
      this.referralsSeq = view.graphSeq;
      table.setReferrals(toReferrals(this.referralLinks));
    }
  }

  /** Asks the engine for its newest complete snapshot, and takes it in when it is newer. */
  private requestSnapshot(): void {
    if (this.snapshotRequest || this.closed) return;
    this.snapshotRequest = this.engine
      .view(60_000)
      .then(({ snapshot }) => this.takeSnapshot(snapshot))
      .catch((error: unknown) => this.options.onError?.(error, "waiting for an influence snapshot"))
      .finally(() => {
        this.snapshotRequest = null;
        // The graph may have moved again while this one was computed.
        if (this.view && this.snapshot && this.snapshot.version !== this.view.graphSeq) setTimeout(() => this.requestSnapshot(), 50).unref();
      });
  }

  private takeSnapshot(snapshot: InfluenceSnapshot): void {
    if (this.snapshot && this.snapshot.version === snapshot.version && this.snapshot.computedAt === snapshot.computedAt) return;
    const previous = this.influence;
    this.snapshot = snapshot;
    this.influence = influencePercentilesOf(snapshot);
    const view = this.view;
    if (this.building) return; // the build compares influence when it ends
    if (!this.table || !previous || !view) {
      this.startBuild();
      return;
    }
    for (const account of view.accounts.values()) {
      if (!sameInfluence(previous, this.influence, account.id)) this.table.put(factsOf(view, account, this.influence), true);
    }
    this.schedulePublish();
  }

  /** A new table from every account of the view, measured in paced steps, then published. */
  private startBuild(): void {
    const view = this.view;
    const influence = this.influence;
    if (!view || !influence || this.closed) return;
    this.pendingTouched.clear();
    const ticket = ++this.builds;
    const build = (async () => {
      const table = new MeasureTable({ asOf: this.options.today() });
      for (const account of view.accounts.values()) table.put(factsOf(view, account, influence));
      const links = referralLinksOf(view);
      table.setReferrals(toReferrals(links));
      await runPaced(table.publishSteps(), POPULATION_DEFAULTS.buildShare);
      if (this.builds !== ticket) return; // superseded by a newer build
      this.table = table;
      this.referralLinks = links;
      this.referralsSeq = view.graphSeq;
      this.building = null;
      // What arrived during the build: touched accounts, a newer snapshot's influence.
      const now = this.view!;
      const latest = this.influence!;
      if (latest !== influence) {
        for (const account of now.accounts.values()) if (!sameInfluence(influence, latest, account.id)) this.pendingTouched.add(account.id);
      }
      this.applyPending();
      this.publish();
    })();
    this.building = build;
    build.catch((error: unknown) => {
      if (this.builds === ticket) this.building = null;
      this.options.onError?.(error, "building the strategy population");
    });
  }

  private rollOverDay(): void {
    if (this.table && !this.building && this.table.asOf !== this.options.today()) this.startBuild();
  }

  private schedulePublish(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.publishIntervalMs - (Date.now() - this.lastPublishAt));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.table?.dirty && !this.building) this.publish();
    }, wait);
    this.timer.unref();
  }

  private publish(): void {
    const table = this.table;
    const view = this.view;
    const snapshot = this.snapshot;
    if (!table || !view || !snapshot) return;
    const measured = table.publish();
    if (this.published[0]?.measured === measured && this.published[0].snapshot === snapshot) return;
    this.lastPublishAt = Date.now();
    const population = new StrategyPopulation(++this.publications, measured, view, snapshot, this.referralLinks, this.options.blend);
    this.published = [population, ...this.published].slice(0, POPULATION_DEFAULTS.keep);
    // The default ranking is the one most requests read: blend it before they ask.
    population.ranking(rankingParameters(null, null)).catch((error: unknown) => {
      // A busy blend thread is no fault: the first request asks again.
      if (!(error instanceof AnalyticsBusyError)) this.options.onError?.(error, "blending the default ranking");
    });
    for (const wake of this.firstWaiters.splice(0)) wake();
    for (const wake of this.publishWaiters.splice(0)) wake();
  }
}

/** Runs `steps` to the end, pausing after each so it takes at most `share` of the event loop. */
async function runPaced<T>(steps: Generator<void, T>, share: number): Promise<T> {
  const pauseFactor = 1 / share - 1;
  for (;;) {
    const started = performance.now();
    const step = steps.next();
    if (step.done) return step.value;
    const pauseMs = Math.min(100, (performance.now() - started) * pauseFactor);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}

export type { Account };
