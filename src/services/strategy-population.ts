/**
 * The strategy population, cached, and what is derived from it on demand.
 *
 * Cache key: (asOf, influence snapshot version, store graph version, engagement count,
 * purchase count). Account, link and membership writes move the graph version;
 * engagements and purchases do not, but they are only ever added (or deleted with their
 * account, which moves the version), so their counts catch them — from any process, not
 * only this one. The graph version is read per request (shared with its other freshness
 * checks); the counts only when an activity refresh is due. `maxAgeMs` bounds the reuse
 * anyway, as a safety net. Concurrent requests for the same key share one build.
 *
 * Stale while revalidating: assembling 20,000 accounts costs ~1 s of CPU (on Neo4j ~5 s
 * of database and API work), and under a steady trickle of writes (every logged call is
 * one) rebuilding on every change would spend the server on rebuilds. So (a) activity
 * alone (new engagements / purchases, same graph and snapshot) refreshes the population
 * at most every `activityRefreshMs`, and then, when the only new activity is what this
 * process recorded itself (recordEngagement / recordPurchase; the store's counts, read
 * with none of those writes half done — activity-gate.ts — prove it), by adding it to
 * the population in memory instead of reading the store; the previous population answers
 * until the patched one is ranked; (b) when a rebuild is due, a request waits at most
 * `rebuildWaitMs` for it and otherwise gets the last complete population while the single
 * rebuild finishes.
 *
 * Derived results are memoised per population in small LRUs: rankings per (weights,
 * thresholds) — ranking 20,000 accounts costs ~0.4 s of CPU, and every page of
 * strategicRanking and every Account.strategy of a request reuses it — plus
 * account-filter matches and advocate recommendations. A new population (patched or
 * rebuilt) is ranked by the parameters its predecessor was asked for before it is served,
 * in the background (prepareRankings), so the refresh costs requests no stall.
 */
import type { InfluenceSnapshot } from "../analytics/engine/index.js";
import { NotFoundError } from "../domain/errors.js";
import type { Engagement, IsoDate, Purchase } from "../domain/model.js";
import type { AccountFilter, AccountGraphStore } from "../ports/account-graph-store.js";
import { ActivityGate } from "./activity-gate.js";
import { SHARED_READ_TIMEOUT_MS, withinTime } from "./time-limit.js";
import type { ActivityListener } from "./network-service.js";
import {
  explainStrategicScore,
  rankAccountsInSteps,
  runToEnd,
  validateWeights,
  type StrategicDimension,
  type StrategicExplanation,
  type StrategicRanking,
  type StrategicScore,
  type StrategicWeights,
} from "../strategy/strategic-score.js";
import { validateTierThresholds, type TierThresholds } from "../strategy/tiers.js";
import type { AccountFacts } from "../strategy/inputs.js";
import type { InfluenceSession } from "./influence-session.js";
import { assembleStrategyPopulation, readAllAccounts, withRecordedActivity, type StrategyPopulationData } from "./strategy-facts.js";

export const POPULATION_CACHE_DEFAULTS = {
  /** Longest a population is reused even when nothing visible changed. */
  maxAgeMs: 5 * 60_000,
  /** New engagements / purchases alone refresh the population at most this often. */
  activityRefreshMs: 30_000,
  /** How long a request waits for a due rebuild before it is served the last population. */
  rebuildWaitMs: 250,
  /** Rankings (distinct weights / thresholds) kept per population. */
  rankings: 8,
  filters: 16,
  advocates: 16,
  /** Own activity notes kept for patching (strategy-facts.ts withRecordedActivity); beyond, the store is read. */
  maxNotes: 10_000,
  /** Share of the event loop a ranking prepared in the background may take (prepareRankings). */
  rankingShare: 0.25,
  /** How long a counts read lets own writes in flight finish (activity-gate.ts); then it reads anyway. */
  activityDrainMs: 1_000,
};

/** Validated weights and thresholds, with a canonical key for caches and cursors. */
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

/** A ranking with an index by account id. */
export interface RankingView {
  parameters: RankingParameters;
  ranking: StrategicRanking;
  byId: ReadonlyMap<string, StrategicScore>;
}

/** One account's strategic standing, with its words built on first request only. */
export interface AccountStrategy {
  facts: AccountFacts;
  score: StrategicScore;
  weights: StrategicWeights;
  /** Accounts ranked alongside it. */
  rankedAccounts: number;
  explain(): StrategicExplanation;
}

export class StrategyPopulation {
  private readonly rankings: LruMemo<RankingView>;
  private readonly filters: LruMemo<Promise<ReadonlySet<string>>>;
  private readonly results: LruMemo<unknown>;

  constructor(
    readonly key: string,
    readonly data: StrategyPopulationData,
    private readonly store: AccountGraphStore,
    readonly builtAt: number,
  ) {
    this.rankings = new LruMemo(POPULATION_CACHE_DEFAULTS.rankings);
    this.filters = new LruMemo(POPULATION_CACHE_DEFAULTS.filters);
    this.results = new LruMemo(POPULATION_CACHE_DEFAULTS.advocates);
  }

  get asOf(): IsoDate {
    return this.data.asOf;
  }

  ranking(parameters: RankingParameters): RankingView {
    return this.rankings.get(parameters.key, () => toRankingView(parameters, runToEnd(this.rankingSteps(parameters))));
  }

  /** The parameters this population has been ranked by, least recently used first. */
  rankingsInUse(): RankingParameters[] {
    return this.rankings.values().map((view) => view.parameters);
  }

  /**
   * Ranks by each of `parameters` ahead of use, in the background: after every step of the
   * ranking (strategic-score.ts rankAccountsInSteps, ~5-15 ms) it pauses for three times
   * as long, so it takes at most a quarter of the event loop and requests keep the rest.
   * Ranking 20,000 accounts in one go blocked every request for 0.3-0.7 s; in steps without
   * pauses it still doubled every request's latency for a second under load.
   */
  async prepareRankings(parameters: readonly RankingParameters[]): Promise<void> {
    for (const p of parameters) {
      if (this.rankings.has(p.key)) continue;
      const ranking = await runPaced(this.rankingSteps(p), POPULATION_CACHE_DEFAULTS.rankingShare);
      this.rankings.get(p.key, () => toRankingView(p, ranking));
    }
  }

  private rankingSteps(parameters: RankingParameters) {
    return rankAccountsInSteps(this.data.population, {
      asOf: this.data.asOf,
      weights: { ...parameters.weights },
      thresholds: { ...parameters.thresholds },
    });
  }

  /** Facts of an account the population is known to hold (results of its own rankings and simulations). */
  factsOf(accountId: string): AccountFacts {
    const facts = this.data.factsById.get(accountId);
    if (!facts) throw new Error(`services/strategy-population: ${accountId} is not in the population`);
    return facts;
  }

  /** The account's facts, or NotFoundError naming `field`. */
  requireFacts(accountId: string, field: string): AccountFacts {
    const facts = this.data.factsById.get(accountId);
    if (!facts) throw new NotFoundError("Account", accountId, field);
    return facts;
  }

  strategyOf(accountId: string, parameters: RankingParameters, field: string): AccountStrategy {
    const facts = this.requireFacts(accountId, field);
    const view = this.ranking(parameters);
    return toAccountStrategy(facts, view.byId.get(accountId)!, view.ranking);
  }

  /** Ids of the accounts matching `filter`, asked of the store so matching means exactly what `accounts(filter)` means. */
  matchingIds(filter: AccountFilter): Promise<ReadonlySet<string>> {
    const key = JSON.stringify(filter);
    return this.filters.get(key, () => {
      const ids = readAllAccounts(this.store, filter).then((accounts) => new Set(accounts.map((a) => a.id)));
      ids.catch(() => this.filters.delete(key)); // a failed read is retried, not cached
      return ids;
    });
  }

  /** A result computed once per population and key (advocate recommendations). */
  memo<T>(key: string, compute: () => T): T {
    return this.results.get(key, compute) as T;
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

function toRankingView(parameters: RankingParameters, ranking: StrategicRanking): RankingView {
  return { parameters, ranking, byId: new Map(ranking.scores.map((s) => [s.accountId, s])) };
}

export function toAccountStrategy(facts: AccountFacts, score: StrategicScore, ranking: StrategicRanking): AccountStrategy {
  let explanation: StrategicExplanation | undefined;
  return {
    facts,
    score,
    weights: ranking.weights,
    rankedAccounts: ranking.scores.length,
    explain: () => (explanation ??= explainStrategicScore(score, ranking.weights)),
  };
}

export interface PopulationCacheOptions {
  /** asOf of every calculation: today's UTC date unless a test fixes it. */
  today: () => IsoDate;
  maxAgeMs?: number;
  /** 0: every new engagement or purchase triggers a rebuild. */
  activityRefreshMs?: number;
  /** Infinity: always wait for the fresh population, also for a patch's rankings (tests that must see every write). */
  rebuildWaitMs?: number;
  pageSize?: number;
}

/** One engagement or purchase recorded by this process, numbered in recording order. */
type ActivityRecord = { engagement: Engagement } | { purchase: Purchase };
type ActivityNote = { seq: number } & ActivityRecord;

interface Built {
  key: string;
  builtAt: number;
  /** When the store's counts were last found equal to this key's: the activity refresh interval runs from here. */
  checkedAt: number;
  population: StrategyPopulation;
  /** Store counts in the key, and the last note recorded before they were read. */
  counts: { engagements: number; purchases: number };
  seqAtCounts: number;
}

type ActivityCounts = Built["counts"];

export class StrategyPopulationCache implements ActivityListener {
  /** The newest complete population. */
  private latest: Built | null = null;
  /** The patch of `from` being ranked before it replaces it (patch), if any. */
  private patching: { from: Built; population: Promise<StrategyPopulation> } | null = null;
  /** The one build in flight, if any. */
  private pending: { key: string; population: Promise<StrategyPopulation> } | null = null;
  /** Activity recorded here since `latest` read its counts (older notes are dropped). */
  private notes: ActivityNote[] = [];
  private seq = 0;
  private readonly gate = new ActivityGate();
  /** The one counts read in flight, shared; `seq` is the last note the counts include. */
  private countsRead: Promise<{ counts: ActivityCounts; seq: number }> | null = null;

  constructor(
    private readonly store: AccountGraphStore,
    private readonly options: PopulationCacheOptions,
  ) {}

  /** Runs this process's engagement write (NetworkService) and notes what it stored. */
  recordEngagement(write: () => Promise<Engagement>): Promise<Engagement> {
    return this.record(write, (engagement) => ({ engagement }));
  }

  recordPurchase(write: () => Promise<Purchase>): Promise<Purchase> {
    return this.record(write, (purchase) => ({ purchase }));
  }

  async get(influence: InfluenceSession): Promise<StrategyPopulation> {
    const view = await influence.view();
    const asOf = this.options.today();
    const graphKey = [asOf, view.snapshot.version, await influence.graphVersion()].join("|");
    const d = POPULATION_CACHE_DEFAULTS;
    const sameGraph = (built: Built | null): built is Built => built !== null && built.key.startsWith(`${graphKey}|`);
    const waitMs = this.options.rebuildWaitMs ?? d.rebuildWaitMs;
    /** While a patch of `built` is being ranked, `built` answers at once (or, waiting for every write, the patch). */
    const whilePatching = (built: Built) =>
      this.patching?.from === built ? (Number.isFinite(waitMs) ? built.population : this.patching.population) : null;
    const before = this.latest;
    // Activity is picked up once per refresh interval, so until then the counts (a store
    // round trip per ranking request) cannot change the answer: not read at all.
    if (sameGraph(before)) {
      if (Date.now() - before.checkedAt < (this.options.activityRefreshMs ?? d.activityRefreshMs)) return before.population;
      const patching = whilePatching(before);
      if (patching) return patching;
    }
    const { counts, seq: seqAtCounts } = await this.readCounts();
    const key = [graphKey, counts.engagements, counts.purchases].join("|");
    // Read after the counts: a request sharing that read may have patched the population already.
    const latest = this.latest;
    if (latest) {
      const age = Date.now() - latest.builtAt;
      if (latest.key === key && age <= (this.options.maxAgeMs ?? d.maxAgeMs)) {
        latest.checkedAt = Date.now();
        return latest.population;
      }
      if (sameGraph(latest) && age <= (this.options.maxAgeMs ?? d.maxAgeMs)) {
        // A request sharing the counts read may have started the patch already.
        if (!this.patching || this.patching.from !== latest) this.patch(latest, key, counts, seqAtCounts);
        const patching = whilePatching(latest);
        if (patching) return patching;
      }
    }
    // A build of the same graph is shared even when activity moved on since it started: the
    // next refresh patches that in, instead of a second full read of the store.
    const build = this.pending?.key.startsWith(`${graphKey}|`)
      ? this.pending.population
      : this.startBuild(key, view.snapshot, asOf, counts, seqAtCounts);
    if (!latest || !Number.isFinite(waitMs)) return build;
    let timer: NodeJS.Timeout | undefined;
    const stale = new Promise<StrategyPopulation>((resolve) => {
      timer = setTimeout(() => resolve(latest.population), waitMs);
    });
    try {
      return await Promise.race([build, stale]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The store's activity counts and the last own note they include, read with no own write
   * half done when those finish within `activityDrainMs` (activity-gate.ts). Otherwise the
   * counts may hold a write not yet noted: the patch's equality then fails and the store is
   * read in full, which is safe. One read at a time, shared by concurrent requests.
   */
  private readCounts(): Promise<{ counts: ActivityCounts; seq: number }> {
    // Time-limited: activity writes wait while it runs.
    const read = async () => ({ seq: this.seq, counts: await withinTime(this.store.counts(), SHARED_READ_TIMEOUT_MS, "reading activity counts") });
    this.countsRead ??= (async () => {
      try {
        return (await this.gate.quiet(read, POPULATION_CACHE_DEFAULTS.activityDrainMs)) ?? (await read());
      } finally {
        this.countsRead = null;
      }
    })();
    return this.countsRead;
  }

  /** The write runs through the gate, and its note is taken before the gate counts it finished. */
  private record<T>(write: () => Promise<T>, noteOf: (stored: T) => ActivityRecord): Promise<T> {
    return this.gate.write(async () => {
      const stored = await write();
      this.note({ seq: ++this.seq, ...noteOf(stored) });
      return stored;
    });
  }

  private note(note: ActivityNote): void {
    this.notes.push(note);
    // Bounded: past the cap the notes cannot prove anything any more, and the next refresh reads the store.
    if (this.notes.length > POPULATION_CACHE_DEFAULTS.maxNotes) this.notes = [];
  }

  /**
   * The latest population plus this process's own activity, when that is exactly what
   * the store gained: the counts grew by precisely the notes recorded after the latest
   * counts were read. Any other writer (another instance, a script) breaks the equality
   * and the store is read in full instead. A note the counts already held makes the
   * equality fail too (safe); the facts skip ids they already have (never twice).
   * Started as `patching` (ranked, then adopted); nothing is started when it does not apply.
   */
  private patch(latest: Built, key: string, counts: Built["counts"], seqAtCounts: number): void {
    const recent = this.notes.filter((n) => n.seq > latest.seqAtCounts && n.seq <= seqAtCounts);
    const engagements = recent.flatMap((n) => ("engagement" in n ? [n.engagement] : []));
    const purchases = recent.flatMap((n) => ("purchase" in n ? [n.purchase] : []));
    if (counts.engagements - latest.counts.engagements !== engagements.length) return;
    if (counts.purchases - latest.counts.purchases !== purchases.length) return;
    const data = withRecordedActivity(latest.population.data, { engagements, purchases });
    const builtAt = Date.now();
    const population = new StrategyPopulation(key, data, this.store, builtAt);
    const patched: Built = { key, builtAt, checkedAt: builtAt, population, counts, seqAtCounts };
    // Ranked by what the latest was ranked by before it replaces the latest, in steps
    // between requests; meanwhile the latest (a refresh interval and a few seconds old) answers.
    const ranked = population.prepareRankings(latest.population.rankingsInUse()).then(() => {
      if (this.latest === latest) this.adopt(patched);
      return population;
    });
    const entry = { from: latest, population: ranked };
    this.patching = entry;
    const done = () => {
      if (this.patching === entry) this.patching = null;
    };
    ranked.then(done, done);
  }

  /** Makes `built` the latest and drops the notes its counts already include. */
  private adopt(built: Built): void {
    this.latest = built;
    this.notes = this.notes.filter((n) => n.seq > built.seqAtCounts);
  }

  private startBuild(
    key: string,
    snapshot: InfluenceSnapshot,
    asOf: IsoDate,
    counts: Built["counts"],
    seqAtCounts: number,
  ): Promise<StrategyPopulation> {
    const builtAt = Date.now();
    const population = this.build(key, snapshot, asOf, builtAt);
    const entry = { key, population };
    this.pending = entry;
    population.then(
      (built) => {
        if (!this.latest || this.latest.builtAt <= builtAt) {
          this.adopt({ key, builtAt, checkedAt: builtAt, population: built, counts, seqAtCounts });
        }
        if (this.pending === entry) this.pending = null;
      },
      // A failed build is never served; the next request starts another.
      () => {
        if (this.pending === entry) this.pending = null;
      },
    );
    return population;
  }

  private async build(key: string, snapshot: InfluenceSnapshot, asOf: IsoDate, builtAt: number): Promise<StrategyPopulation> {
    const data = await assembleStrategyPopulation(this.store, snapshot, asOf, {
      ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}),
    });
    const population = new StrategyPopulation(key, data, this.store, builtAt);
    await population.prepareRankings(this.latest?.population.rankingsInUse() ?? []);
    return population;
  }
}

/** A tiny LRU: Map keeps insertion order, so re-inserting on a hit makes it newest. */
class LruMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.entries.has(key);
  }

  values(): V[] {
    return [...this.entries.values()];
  }

  get(key: string, compute: () => V): V {
    if (this.entries.has(key)) {
      const value = this.entries.get(key)!;
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
