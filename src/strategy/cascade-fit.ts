/**
 * Fitting the Independent Cascade's activation scale from the stored history, instead of
 * assuming p = 0.1 x strength (influence-network.ts).
 *
 * Evidence: every dated INFLUENCES tie u -> v is one Independent Cascade trial (Kempe,
 * Kleinberg & Tardos 2003: an active account gets one chance per out-link). The trial
 * "succeeded" when u later referred v (a REFERRED u -> v dated on or after the tie's
 * `since`). A tie is a trial only if it could have fired: u has been a customer (an active
 * account that can refer), and v was not already a customer when the tie began. Ties
 * without a `since` date cannot be placed in time and are left out.
 *
 * Estimator: maximum likelihood of the Bernoulli model P(success) = min(p_max, a x
 * strength) over the trials — the one-parameter version of learning IC probabilities from
 * observed propagations (Saito, Nakano & Kimura 2008, "Prediction of information
 * diffusion probabilities for independent cascade model", KES; Goyal, Bonchi & Lakshmanan
 * 2010, "Learning influence probabilities in social networks", WSDM). The log-likelihood
 * is concave in a, so golden-section search finds it; the interval is the profile
 * likelihood's (likelihood-ratio) 95 % interval. Per influence kind (PEER, BOARD, …) a
 * scale is estimated too; the per-kind scales are used only when a likelihood-ratio test
 * says they differ (p < 0.05) and each kind has enough evidence.
 * Thin evidence (fewer than `minTrials` trials or `minReferrals` successes): the
 * documented default (0.1) is used, and said so.
 *
 * Backtest: the most recent `holdoutShare` of the trials (by `since`) are held out; the
 * scale fitted on the older ones and the default each predict them, scored by log loss
 * (mean negative log-likelihood; lower is better) and by predicted against actual
 * referrals. Caveat: the newest ties have had the least time to produce a referral, so
 * both forecasts tend to over-predict them (right censoring).
 * Cost: O(ties + referrals + iterations x trials).
 */
import type { InfluenceKind, IsoDate } from "../domain/model.js";
import { component, formatPercent, type Explained } from "./explained.js";
import { NETWORK_DEFAULTS } from "./influence-network.js";
import type { InfluenceNetwork } from "./inputs.js";
import { estimateSpread, type AdvocateObjective } from "./advocates.js";
import { mix32 } from "./prng.js";

export const CASCADE_FIT_DEFAULTS = {
  defaultScale: NETWORK_DEFAULTS.activationScale,
  minTrials: 30,
  minReferrals: 5,
  /** Per kind: evidence needed before a kind gets its own scale. */
  minKindTrials: 15,
  minKindReferrals: 3,
  /** Largest probability a tie can have (a certain referral would make log loss infinite). */
  maxProbability: 0.95,
  holdoutShare: 0.25,
  minHoldoutTrials: 10,
  /** chi-square critical values at 0.05 by degrees of freedom (1..4 kinds beyond the first). */
  chiSquare95: [3.841, 5.991, 7.815, 9.488] as readonly number[],
  /** 95 % profile-likelihood interval: log-likelihood within this of the maximum. */
  intervalDrop: 1.921,
};

export interface TieRecord {
  fromId: string;
  toId: string;
  kind: InfluenceKind | null;
  strength: number;
  since: IsoDate | null;
}

export interface ReferralRecord {
  fromId: string;
  toId: string;
  date: IsoDate | null;
}

export interface AccountRecord {
  status: "PROSPECT" | "CUSTOMER" | "CHURNED";
  customerSince: IsoDate | null;
}

export interface ScaleEstimate {
  scale: number;
  low: number;
  high: number;
  trials: number;
  referrals: number;
}

export interface KindScale extends ScaleEstimate {
  kind: InfluenceKind;
}

export interface ActivationBacktest {
  trainingTrials: number;
  heldOutTrials: number;
  heldOutReferrals: number;
  /** Scale fitted on the training trials only. */
  fittedScale: number;
  fittedPredicted: number;
  defaultPredicted: number;
  fittedLogLoss: number;
  defaultLogLoss: number;
}

export interface ActivationFit extends Explained {
  /** The scale the cascades use: fitted when the evidence suffices, else the default. */
  scale: number;
  source: "FITTED" | "DEFAULT";
  defaultScale: number;
  /** The estimate and its interval (null without any trial). */
  estimate: ScaleEstimate | null;
  byKind: KindScale[];
  /** Kinds whose own scale is used (empty when one scale serves all). */
  kindScales: Map<InfluenceKind, number>;
  backtest: ActivationBacktest | null;
}

interface Trial {
  strength: number;
  kind: InfluenceKind | null;
  success: boolean;
  since: IsoDate;
}

/** The dated ties that could have fired, and whether a referral followed each. */
export function activationTrials(
  ties: readonly TieRecord[],
  referrals: readonly ReferralRecord[],
  accounts: ReadonlyMap<string, AccountRecord>,
): Trial[] {
  const referred = new Map<string, IsoDate | null>();
  for (const r of referrals) {
    const key = `${r.fromId}\u0000${r.toId}`;
    const earlier = referred.get(key);
    if (earlier === undefined || (r.date !== null && (earlier === null || r.date < earlier))) referred.set(key, r.date);
  }
  const trials: Trial[] = [];
  for (const tie of ties) {
    if (tie.since === null || !(tie.strength > 0)) continue;
    const source = accounts.get(tie.fromId);
    const target = accounts.get(tie.toId);
    if (!source || !target) continue;
    const sourceWasCustomer = source.status !== "PROSPECT" || source.customerSince !== null;
    const targetAlreadyCustomer = target.customerSince !== null && target.customerSince < tie.since;
    if (!sourceWasCustomer || targetAlreadyCustomer) continue;
    const date = referred.get(`${tie.fromId}\u0000${tie.toId}`);
    trials.push({
      strength: Math.min(1, tie.strength),
      kind: tie.kind,
      success: date !== undefined && (date === null || date >= tie.since),
      since: tie.since,
    });
  }
  return trials;
}

/**
 * Trials grouped by strength: the likelihood reads a trial only through its strength and
 * outcome, so each search step costs O(distinct strengths), not O(trials) (strengths are
 * usually entered to two decimals: ~100 groups for 90,000 ties on 20,000 accounts).
 */
interface TrialCounts {
  strengths: number[];
  successes: number[];
  failures: number[];
}

function countTrials(trials: readonly Trial[]): TrialCounts {
  const groups = new Map<number, number>();
  const counts: TrialCounts = { strengths: [], successes: [], failures: [] };
  for (const t of trials) {
    let g = groups.get(t.strength);
    if (g === undefined) {
      g = counts.strengths.length;
      groups.set(t.strength, g);
      counts.strengths.push(t.strength);
      counts.successes.push(0);
      counts.failures.push(0);
    }
    if (t.success) counts.successes[g]!++;
    else counts.failures[g]!++;
  }
  return counts;
}

function logLikelihood(trials: readonly Trial[] | TrialCounts, scale: number, maxProbability: number): number {
  const counts = "strengths" in trials ? trials : countTrials(trials);
  let sum = 0;
  for (let g = 0; g < counts.strengths.length; g++) {
    const p = Math.min(maxProbability, Math.max(1e-9, scale * counts.strengths[g]!));
    const successes = counts.successes[g]!;
    const failures = counts.failures[g]!;
    if (successes > 0) sum += successes * Math.log(p);
    if (failures > 0) sum += failures * Math.log(1 - p);
  }
  return sum;
}

/** Maximum-likelihood scale with its 95 % profile-likelihood interval. */
export function estimateScale(trials: readonly Trial[], options: Partial<typeof CASCADE_FIT_DEFAULTS> = {}): ScaleEstimate | null {
  const o = { ...CASCADE_FIT_DEFAULTS, ...options };
  if (trials.length === 0) return null;
  const counts = countTrials(trials);
  const strongest = counts.strengths.reduce((max, s) => Math.max(max, s), 0);
  const upper = Math.min(1, o.maxProbability / strongest);
  const ll = (a: number) => logLikelihood(counts, a, o.maxProbability);
  let lo = 1e-6;
  let hi = upper;
  const golden = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 80; k++) {
    const a = hi - golden * (hi - lo);
    const b = lo + golden * (hi - lo);
    if (ll(a) > ll(b)) hi = b;
    else lo = a;
  }
  const scale = (lo + hi) / 2;
  const top = ll(scale);
  const edge = (from: number, to: number) => {
    // Bisection for ll = top - drop between the maximum and a bound (ll is concave).
    if (top - ll(to) <= o.intervalDrop) return to;
    let inside = from;
    let outside = to;
    for (let k = 0; k < 60; k++) {
      const mid = (inside + outside) / 2;
      if (top - ll(mid) <= o.intervalDrop) inside = mid;
      else outside = mid;
    }
    return inside;
  };
  return {
    scale,
    low: edge(scale, 1e-6),
    high: edge(scale, upper),
    trials: trials.length,
    referrals: trials.filter((t) => t.success).length,
  };
}

export interface CascadeFitInput {
  ties: readonly TieRecord[];
  referrals: readonly ReferralRecord[];
  accounts: ReadonlyMap<string, AccountRecord>;
}

export function fitActivationScale(input: CascadeFitInput, options: Partial<typeof CASCADE_FIT_DEFAULTS> = {}): ActivationFit {
  const o = { ...CASCADE_FIT_DEFAULTS, ...options };
  const trials = activationTrials(input.ties, input.referrals, input.accounts);
  const estimate = estimateScale(trials, o);
  const enough = estimate !== null && estimate.trials >= o.minTrials && estimate.referrals >= o.minReferrals;

  const backtest = backtestScale(trials, o);
  // The fitted scale must also not lose its own held-out test to the default.
  const provenOut = backtest === null || backtest.fittedLogLoss <= backtest.defaultLogLoss;
  const source = enough && provenOut ? "FITTED" : "DEFAULT";
  const kinds = [...new Set(trials.map((t) => t.kind).filter((k): k is InfluenceKind => k !== null))].sort();
  const byKind: KindScale[] = [];
  for (const kind of kinds) {
    const e = estimateScale(
      trials.filter((t) => t.kind === kind),
      o,
    );
    if (e) byKind.push({ kind, ...e });
  }
  // Likelihood-ratio test of one scale per kind against one for all, on kinds with enough evidence.
  const supported = byKind.filter((k) => k.trials >= o.minKindTrials && k.referrals >= o.minKindReferrals);
  const kindScales = new Map<InfluenceKind, number>();
  if (enough && provenOut && supported.length >= 2) {
    const pooled = trials.filter((t) => supported.some((k) => k.kind === t.kind));
    const shared = estimateScale(pooled, o)!;
    const separate = supported.reduce(
      (s, k) =>
        s +
        logLikelihood(
          pooled.filter((t) => t.kind === k.kind),
          k.scale,
          o.maxProbability,
        ),
      0,
    );
    const statistic = 2 * (separate - logLikelihood(pooled, shared.scale, o.maxProbability));
    const critical = o.chiSquare95[Math.min(o.chiSquare95.length, supported.length - 1) - 1]!;
    if (statistic > critical) for (const k of supported) kindScales.set(k.kind, k.scale);
  }

  const scale = source === "FITTED" ? estimate!.scale : o.defaultScale;
  const f = (v: number) => v.toFixed(3);
  return {
    value: scale,
    scale,
    source,
    defaultScale: o.defaultScale,
    estimate,
    byKind,
    kindScales,
    backtest,
    components: [
      component(
        "activationScale",
        scale,
        "RATIO",
        source === "FITTED"
          ? `Fitted from ${estimate!.trials} dated influence ties, ${estimate!.referrals} of which were followed by a referral: a strength-1 tie converts ${formatPercent(scale)} of the time (95% interval ${f(estimate!.low)}–${f(estimate!.high)}).`
          : enough
            ? `The scale fitted from ${estimate!.trials} ties (${f(estimate!.scale)}, 95% interval ${f(estimate!.low)}–${f(estimate!.high)}) predicted the newest ties worse than the default, so the documented default ${o.defaultScale} is used.`
            : `Too little history (${estimate?.trials ?? 0} dated ties that could fire, ${estimate?.referrals ?? 0} referrals after them; needs ${o.minTrials} and ${o.minReferrals}): the documented default ${o.defaultScale}.`,
      ),
      ...(kindScales.size > 0
        ? [
            component(
              "perKindScales",
              kindScales.size,
              "COUNT",
              `Kinds differ (likelihood-ratio test): ${[...kindScales].map(([k, v]) => `${k} ${f(v)}`).join(", ")}.`,
            ),
          ]
        : []),
      ...(backtest
        ? [
            component(
              "backtestLogLoss",
              backtest.fittedLogLoss,
              "INDEX",
              `Held-out newest ${backtest.heldOutTrials} ties (${backtest.heldOutReferrals} referrals): fitted scale ${f(backtest.fittedScale)} predicted ${backtest.fittedPredicted.toFixed(1)}, log loss ${backtest.fittedLogLoss.toFixed(3)}; default ${o.defaultScale} predicted ${backtest.defaultPredicted.toFixed(1)}, log loss ${backtest.defaultLogLoss.toFixed(3)} (lower is better).`,
            ),
          ]
        : []),
    ],
  };
}

function backtestScale(trials: readonly Trial[], o: typeof CASCADE_FIT_DEFAULTS): ActivationBacktest | null {
  const sorted = [...trials].sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  const held = Math.max(o.minHoldoutTrials, Math.round(sorted.length * o.holdoutShare));
  if (sorted.length - held < o.minHoldoutTrials) return null;
  const training = sorted.slice(0, sorted.length - held);
  const heldOut = sorted.slice(sorted.length - held);
  const fitted = estimateScale(training, o);
  if (!fitted) return null;
  const predicted = (scale: number) => heldOut.reduce((s, t) => s + Math.min(o.maxProbability, scale * t.strength), 0);
  const loss = (scale: number) => -logLikelihood(heldOut, scale, o.maxProbability) / heldOut.length;
  return {
    trainingTrials: training.length,
    heldOutTrials: heldOut.length,
    heldOutReferrals: heldOut.filter((t) => t.success).length,
    fittedScale: fitted.scale,
    fittedPredicted: predicted(fitted.scale),
    defaultPredicted: predicted(o.defaultScale),
    fittedLogLoss: loss(fitted.scale),
    defaultLogLoss: loss(o.defaultScale),
  };
}

/**
 * The network with its probabilities re-scaled: p = min(1, p x factor(e)). Cascades are
 * built at the default scale; this moves them to a fitted one (or an interval's end).
 */
export function rescaleNetwork(network: InfluenceNetwork, factor: (edge: number) => number): InfluenceNetwork {
  return { ...network, probabilities: rescaledProbabilities(network.probabilities, factor) };
}

function rescaledProbabilities(probabilities: Float64Array, factor: (edge: number) => number): Float64Array {
  const rescaled = new Float64Array(probabilities.length);
  for (let e = 0; e < rescaled.length; e++) rescaled[e] = Math.min(1, probabilities[e]! * factor(e));
  return rescaled;
}

/** The parts of a cascade network its probabilities are re-scaled over. */
export type CascadeEdges = Pick<InfluenceNetwork, "ids" | "offsets" | "targets" | "probabilities">;

/**
 * The network's probabilities (built at `fit.defaultScale`) at the scale the fit chose: each
 * INFLUENCES edge at its kind's own scale where the kinds differ (`fit.kindScales`), every
 * other edge (REFERRED links, ties of a kind without its own scale) at the one fitted scale.
 * Cost: O(E), plus O(ties) to index the kinds when kinds differ.
 */
export function calibratedProbabilities(
  network: CascadeEdges,
  /** The kind of the tie from node u to node v, if it is one. */
  kindOf: (u: number, v: number) => InfluenceKind | null | undefined,
  fit: ActivationFit,
): Float64Array {
  const uniform = fit.scale / fit.defaultScale;
  if (fit.kindScales.size === 0) return rescaledProbabilities(network.probabilities, () => uniform);
  const factors = new Float64Array(network.targets.length);
  for (let u = 0; u < network.ids.length; u++) {
    for (let e = network.offsets[u]!; e < network.offsets[u + 1]!; e++) {
      const kind = kindOf(u, network.targets[e]!);
      factors[e] = (kind ? (fit.kindScales.get(kind) ?? fit.scale) : fit.scale) / fit.defaultScale;
    }
  }
  return rescaledProbabilities(network.probabilities, (e) => factors[e]!);
}

/**
 * The chosen advocates' spread (fresh simulations, their own weight excluded) at the two
 * ends of the scale's interval: how much the reported spread hinges on the scale.
 * `network` is at `atScale`; the ends are reached by re-scaling it.
 */
export function spreadOverInterval(
  network: InfluenceNetwork,
  advocates: readonly number[],
  objective: AdvocateObjective,
  interval: { low: number; high: number },
  atScale: number,
  simulations: number,
  seed: number,
): { low: number; high: number } {
  const weights = objective === "REACH" ? new Float64Array(network.ids.length).fill(1) : network.potential;
  const at = (scale: number) =>
    estimateSpread(
      rescaleNetwork(network, () => scale / atScale),
      advocates,
      weights,
      simulations,
      mix32(seed ^ 0x2545f491),
      true,
    ).mean;
  return { low: at(interval.low), high: at(interval.high) };
}
