/**
 * The weight-dependent half of the strategic score (strategic-score.ts measures the rest):
 * blend the dimension percentiles by the weights, rank, tier.
 *
 *   blendColumns   numbers only (typed arrays in, typed arrays out), O(n log n): three
 *                  sorts of n numbers. A pure function of plain arrays, so a server runs it
 *                  in a worker thread (services/work-pool) and a request with new weights
 *                  never sorts 20,000 accounts on the event loop.
 *   RankedScores   the StrategicScore objects over those numbers, built only for the
 *                  positions a caller reads (a page, one account, a manager's book).
 *   rankAccounts   measure + blend + every score object: the one-call form (tests, scripts).
 *
 * Order: score descending, ties by account id ascending; ranks are competition ranks (ties
 * share the best). Blends keep 12 significant digits, so equal decimals tie. The tier's value axis is the blend
 * without word of mouth, re-ranked as a percentile; its influence axis is the word-of-mouth
 * percentile (tiers.ts).
 */
import { roundToSignificant } from "../domain/significant-digits.js";
import { competitionRanks } from "../domain/competition-ranks.js";
import { runToEnd } from "../domain/steps.js";
import { compareText, percentileRanks } from "./percentile.js";
import type { StrategyPopulation } from "./inputs.js";
import {
  dimensionPercentiles,
  dimensionValue,
  measureAccountsInSteps,
  STRATEGIC_DIMENSIONS,
  validateWeights,
  type MeasuredAccounts,
  type RankOptions,
  type StrategicDimension,
  type StrategicRanking,
  type StrategicScore,
  type StrategicWeights,
} from "./strategic-score.js";
import { assignTier, validateTierThresholds, type TierThresholds } from "./tiers.js";

/** A blend's numbers, aligned with the measured accounts (index i) except `order`. */
export interface BlendedColumns {
  /** Blended score 0..1 of account i. */
  blended: Float64Array;
  blendedPercentile: Float64Array;
  /** Percentile of the blend without word of mouth (the tier's value axis). */
  valuePercentile: Float64Array;
  /** Account indices, best first. */
  order: Int32Array;
}

/**
 * Blends the percentile columns by `weights` and orders the accounts. `idRank[i]` is account
 * i's position in account id order (the tie-break); null when index order is id order.
 */
export function blendColumns(
  percentiles: Readonly<Record<StrategicDimension, ArrayLike<number>>>,
  weights: StrategicWeights,
  idRank: Int32Array | null,
): BlendedColumns {
  const n = percentiles.revenue.length;
  const totalWeight = STRATEGIC_DIMENSIONS.reduce((sum, d) => sum + weights[d], 0);
  const economic = STRATEGIC_DIMENSIONS.filter((d) => d !== "wordOfMouth");
  const economicWeight = economic.reduce((sum, d) => sum + weights[d], 0);
  // Weights are made shares first: only their ratios matter, and a product with a tiny
  // (subnormal) weight would lose its digits before a division by the total could restore them.
  // With every economic weight zero the value axis falls back to their plain average.
  const economicColumns = economic.map((d) => [economicWeight > 0 ? weights[d] / economicWeight : 1 / economic.length, percentiles[d]] as const);
  const columns = STRATEGIC_DIMENSIONS.map((d) => [weights[d] / totalWeight, percentiles[d]] as const);

  // 12 significant digits: blends equal as decimals (689/1000 by one path or another) must
  // tie, not split by the last bits of their sums (domain/significant-digits.ts).
  const blended = new Float64Array(n);
  const valueIndex = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const [share, column] of columns) sum += share * column[i]!;
    blended[i] = roundToSignificant(sum);
    let value = 0;
    for (const [share, column] of economicColumns) value += share * column[i]!;
    valueIndex[i] = roundToSignificant(value);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort(idRank ? (a, b) => blended[b]! - blended[a]! || idRank[a]! - idRank[b]! : (a, b) => blended[b]! - blended[a]! || a - b);
  return { blended, blendedPercentile: percentileRanks(blended), valuePercentile: percentileRanks(valueIndex), order };
}

const idRanks = new WeakMap<MeasuredAccounts, Int32Array | null>();

/** blendColumns' tie-break for `measured`: null when its accounts are already in id order. */
export function idRankOf(measured: MeasuredAccounts): Int32Array | null {
  if (measured.inIdOrder) return null;
  if (idRanks.has(measured)) return idRanks.get(measured)!;
  const { measures } = measured;
  const byId = Array.from({ length: measures.length }, (_, i) => i).sort((a, b) => compareText(measures[a]!.accountId, measures[b]!.accountId));
  const idRank = new Int32Array(measures.length);
  byId.forEach((index, position) => (idRank[index] = position));
  idRanks.set(measured, idRank);
  return idRank;
}

/**
 * A ranking as a read-only sequence of StrategicScore, each built on first read: a request
 * shows a page of a ranking of every account, and 20,000 score objects cost more than the
 * blend itself.
 */
export class RankedScores {
  private readonly built: (StrategicScore | undefined)[] = [];
  private positions: Int32Array | null = null;
  private indexById: Map<string, number> | null = null;
  private ranks: Int32Array | null = null;

  constructor(
    readonly measured: MeasuredAccounts,
    readonly weights: StrategicWeights,
    readonly thresholds: TierThresholds,
    private readonly columns: BlendedColumns,
  ) {}

  get size(): number {
    return this.columns.order.length;
  }

  /** Blended score at a 0-based position (no object built). */
  valueAt(position: number): number {
    return this.columns.blended[this.columns.order[position]!]!;
  }

  /** Account id at a 0-based position (no object built). */
  idAt(position: number): string {
    return this.measured.measures[this.columns.order[position]!]!.accountId;
  }

  /**
   * Competition rank at a 0-based position (domain/competition-ranks.ts). Built once for all
   * positions: O(n), where walking back over a tie per read would be O(n) per account when
   * many accounts tie.
   */
  rankAt(position: number): number {
    this.ranks ??= competitionRanks(this.columns.blended, this.columns.order);
    return this.ranks[position]!;
  }

  at(position: number): StrategicScore {
    const built = this.built[position];
    if (built) return built;
    const i = this.columns.order[position]!;
    const { measures, percentiles } = this.measured;
    const dimensionValues = {} as StrategicWeights;
    const dimensionPercentiles = {} as StrategicWeights;
    for (const d of STRATEGIC_DIMENSIONS) {
      dimensionValues[d] = dimensionValue(measures[i]!, d);
      dimensionPercentiles[d] = percentiles[d][i]!;
    }
    const score: StrategicScore = {
      accountId: measures[i]!.accountId,
      value: this.columns.blended[i]!,
      rank: this.rankAt(position),
      percentile: this.columns.blendedPercentile[i]!,
      dimensionValues,
      dimensionPercentiles,
      tier: assignTier(this.columns.valuePercentile[i]!, percentiles.wordOfMouth[i]!, this.thresholds),
      measures: measures[i]!,
    };
    this.built[position] = score;
    return score;
  }

  /** The score of one account, or undefined when it is not ranked here. */
  get(accountId: string): StrategicScore | undefined {
    const index = this.indexOf(accountId);
    if (index < 0) return undefined;
    this.positions ??= inverse(this.columns.order);
    return this.at(this.positions[index]!);
  }

  private indexOf(accountId: string): number {
    const { measures } = this.measured;
    if (this.measured.inIdOrder) {
      let lo = 0;
      let hi = measures.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareText(measures[mid]!.accountId, accountId) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo < measures.length && measures[lo]!.accountId === accountId ? lo : -1;
    }
    this.indexById ??= new Map(measures.map((m, i) => [m.accountId, i]));
    return this.indexById.get(accountId) ?? -1;
  }
}

function inverse(order: Int32Array): Int32Array {
  const positions = new Int32Array(order.length);
  for (let p = 0; p < order.length; p++) positions[order[p]!] = p;
  return positions;
}

/** The weights and thresholds of a blend, validated (BAD_USER_INPUT naming the field). */
export function blendParameters(options: { weights?: RankOptions["weights"]; thresholds?: RankOptions["thresholds"] }): {
  weights: StrategicWeights;
  thresholds: TierThresholds;
} {
  return { weights: validateWeights(options.weights), thresholds: validateTierThresholds(options.thresholds) };
}

/** Blends measured accounts by the options' weights and builds every score object. */
export function blendRanking(
  measured: MeasuredAccounts,
  options: { weights?: RankOptions["weights"]; thresholds?: RankOptions["thresholds"] },
): StrategicRanking {
  const { weights, thresholds } = blendParameters(options);
  const ranked = new RankedScores(measured, weights, thresholds, blendColumns(measured.percentiles, weights, idRankOf(measured)));
  const scores: StrategicScore[] = new Array(ranked.size);
  for (let position = 0; position < ranked.size; position++) scores[position] = ranked.at(position);
  return { asOf: measured.asOf, weights, thresholds, referralHalfValue: measured.referralHalfValue, scores };
}

/** Scores, normalises, blends, ranks and tiers every account in the population. */
export function rankAccounts(population: StrategyPopulation, options: RankOptions): StrategicRanking {
  return runToEnd(rankAccountsInSteps(population, options));
}

/**
 * rankAccounts as steps: it pauses (yield) every RANKING_STEP_ACCOUNTS accounts and between
 * its stages. Same result as rankAccounts: the steps only split the loops.
 */
export function* rankAccountsInSteps(population: StrategyPopulation, options: RankOptions): Generator<void, StrategicRanking> {
  const { measures, referralHalfValue } = yield* measureAccountsInSteps(population, options);
  const percentiles = dimensionPercentiles(measures);
  yield;
  return blendRanking({ measures, percentiles, referralHalfValue, asOf: options.asOf }, options);
}
