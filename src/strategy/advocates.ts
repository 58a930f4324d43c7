/**
 * Advocates to cultivate: the k accounts whose word of mouth is expected to reach the
 * most revenue potential — influence maximisation under the Independent Cascade model.
 *
 * Objective: spread(S) = expected sum, over accounts activated by a cascade started at
 * the advocates S, of their revenue potential (a prospect's deal, a customer's
 * expansion; objective REACH counts accounts instead) — the advocates' OWN potential
 * excluded: asking an account for introductions does not grow that account, so a big
 * customer with lots of whitespace must not look like a word-of-mouth hub because of it.
 * spread(S) = g(S) - w(S), where g is the weighted coverage of the live-edge worlds
 * (monotone, submodular; Kempe, Kleinberg & Tardos 2003) and w(S) is modular, so the
 * objective stays submodular: CELF's lazy bounds remain valid and lazy greedy still
 * returns exactly what plain greedy returns. (It is no longer monotone, so the (1 - 1/e)
 * bound applies to g, not to the difference; in practice the picks are the accounts whose
 * networks reach the most.)
 *
 * Estimators:
 *  - MC_CELF: R seeded Monte Carlo worlds (cascade.ts) and CELF lazy greedy (Leskovec,
 *    Krause, Guestrin, Faloutsos, VanBriesen & Glance 2007, "Cost-effective outbreak
 *    detection in networks", KDD): a candidate's old marginal gain bounds its new one, so
 *    only candidates that reach the top of the queue are re-simulated. Because all seed
 *    sets share the same worlds, the sampled objective is exactly submodular and CELF
 *    returns exactly what plain greedy returns. Cost: R x (one cascade per candidate in
 *    the first pass + a few re-evaluations per pick).
 *  - RIS: reverse influence sampling (Borgs, Brautbar, Chayes & Lucier 2014; Tang, Xiao &
 *    Shi 2014, TIM): sample θ reverse-reachable sets from roots drawn in proportion to
 *    potential; spread(S) ≈ total potential x share of sets S touches; greedy max
 *    coverage. Cost: O(θ x average RR set size), independent of the candidate count.
 *  - AUTO (default): a pilot (64 candidates x 32 worlds) measures how many links one
 *    cascade explores; if the predicted first CELF pass (candidates x simulations x that)
 *    stays under `autoMonteCarloLinkBudget` (1.5 x 10^8 link checks, a few seconds),
 *    MC_CELF, else RIS. Dense or high-probability networks with giant cascades fall to RIS.
 *    RIS samples up to 200,000 sets but stops once it has checked 10^8 links (giant
 *    cascades make each set huge, and then fewer sets already pin the share down).
 * Whatever selects the advocates, the reported spread and its standard error come from R
 * fresh Monte Carlo worlds (a different stream of the same seed), so the figure is not
 * flattered by the selection (no winner's curse).
 *
 * Ask cap: an account already asked `askCap` times this quarter is not recommended again.
 */
import { NotFoundError } from "../domain/errors.js";
import { requireNonNegativeInt, requireOneOf, requirePositiveInt } from "../domain/guards.js";
import { NODE_STATUS, type InfluenceNetwork } from "./inputs.js";
import { indexNodes, reverseNetwork } from "./influence-network.js";
import { LiveEdgeWorlds, meanAndStandardError } from "./cascade.js";
import { createPrng, mix32 } from "./prng.js";
import { compareText } from "./percentile.js";
import { component, formatAmount, type Explained } from "./explained.js";
import { siftDown } from "./index-heap.js";

export const ADVOCATE_OBJECTIVES = ["REVENUE_POTENTIAL", "REACH"] as const;
export type AdvocateObjective = (typeof ADVOCATE_OBJECTIVES)[number];
export const ADVOCATE_ESTIMATORS = ["AUTO", "MC_CELF", "RIS"] as const;
export type AdvocateEstimator = (typeof ADVOCATE_ESTIMATORS)[number];

export const ADVOCATE_DEFAULTS = {
  simulations: 1000,
  seed: 1,
  askCapPerQuarter: 2,
  objective: "REVENUE_POTENTIAL" as AdvocateObjective,
  estimator: "AUTO" as AdvocateEstimator,
  /** AUTO uses MC_CELF while its predicted first pass explores at most this many links. */
  autoMonteCarloLinkBudget: 150_000_000,
  pilotCandidates: 64,
  pilotWorlds: 32,
  risSamples: 200_000,
  /** RIS stops sampling once its reverse searches have checked this many links... */
  risLinkBudget: 100_000_000,
  /** ...but never with fewer sets than this. */
  risMinSamples: 1_000,
  maxK: 100,
  maxSimulations: 100_000,
};

export interface AdvocateQuery {
  k: number;
  /** Candidate account ids; default: every CUSTOMER in the network. */
  among?: readonly string[];
  objective?: AdvocateObjective;
  simulations?: number;
  seed?: number;
  estimator?: AdvocateEstimator;
  risSamples?: number;
  /** Times each account was already asked for an introduction this quarter. */
  asksThisQuarter?: ReadonlyMap<string, number>;
  askCapPerQuarter?: number;
  networkIndex?: ReadonlyMap<string, number>;
}

export interface Advocate {
  accountId: string;
  /** Extra spread this advocate adds given those picked before it (selection estimate). */
  marginalSpread: number;
  cumulativeSpread: number;
  timesAsked: number;
}

export interface AdvocateRecommendation extends Explained {
  advocates: Advocate[];
  objective: AdvocateObjective;
  estimator: Exclude<AdvocateEstimator, "AUTO">;
  /** Independent Monte Carlo estimate of the chosen set's spread, and its standard error. */
  expectedSpread: number;
  standardError: number;
  /** The selection's own estimate (optimistic: chosen on the same samples). */
  selectionSpread: number;
  simulations: number;
  seed: number;
  /** Reverse-reachable sets RIS used (null for MC_CELF). */
  risSamplesUsed: number | null;
  candidates: number;
  excludedByAskCap: string[];
}

function nodeWeights(network: InfluenceNetwork, objective: AdvocateObjective): Float64Array {
  return objective === "REACH" ? new Float64Array(network.ids.length).fill(1) : network.potential;
}

/** Candidate node indices after the ask cap, sorted by index (deterministic). */
function selectCandidates(network: InfluenceNetwork, query: AdvocateQuery, index: ReadonlyMap<string, number>, cap: number) {
  let nodes: number[];
  if (query.among) {
    nodes = query.among.map((id) => {
      const i = index.get(id);
      if (i === undefined) throw new NotFoundError("Account", id, "among");
      return i;
    });
  } else {
    nodes = [];
    for (let i = 0; i < network.ids.length; i++) if (network.status[i] === NODE_STATUS.CUSTOMER) nodes.push(i);
  }
  const excluded: string[] = [];
  const kept = [...new Set(nodes)].filter((i) => {
    const asked = query.asksThisQuarter?.get(network.ids[i]!) ?? 0;
    if (asked >= cap) excluded.push(network.ids[i]!);
    return asked < cap;
  });
  kept.sort((a, b) => a - b);
  excluded.sort(compareText);
  return { candidates: kept, excluded };
}

interface Pick {
  node: number;
  gain: number;
}

/**
 * A candidate's gain: coverage gain minus its own weight when `selfWeights` is given
 * (see the objective above). Without `selfWeights` this is the plain IC coverage gain.
 */
function gainOf(worlds: LiveEdgeWorlds, v: number, selfWeights?: Float64Array): number {
  return worlds.marginalGain(v) - (selfWeights ? selfWeights[v]! : 0);
}

/** CELF lazy greedy on shared worlds. Ties go to the lower node index. */
export function selectByCelf(worlds: LiveEdgeWorlds, candidates: readonly number[], k: number, selfWeights?: Float64Array): Pick[] {
  // Max-heap of (bound, node, round the bound was computed in).
  const bound: number[] = [];
  const node: number[] = [];
  const round: number[] = [];
  const heap: number[] = [];
  const before = (a: number, b: number) => bound[a]! > bound[b]! || (bound[a] === bound[b] && node[a]! < node[b]!);
  const down = (start: number) => siftDown(heap, start, before);
  for (const v of candidates) {
    bound.push(gainOf(worlds, v, selfWeights));
    node.push(v);
    round.push(0);
    heap.push(heap.length);
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);

  const picks: Pick[] = [];
  while (picks.length < k && heap.length > 0) {
    const top = heap[0]!;
    if (round[top] === picks.length) {
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        down(0);
      }
      worlds.addSeed(node[top]!);
      picks.push({ node: node[top]!, gain: bound[top]! });
      continue;
    }
    bound[top] = gainOf(worlds, node[top]!, selfWeights);
    round[top] = picks.length;
    down(0); // bounds only shrink (submodularity), so sifting down restores the heap
  }
  return picks;
}

/** Plain greedy: re-evaluates every candidate each round. Reference for tests. */
export function selectByPlainGreedy(worlds: LiveEdgeWorlds, candidates: readonly number[], k: number, selfWeights?: Float64Array): Pick[] {
  const picks: Pick[] = [];
  const chosen = new Set<number>();
  while (picks.length < k) {
    let best = -1;
    let bestGain = -Infinity;
    for (const v of candidates) {
      if (chosen.has(v)) continue;
      const gain = gainOf(worlds, v, selfWeights);
      if (gain > bestGain) {
        best = v;
        bestGain = gain;
      }
    }
    if (best < 0) break;
    chosen.add(best);
    worlds.addSeed(best);
    picks.push({ node: best, gain: bestGain });
  }
  return picks;
}

/** Reverse influence sampling + greedy max coverage. */
export function selectByRis(
  network: InfluenceNetwork,
  weights: Float64Array,
  candidates: readonly number[],
  k: number,
  maxSamples: number,
  seed: number,
  linkBudget = ADVOCATE_DEFAULTS.risLinkBudget,
  selfWeights?: Float64Array,
): { picks: Pick[]; totalWeight: number; samples: number } {
  const n = network.ids.length;
  const cumulative = new Float64Array(n);
  let totalWeight = 0;
  for (let v = 0; v < n; v++) cumulative[v] = totalWeight += Math.max(0, weights[v]!);
  if (totalWeight === 0 || candidates.length === 0) return { picks: [], totalWeight, samples: 0 };

  const reverse = reverseNetwork(network);
  const random = createPrng(seed);
  const stamp = new Int32Array(n).fill(-1);
  let members = new Int32Array(Math.max(1024, Math.min(maxSamples, 1_000_000) * 4));
  const setStart = new Int32Array(maxSamples + 1);
  let size = 0;
  let links = 0;
  const queue = new Int32Array(n);
  // Sample until maxSamples sets, or until the link budget is spent (giant cascades make
  // every set huge; fewer sets then still cover a large, well-estimated share).
  let samples = 0;
  for (let s = 0; s < maxSamples && (links < linkBudget || s < ADVOCATE_DEFAULTS.risMinSamples); s++) {
    samples = s + 1;
    setStart[s] = size;
    // Root drawn in proportion to potential: binary search on the cumulative weights.
    const target = random() * totalWeight;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    let head = 0;
    let tail = 0;
    queue[tail++] = lo;
    stamp[lo] = s;
    while (head < tail) {
      const v = queue[head++]!;
      if (size === members.length) {
        const grown = new Int32Array(members.length * 2);
        grown.set(members);
        members = grown;
      }
      members[size++] = v;
      links += reverse.offsets[v + 1]! - reverse.offsets[v]!;
      for (let i = reverse.offsets[v]!, end = reverse.offsets[v + 1]!; i < end; i++) {
        const u = reverse.sources[i]!;
        if (stamp[u] === s) continue;
        if (random() < network.probabilities[reverse.edges[i]!]!) {
          stamp[u] = s;
          queue[tail++] = u;
        }
      }
    }
  }
  setStart[samples] = size;

  // Node -> sets containing it, for candidates only.
  const isCandidate = new Uint8Array(n);
  for (const v of candidates) isCandidate[v] = 1;
  const count = new Int32Array(n);
  for (let i = 0; i < size; i++) if (isCandidate[members[i]!]) count[members[i]!]!++;
  const nodeStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) nodeStart[v + 1] = nodeStart[v]! + count[v]!;
  const nodeSets = new Int32Array(nodeStart[n]!);
  const cursor = nodeStart.slice(0, n);
  for (let s = 0; s < samples; s++) {
    for (let i = setStart[s]!; i < setStart[s + 1]!; i++) {
      const v = members[i]!;
      if (isCandidate[v]) nodeSets[cursor[v]!++] = s;
    }
  }

  const covered = new Uint8Array(samples);
  const picks: Pick[] = [];
  const chosen = new Uint8Array(n);
  const risGain = (v: number) => (count[v]! / samples) * totalWeight - (selfWeights ? selfWeights[v]! : 0);
  while (picks.length < k) {
    let best = -1;
    for (const v of candidates) if (!chosen[v] && (best < 0 || risGain(v) > risGain(best))) best = v;
    if (best < 0) break;
    chosen[best] = 1;
    const gain = risGain(best);
    for (let i = nodeStart[best]!; i < nodeStart[best + 1]!; i++) {
      const s = nodeSets[i]!;
      if (covered[s]) continue;
      covered[s] = 1;
      for (let j = setStart[s]!; j < setStart[s + 1]!; j++) {
        const v = members[j]!;
        if (isCandidate[v]) count[v]!--;
      }
    }
    picks.push({ node: best, gain });
  }
  return { picks, totalWeight, samples };
}

/** AUTO: predicts the cost of the first CELF pass from a small pilot and picks the estimator. */
function chooseEstimator(
  network: InfluenceNetwork,
  weights: Float64Array,
  candidates: readonly number[],
  simulations: number,
  seed: number,
): { estimator: "MC_CELF" | "RIS"; predictedLinks: number } {
  const d = ADVOCATE_DEFAULTS;
  if (candidates.length === 0) return { estimator: "MC_CELF", predictedLinks: 0 };
  const pilot = new LiveEdgeWorlds(network, weights, d.pilotWorlds, mix32(seed ^ 0x27d4eb2f));
  const step = Math.max(1, Math.floor(candidates.length / d.pilotCandidates));
  let sampled = 0;
  for (let i = 0; i < candidates.length && sampled < d.pilotCandidates; i += step, sampled++) pilot.marginalGain(candidates[i]!);
  const linksPerCascade = pilot.linksExplored / (sampled * d.pilotWorlds);
  const predictedLinks = candidates.length * simulations * Math.max(1, linksPerCascade);
  return { estimator: predictedLinks <= d.autoMonteCarloLinkBudget ? "MC_CELF" : "RIS", predictedLinks };
}

/**
 * Spread of a fixed seed set on `simulations` fresh worlds: mean and standard error.
 * With `excludeSeeds` the seeds' own weight is left out (a constant shift: the
 * standard error is unchanged).
 */
export function estimateSpread(
  network: InfluenceNetwork,
  seeds: readonly number[],
  weights: Float64Array,
  simulations: number,
  seed: number,
  excludeSeeds = false,
): { mean: number; standardError: number } {
  const worlds = new LiveEdgeWorlds(network, weights, simulations, seed);
  for (const s of seeds) worlds.addSeed(s);
  const estimate = meanAndStandardError(worlds.worldSpread);
  const own = excludeSeeds ? seeds.reduce((sum, s) => sum + weights[s]!, 0) : 0;
  return { mean: estimate.mean - own, standardError: estimate.standardError };
}

export function recommendAdvocates(network: InfluenceNetwork, query: AdvocateQuery): AdvocateRecommendation {
  const d = ADVOCATE_DEFAULTS;
  const k = requirePositiveInt(query.k, "k", d.maxK);
  const simulations = requirePositiveInt(query.simulations ?? d.simulations, "simulations", d.maxSimulations);
  const seed = requireNonNegativeInt(query.seed ?? d.seed, "seed", 2 ** 31 - 1);
  const cap = requireNonNegativeInt(query.askCapPerQuarter ?? d.askCapPerQuarter, "askCapPerQuarter", 1000);
  const objective = requireOneOf(query.objective ?? d.objective, ADVOCATE_OBJECTIVES, "objective");
  const requested = requireOneOf(query.estimator ?? d.estimator, ADVOCATE_ESTIMATORS, "estimator");
  const risSamples = requirePositiveInt(query.risSamples ?? d.risSamples, "risSamples", 10_000_000);
  const index = query.networkIndex ?? indexNodes(network);
  const { candidates, excluded } = selectCandidates(network, query, index, cap);
  const weights = nodeWeights(network, objective);

  const auto = requested === "AUTO" ? chooseEstimator(network, weights, candidates, simulations, seed) : null;
  const estimator = auto?.estimator ?? (requested as "MC_CELF" | "RIS");
  let picks: Pick[];
  let risSamplesUsed: number | null = null;
  if (estimator === "MC_CELF") {
    picks = selectByCelf(new LiveEdgeWorlds(network, weights, simulations, seed), candidates, k, weights);
  } else {
    const ris = selectByRis(network, weights, candidates, k, risSamples, seed, undefined, weights);
    picks = ris.picks;
    risSamplesUsed = ris.samples;
  }
  const estimatorReason =
    estimator === "MC_CELF"
      ? `Advocates chosen by Monte Carlo CELF on ${simulations} simulated cascades${auto ? ` (a pilot predicted ${auto.predictedLinks.toExponential(1)} link checks, within budget)` : ""}.`
      : `Advocates chosen by reverse influence sampling over ${risSamplesUsed} sets${auto ? ` (Monte Carlo CELF would check about ${auto.predictedLinks.toExponential(1)} links, over budget)` : ""}.`;
  const chosen = picks.map((p) => p.node);
  // Independent worlds for the reported figure: a different stream derived from the seed.
  const evaluation = estimateSpread(network, chosen, weights, simulations, mix32(seed ^ 0x5bd1e995), true);

  let cumulative = 0;
  const advocates: Advocate[] = picks.map((p) => {
    cumulative += p.gain;
    const accountId = network.ids[p.node]!;
    return { accountId, marginalSpread: p.gain, cumulativeSpread: cumulative, timesAsked: query.asksThisQuarter?.get(accountId) ?? 0 };
  });
  const unit = objective === "REACH" ? "accounts" : "revenue potential";
  return {
    value: evaluation.mean,
    advocates,
    objective,
    estimator,
    expectedSpread: evaluation.mean,
    standardError: evaluation.standardError,
    selectionSpread: cumulative,
    simulations,
    seed,
    risSamplesUsed,
    candidates: candidates.length,
    excludedByAskCap: excluded,
    components: [
      ...advocates.map((a, i) =>
        component(
          a.accountId,
          a.marginalSpread,
          objective === "REACH" ? "COUNT" : "CURRENCY",
          `Advocate ${i + 1}: adds about ${formatAmount(a.marginalSpread)} ${unit} reached beyond the advocates before it.`,
        ),
      ),
      component(
        "expectedSpread",
        evaluation.mean,
        objective === "REACH" ? "COUNT" : "CURRENCY",
        `Together they are expected to reach ${formatAmount(evaluation.mean)} ${unit} (± ${formatAmount(evaluation.standardError)} standard error over ${simulations} fresh simulations).`,
      ),
      component("estimator", risSamplesUsed ?? simulations, "COUNT", estimatorReason),
    ],
  };
}
