/**
 * Keeps the strategy MeasureTable current from the read model and the influence snapshots,
 * and publishes immutable StrategyPopulations (strategy-population.ts) from it.
 *
 * Everything heavier than the accounts a write touched runs as paced work that takes at
 * most `pacedShare` of the event loop, never as one block: at 200,000 accounts a
 * publication (five percentile sorts) is ~1 s of CPU, taking in a snapshot's influence
 * percentiles ~1 s, a full build a few seconds; done in one piece, each stalled every
 * request of the process for that long.
 * - Jobs (one at a time, a newer one supersedes a running one): a full build (start, bulk
 *   import, new day) and the intake of a new snapshot's influence (re-measures the accounts
 *   whose percentiles moved). While a job runs, the table belongs to it: touched accounts
 *   wait in `pendingTouched`, and publications wait for its end.
 * - Publications (one at a time): the table stays as it was while one runs (touched
 *   accounts wait), so a population's view and facts always agree.
 * - Waiting requests (read-your-writes, newerUnless) are woken by each publication.
 */
import type { InfluenceEngine, InfluenceSnapshot } from "../analytics/engine/index.js";
import { AnalyticsBusyError } from "../domain/errors.js";
import type { IsoDate, Link } from "../domain/model.js";
import { MeasureTable } from "../strategy/measure-table.js";
import { RANKING_STEP_ACCOUNTS } from "../strategy/strategic-score.js";
import { sameBook } from "./read-model/books.js";
import type { ReadModel, ReadModelAdvance } from "./read-model/read-model.js";
import type { ReadView } from "./read-model/read-view.js";
import { factsOf, influencePercentilesInSteps, referralLinksOf, sameInfluence, toReferrals, type InfluencePercentiles } from "./strategy-facts.js";
import { POPULATION_DEFAULTS, rankingParameters, StrategyPopulation, type Blender } from "./strategy-population.js";

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
  /** The snapshot whose influence the table's facts hold, and its percentiles. */
  private tableSnapshot: InfluenceSnapshot | null = null;
  private influence: InfluencePercentiles | null = null;
  /** The newest snapshot the engine gave (taken in by an intake job). */
  private snapshot: InfluenceSnapshot | null = null;
  private view: ReadView | null = null;
  private referralLinks: readonly Link[] = [];
  private published: StrategyPopulation[] = [];
  private publications = 0;
  private lastPublishAt = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The running job (a full build, or a snapshot's intake), paced. */
  private job: Promise<void> | null = null;
  /** Jobs started so far: a job finishing after a newer one started is dropped. */
  private jobs = 0;
  private builds = 0;
  /** The running publication, paced. */
  private publishing: Promise<void> | null = null;
  private snapshotRequest: Promise<void> | null = null;
  private readonly firstWaiters: (() => void)[] = [];
  /** Requests waiting for the next publication (newerUnless). */
  private readonly publishWaiters: (() => void)[] = [];
  /** Accounts touched since the table last measured them (while a job or a publication runs, or before the next publish). */
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

  /**
   * The newest population. Changes waiting longer than publishIntervalMs are published
   * first (the request waits for that publication); younger ones on a timer.
   */
  async current(): Promise<StrategyPopulation> {
    if (this.published.length === 0) await this.first();
    this.rollOverDay();
    // A publication already running holds the table as it was: the changes after it need the next.
    for (let round = 0; round < 2 && this.table?.dirty && !this.job; round++) {
      if (Date.now() - this.lastPublishAt < this.publishIntervalMs) {
        this.schedulePublish();
        break;
      }
      this.applyPending();
      await this.publish();
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

  /**
   * `population` when `fresh(population)`, else the newest published one that is: waits for
   * publications (each at most publishIntervalMs away, or at the end of a running job) for
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
      this.applyPending();
      this.schedulePublish();
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
    if (advance.reset || (!this.table && !this.job)) {
      this.startBuild();
      return;
    }
    for (const id of advance.touchedAccounts) this.pendingTouched.add(id);
    this.applyPending();
    this.schedulePublish();
  }

  /**
   * Re-measures the accounts touched since the table last saw them, from the newest view.
   * Not while a job or a publication has the table: they call it when they end.
   */
  private applyPending(): void {
    const table = this.table;
    const view = this.view;
    const influence = this.influence;
    if (!table || !view || !influence || this.job || this.publishing) return;
    for (const id of this.pendingTouched) {
      const account = view.accounts.get(id);
      if (account) table.put(factsOf(view, account, influence));
      else table.remove(id);
    }
    this.pendingTouched.clear();
    if (view.graphSeq !== this.referralsSeq) {
      const links = referralLinksOf(view);
      this.referralsSeq = view.graphSeq;
      // Most graph writes are influence links and memberships: then the referrals, and every
      // credit and word of mouth computed from them (~0.5 s at 200,000 accounts), stay.
      if (!sameObjects(links, this.referralLinks)) {
        this.referralLinks = links;
        table.setReferrals(toReferrals(links));
      }
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
    this.snapshot = snapshot;
    // A running job or publication takes it in when it ends (afterwards).
    if (!this.job && !this.publishing) this.afterwards();
  }

  /** What is due once nothing runs: the first build, a new snapshot's intake, or touched accounts and a publication. */
  private afterwards(): void {
    if (this.job || this.publishing || this.closed) return;
    if (!this.table) this.startBuild();
    else if (this.snapshot !== this.tableSnapshot) this.startIntake();
    else {
      this.applyPending();
      if (this.table.dirty) this.schedulePublish();
    }
  }

  /** A new table from every account of the view, measured in paced steps, then published. */
  private startBuild(): void {
    const view = this.view;
    const snapshot = this.snapshot;
    if (!view || !snapshot || this.closed) return;
    this.pendingTouched.clear();
    this.builds++;
    const known = this.tableSnapshot === snapshot ? this.influence : null;
    this.runJob("building the strategy population", true, function* (this: StrategyKeeper) {
      const influence = known ?? (yield* influencePercentilesInSteps(snapshot));
      const table = new MeasureTable({ asOf: this.options.today() });
      let count = 0;
      for (const account of view.accounts.values()) {
        table.put(factsOf(view, account, influence));
        if (++count % RANKING_STEP_ACCOUNTS === 0) yield;
      }
      const links = referralLinksOf(view);
      table.setReferrals(toReferrals(links));
      yield* table.publishSteps();
      return () => {
        this.table = table;
        this.tableSnapshot = snapshot;
        this.influence = influence;
        this.referralLinks = links;
        this.referralsSeq = view.graphSeq;
      };
    });
  }

  /** Re-measures the word of mouth of the accounts whose influence percentiles moved in the newest snapshot. */
  private startIntake(): void {
    const table = this.table;
    const view = this.view;
    const from = this.influence;
    const snapshot = this.snapshot;
    if (!table || !view || !from || !snapshot || this.closed) return;
    this.runJob("taking in an influence snapshot", false, function* (this: StrategyKeeper) {
      const to = yield* influencePercentilesInSteps(snapshot);
      let count = 0;
      for (const account of view.accounts.values()) {
        if (!sameInfluence(from, to, account.id)) table.put(factsOf(view, account, to), true);
        if (++count % RANKING_STEP_ACCOUNTS === 0) yield;
      }
      return () => {
        this.tableSnapshot = snapshot;
        this.influence = to;
      };
    });
  }

  /**
   * Runs `steps` paced as the job; when it ends still current, commits what it returns and
   * does what is due next: a build publishes at once (a new table replaces the old one's
   * answers), an intake's changes wait for the publication interval like any others.
   */
  private runJob(context: string, publishAtOnce: boolean, steps: (this: StrategyKeeper) => Generator<void, () => void>): void {
    const ticket = ++this.jobs;
    const job = (async () => {
      const commit = await runPaced(steps.call(this), POPULATION_DEFAULTS.pacedShare);
      if (this.jobs !== ticket) return; // superseded by a newer job
      commit();
      this.job = null;
      this.applyPending();
      if (publishAtOnce && this.snapshot === this.tableSnapshot) void this.publish();
      else this.afterwards();
    })();
    this.job = job;
    job.catch((error: unknown) => {
      if (this.jobs === ticket) this.job = null;
      this.options.onError?.(error, context);
    });
  }

  private rollOverDay(): void {
    if (this.table && !this.job && this.table.asOf !== this.options.today()) this.startBuild();
  }

  private schedulePublish(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.publishIntervalMs - (Date.now() - this.lastPublishAt));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.applyPending();
      if (this.table?.dirty && !this.job) void this.publish();
    }, wait);
    this.timer.unref();
  }

  /** Publishes the table (paced; one publication at a time, none while a job runs). */
  private publish(): Promise<void> {
    if (this.job || this.closed) return Promise.resolve();
    this.publishing ??= this.runPublication()
      .catch((error: unknown) => this.options.onError?.(error, "publishing the strategy population"))
      .finally(() => {
        this.publishing = null;
        this.afterwards();
      });
    return this.publishing;
  }

  private async runPublication(): Promise<void> {
    const table = this.table;
    const view = this.view;
    const snapshot = this.tableSnapshot;
    if (!table || !view || !snapshot) return;
    const measured = await runPaced(table.publishSteps(), POPULATION_DEFAULTS.pacedShare);
    if (table !== this.table || this.closed) return; // a build replaced the table meanwhile: it publishes its own
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

/** Same elements, same order (the view keeps an unchanged link's object). */
function sameObjects<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
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
