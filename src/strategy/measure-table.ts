/**
 * The five dimension measures of every account, kept up to date incrementally: the
 * weight-independent half of the strategic score (strategic-score.ts). Equal to a full
 * `measureAccounts` of the same facts (test/strategy/measure-table.test.ts checks it
 * after random sequences of changes), but a change costs only what it touches:
 *
 *   what changed                         recomputed
 *   an account or its activity           its revenue, expansion, loyalty, efficiency totals;
 *                                        the efficiency of its owner's book (portfolio average)
 *   its influence percentiles only       its word-of-mouth measure
 *   the referral links                   every credit, the median (half value), every word of mouth
 *
 * `publish()` then turns the measures into percentiles (five sorts of n numbers) and returns
 * an immutable MeasuredAccounts a ranking only has to blend (blendRanking).
 * Why incremental rather than in a worker: the facts of 20,000 accounts take ~0.9 s of the
 * event loop to copy into a worker (structured clone, measured), more than measuring them.
 * Cost: O(changed accounts + their owners' books) per change, O(n log n) per publish.
 */
import { requireDate, requireFraction, requirePositiveInt } from "../domain/guards.js";
import { runToEnd } from "../domain/steps.js";
import {
  averagePortfolioEfficiency,
  EFFICIENCY_DEFAULTS,
  measureEfficiency,
  summariseEfficiency,
  type EfficiencyMeasure,
  type EfficiencyTotals,
  type PortfolioEfficiency,
} from "./efficiency-score.js";
import { measureExpansion, type ExpansionMeasure } from "./expansion-score.js";
import type { AccountFacts, IsoDate, ReferralLink } from "./inputs.js";
import { measureLoyalty, type LoyaltyMeasure } from "./loyalty-score.js";
import { compareText } from "./percentile.js";
import { measureRevenue, type RevenueMeasure } from "./revenue-score.js";
import {
  dimensionPercentilesInSteps,
  medianPositiveCredit,
  RANKING_STEP_ACCOUNTS,
  type AccountMeasures,
  type MeasuredAccounts,
  type ScoreOptions,
} from "./strategic-score.js";
import {
  computeReferralCredit,
  measureWordOfMouth,
  WORD_OF_MOUTH_DEFAULTS,
  type ReferralCredit,
  type WordOfMouthMeasure,
} from "./word-of-mouth-score.js";

/** A published table: the measured accounts plus the facts they were measured from, in account id order. */
export interface MeasuredPopulation extends MeasuredAccounts {
  facts: readonly AccountFacts[];
  referrals: readonly ReferralLink[];
}

interface OwnMeasures {
  totals: EfficiencyTotals;
  revenue: RevenueMeasure;
  expansion: ExpansionMeasure;
  loyalty: LoyaltyMeasure;
}

export class MeasureTable {
  readonly asOf: IsoDate;
  private readonly windowDays: number;
  private readonly decayPerHop: number;
  private readonly maxHops: number;
  private readonly fixedHalfValue: number | undefined;

  private readonly facts = new Map<string, AccountFacts>();
  private readonly own = new Map<string, OwnMeasures>();
  private readonly efficiency = new Map<string, EfficiencyMeasure>();
  private readonly wordOfMouth = new Map<string, WordOfMouthMeasure>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly portfolios = new Map<string, PortfolioEfficiency>();
  private referrals: readonly ReferralLink[] = [];
  private credits = new Map<string, ReferralCredit>();
  private halfValue: number = WORD_OF_MOUTH_DEFAULTS.referralHalfValue;

  private readonly ownDirty = new Set<string>();
  private readonly influenceDirty = new Set<string>();
  private readonly ownersDirty = new Set<string>();
  private referralsDirty = true;
  private idsChanged = true;
  private sortedIds: string[] = [];
  private published: MeasuredPopulation | null = null;

  constructor(options: ScoreOptions) {
    this.asOf = requireDate(options.asOf, "asOf");
    this.windowDays = requirePositiveInt(options.efficiencyWindowDays ?? EFFICIENCY_DEFAULTS.windowDays, "efficiencyWindowDays", 3660);
    this.decayPerHop = requireFraction(options.referralDecayPerHop ?? WORD_OF_MOUTH_DEFAULTS.decayPerHop, "referralDecayPerHop");
    this.maxHops = requirePositiveInt(options.referralMaxHops ?? WORD_OF_MOUTH_DEFAULTS.maxHops, "referralMaxHops", 10);
    this.fixedHalfValue = options.referralHalfValue;
  }

  get size(): number {
    return this.facts.size;
  }

  /** Adds or replaces an account's facts. `influenceOnly`: nothing but `facts.influence` changed. */
  put(facts: AccountFacts, influenceOnly = false): void {
    const id = facts.account.id;
    const before = this.facts.get(id);
    if (!before) this.idsChanged = true;
    this.facts.set(id, facts);
    this.influenceDirty.add(id);
    if (influenceOnly && before) return;
    this.ownDirty.add(id);
    const owner = ownerKey(facts);
    if (before && ownerKey(before) !== owner) this.leaveOwner(id, ownerKey(before));
    let book = this.byOwner.get(owner);
    if (!book) this.byOwner.set(owner, (book = new Set()));
    book.add(id);
    this.ownersDirty.add(owner);
  }

  remove(accountId: string): void {
    const before = this.facts.get(accountId);
    if (!before) return;
    this.facts.delete(accountId);
    this.own.delete(accountId);
    this.efficiency.delete(accountId);
    this.wordOfMouth.delete(accountId);
    this.ownDirty.delete(accountId);
    this.influenceDirty.delete(accountId);
    this.leaveOwner(accountId, ownerKey(before));
    this.idsChanged = true;
  }

  setReferrals(referrals: readonly ReferralLink[]): void {
    this.referrals = referrals;
    this.referralsDirty = true;
  }

  /** True when changes wait to be published. */
  get dirty(): boolean {
    return this.ownDirty.size + this.influenceDirty.size + this.ownersDirty.size > 0 || this.referralsDirty || this.idsChanged;
  }

  /** Every measure up to date, as percentiles; the same object again while nothing changed. */
  publish(): MeasuredPopulation {
    return runToEnd(this.publishSteps());
  }

  /**
   * publish() pausing (yield) every RANKING_STEP_ACCOUNTS accounts measured, so a full build
   * (a new day, a start) can run between requests. Changes made while it pauses are
   * measured in the same run or left dirty for the next.
   */
  *publishSteps(): Generator<void, MeasuredPopulation> {
    if (this.published && !this.dirty) return this.published;
    let work = 0;
    const step = function* () {
      if (++work % RANKING_STEP_ACCOUNTS === 0) yield;
    };

    const efficiencyDirty = new Set<string>();
    for (const id of [...this.ownDirty]) {
      yield* step();
      this.ownDirty.delete(id);
      const facts = this.facts.get(id);
      if (!facts) continue;
      this.own.set(id, {
        totals: summariseEfficiency(facts, this.asOf, this.windowDays),
        revenue: measureRevenue(facts, this.asOf),
        expansion: measureExpansion(facts, this.asOf),
        loyalty: measureLoyalty(facts, this.asOf),
      });
    }
    for (const owner of this.ownersDirty) {
      const book = this.byOwner.get(owner);
      if (!book) {
        this.portfolios.delete(owner);
        continue;
      }
      this.portfolios.set(owner, averagePortfolioEfficiency([...book].map((id) => this.own.get(id)!.totals)));
      for (const id of book) efficiencyDirty.add(id);
    }
    this.ownersDirty.clear();
    for (const id of efficiencyDirty) {
      yield* step();
      const facts = this.facts.get(id);
      const own = this.own.get(id);
      if (!facts || !own) continue;
      this.efficiency.set(
        id,
        measureEfficiency(facts, this.asOf, { windowDays: this.windowDays, portfolio: this.portfolios.get(ownerKey(facts))!, totals: own.totals }),
      );
    }
    const womDirty: string[] = [...(this.referralsDirty ? this.facts.keys() : this.influenceDirty)];
    this.influenceDirty.clear();
    if (this.referralsDirty) {
      this.referralsDirty = false;
      this.credits = computeReferralCredit(this.referrals, { decayPerHop: this.decayPerHop, maxHops: this.maxHops });
      this.halfValue = this.fixedHalfValue ?? medianPositiveCredit(this.credits.values());
    }
    for (const id of womDirty) {
      yield* step();
      const facts = this.facts.get(id);
      if (facts) this.wordOfMouth.set(id, measureWordOfMouth(facts, this.credits.get(id), { referralHalfValue: this.halfValue }));
    }
    if (this.idsChanged) {
      this.sortedIds = [...this.facts.keys()].sort(compareText);
      this.idsChanged = false;
    }
    // An account added while the steps paused is measured by the next publish, not half here.
    const facts: AccountFacts[] = [];
    const measures: AccountMeasures[] = [];
    for (const accountId of this.sortedIds) {
      const own = this.own.get(accountId);
      const efficiency = this.efficiency.get(accountId);
      const wordOfMouth = this.wordOfMouth.get(accountId);
      if (!own || !efficiency || !wordOfMouth) {
        this.idsChanged = true;
        continue;
      }
      yield* step();
      facts.push(this.facts.get(accountId)!);
      measures.push({ accountId, revenue: own.revenue, efficiency, expansion: own.expansion, loyalty: own.loyalty, wordOfMouth });
    }
    const percentiles = yield* dimensionPercentilesInSteps(measures);
    this.published = Object.freeze({
      asOf: this.asOf,
      facts,
      referrals: this.referrals,
      measures,
      percentiles,
      referralHalfValue: this.halfValue,
      inIdOrder: true,
    });
    return this.published;
  }

  private leaveOwner(accountId: string, owner: string): void {
    const book = this.byOwner.get(owner);
    if (!book) return;
    book.delete(accountId);
    if (book.size === 0) this.byOwner.delete(owner);
    this.ownersDirty.add(owner);
  }
}

/** Accounts without an owner form one book of their own, as in measureAccounts. */
function ownerKey(facts: AccountFacts): string {
  return facts.account.ownerId ?? "";
}
