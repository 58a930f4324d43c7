/**
 * Weighted PageRank, solved component by component over the CSR view (see Solver).
 *
 * Source: L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank citation ranking:
 * Bringing order to the Web", Stanford InfoLab, 1999; same fixed point as networkx
 * `pagerank` and igraph's PRPACK: each arc carries weight / (sender's total weight), a
 * dangling node (total weight 0) spreads its rank like the teleport vector — uniformly, or
 * by the personalization when one is given, as networkx does with `dangling=None`.
 *
 * Direction: an edge A -> B means A influences B. With the default flow TO_INFLUENCER
 * rank travels B -> A, like citations: an account that many well-ranked accounts follow
 * ranks high ("influential"). This equals networkx `pagerank(G.reverse())`. Flow
 * TO_INFLUENCED gives networkx `pagerank(G)`.
 *
 * Solver: PageRank whose dangling accounts spread their rank like the teleport vector is
 * the linear system (I − α·P) y = t, scaled to sum 1 (P without the dangling columns; e.g.
 * A. Langville, C. Meyer, "Deeper inside PageRank", Internet Math. 1(3), 2004, §5). That
 * system is block-triangular over the strongly connected components of the ties, so it is
 * solved one component at a time in dependency order (kernels/strong-components.ts),
 * Gauss–Seidel inside each (A. Arasu, J. Novak, A. Tomkins, J. Tomlin, "PageRank
 * computation and the structure of the web", WWW 2002) — the "SCC + Gauss–Seidel" method
 * of PRPACK (D. Gleich et al.), igraph's default. An account outside every cycle costs one
 * pass over its ties instead of one per sweep: on the 200,000-account benchmark graph
 * 53,000 accounts and a quarter of the ties form the one big component, and the solve reads
 * about a third of the ties a global sweep would. It is closed by one power step of the
 * full system, which gives accounts with identical ties bit-identical scores (in-place
 * sweeps would not: an account swept later sees fresher values). On big graphs a solve
 * starts from the previous revision's solution (warm-start.ts), so a patched graph
 * converges in a fraction of the sweeps.
 *
 * Convergence: each component stops when its L1 change is at most `tolerance` times its
 * share of the total, so Σ|x(t+1) − x(t)| ≤ tolerance on the scores, which sum to 1.
 * graphology-metrics and networkx compare against N·tolerance instead, which under-
 * converges on big graphs (3 iterations and 92% error at 200k nodes with 1e-6: see
 * docs/influence.md, "Why the kernels are our own").
 * At the default 1e-10 the result matches igraph's PRPACK to ~1e-8 relative on the
 * 200k-account benchmark graph.
 *
 * Cost: O(E) for the components plus O(E_c) per sweep of each component c with a cycle, no
 * allocation per sweep; the transition (one coefficient per arc) and the components are
 * built once per CSR revision and flow (O(V + E)), or on big graphs patched from the
 * previous revision's (see transitionOf). No graph index is rebuilt per call.
 */
import { MetricNotComputableError, NotFoundError, ValidationError } from "../../domain/errors.js";
import { csrOf, type ArcChanges, type Csr } from "../csr.js";
import type { Projection } from "../projection.js";
import { derivedStructure } from "../csr-derived.js";
import { componentSystem, solveComponents, type ComponentSystem } from "../kernels/component-system.js";
import { patchComponentSystem, type PullArcEdits } from "../kernels/component-system-patch.js";
import { pageRankStep, scale, sum } from "../kernels/sparse-products.js";
import { strongComponents } from "../kernels/strong-components.js";
import { requireIterationOptions, requireWarmStartOptions, type IterationOptions, type WarmStartOptions } from "./iteration-options.js";
import type { InfluenceFlow, NodeScores } from "./node-scores.js";
import { DEFAULT_WARM_START_MIN_NODES, keepWarmStart, warmStart } from "./warm-start.js";

export interface PageRankOptions extends IterationOptions, WarmStartOptions {
  /** Damping: probability of following a tie rather than teleporting. */
  alpha: number;
  flow: InfluenceFlow;
  /** Use tie strengths (true) or count every tie as 1. */
  weighted: boolean;
  /** Teleport and dangling distribution over account ids (normalised); null = uniform. */
  personalization: ReadonlyMap<string, number> | null;
}

export const DEFAULTS: Readonly<PageRankOptions> = Object.freeze({
  alpha: 0.85,
  tolerance: 1e-10,
  maxIterations: 1000,
  flow: "TO_INFLUENCER",
  weighted: true,
  personalization: null,
  warmStartMinNodes: DEFAULT_WARM_START_MIN_NODES,
});

export interface PageRankResult extends NodeScores {
  /** Sweeps, the closing power step included. */
  iterations: number;
  /** L1 change of the last sweep (below the tolerance). */
  residual: number;
}

export function computePageRank(projection: Projection, options: Partial<PageRankOptions> = {}): PageRankResult {
  const resolved = resolvePageRankOptions(options);
  const csr = csrOf(projection);
  const n = csr.order;
  if (n === 0) return { ids: csr.ids, values: new Float64Array(0), iterations: 0, residual: 0 };
  const teleport = resolved.personalization === null ? new Float64Array(n).fill(1 / n) : personalizationVector(csr, resolved.personalization);
  const transition = transitionOf(csr, resolved);
  // A personalised solve depends on its seeds: never warm-started from, nor kept.
  const warmKey = resolved.personalization === null ? `pagerank-linear:${resolved.flow}:${resolved.weighted}:${resolved.alpha}` : null;
  const { alpha, tolerance, maxIterations, warmStartMinNodes } = resolved;

  // Solved by position (component order); warm: the previous revision's solution of the
  // linear form (unscaled, by account), carried by id.
  const warm = warmKey ? warmStart(projection, csr, warmKey, warmStartMinNodes) : null;
  const { accountAt } = transition.system;
  const t = new Float64Array(n);
  const y = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    t[p] = teleport[accountAt[p]!]!;
    y[p] = warm ? warm[accountAt[p]!]! : t[p]!;
  }
  const solve = solveComponents(transition.system, y, t, alpha, tolerance, maxIterations - 1);
  if (!solve.converged) {
    throw new MetricNotComputableError(`PageRank: no convergence to ${tolerance} within ${maxIterations} iterations`);
  }
  const mass = sum(y);
  const x = new Float64Array(n);
  for (let p = 0; p < n; p++) x[accountAt[p]!] = y[p]!;
  if (warmKey) keepWarmStart(projection, csr, warmKey, x, warmStartMinNodes);
  scale(x, 1 / mass);
  // One power step of the full system from the solution, over the rows in account order:
  // accounts with identical ties get bit-identical scores, whatever components they are in.
  const next = new Float64Array(n);
  const { offsets, neighbors, weights, senderTotal, danglingIndices } = transition;
  pageRankStep(offsets, neighbors, weights, senderTotal, x, next, teleport, danglingIndices, alpha);
  scale(next, 1 / sum(next));
  return { ids: csr.ids, values: next, iterations: solve.sweeps + 1, residual: solve.change / mass };
}

function resolvePageRankOptions(options: Partial<PageRankOptions>): PageRankOptions {
  const resolved = { ...DEFAULTS, ...options };
  requireIterationOptions(resolved);
  requireWarmStartOptions(resolved);
  if (!(resolved.alpha > 0 && resolved.alpha < 1)) {
    throw new ValidationError("options.alpha must be strictly between 0 and 1", "options.alpha");
  }
  return resolved;
}

interface Transition {
  /** The pull rows: score(v) gathers from the accounts in row v. */
  offsets: Int32Array;
  neighbors: Int32Array;
  /** Null: unweighted, every tie counts 1. */
  weights: Float64Array | null;
  /** What each sender shares out (its weighted degree in the sending direction; 0: dangling). */
  senderTotal: Float64Array;
  danglingIndices: Int32Array;
  /** The rows by strongly connected component, for the solve (kernels/component-system.ts). */
  system: ComponentSystem;
  /** Patches the system went through since its components were found afresh. */
  patches: number;
}

/**
 * A patched system is rebuilt from scratch after this many patches: removed ties can leave
 * components that are no longer strongly connected (still solved exactly, just swept as
 * one), and a fresh build is ~100 ms at 200,000 accounts.
 */
const FRESH_SYSTEM_AFTER_PATCHES = 32;

/**
 * The pull form of the transition: score(v) gathers x[u]·weight / total[u] over the rows of
 * v. Flow TO_INFLUENCER pulls over out-rows (v gets rank from those it influences), each
 * sender u sharing its rank by u's weighted in-degree; TO_INFLUENCED is the transpose.
 * Built once per CSR revision and flow. On a patched CSR of `warmStartMinNodes` accounts or
 * more, the component system is patched from the previous revision's
 * (kernels/component-system-patch.ts) instead of found again; below that every revision
 * gets a fresh one, so its scores do not depend on the order of past writes (warm-start.ts).
 */
function transitionOf(csr: Csr, options: PageRankOptions): Transition {
  return derivedStructure<Transition>(csr, `pagerank:${options.flow}:${options.weighted}`, (inherited) => {
    const toInfluencer = options.flow === "TO_INFLUENCER";
    // Read once: `order` is a getter, and the loops below run before the JIT has warmed
    // them up the first time a patched CSR is solved (a CPU profile of that first call at L
    // put ~14 ms of its ~280 ms in this getter).
    const n = csr.order;
    const offsets = toInfluencer ? csr.outOffsets : csr.inOffsets;
    const neighbors = toInfluencer ? csr.outTargets : csr.inSources;
    const weights = options.weighted ? (toInfluencer ? csr.outWeights : csr.inWeights) : null;
    const senders = {
      offsets: toInfluencer ? csr.inOffsets : csr.outOffsets,
      neighbors: toInfluencer ? csr.inSources : csr.outTargets,
      weights: options.weighted ? (toInfluencer ? csr.inWeights : csr.outWeights) : null,
      total: options.weighted ? (toInfluencer ? csr.inWeightSums : csr.outWeightSums) : new Float64Array(n),
    };
    if (!options.weighted) for (let u = 0; u < n; u++) senders.total[u] = senders.offsets[u + 1]! - senders.offsets[u]!;
    const danglingList: number[] = [];
    for (let u = 0; u < n; u++) if (!(senders.total[u]! > 0)) danglingList.push(u);
    const patchable = inherited !== null && n >= options.warmStartMinNodes && inherited.structure.patches < FRESH_SYSTEM_AFTER_PATCHES;
    const patched = patchable
      ? patchComponentSystem(
          inherited.structure.system,
          inherited.changes.map((changes) => pullEdits(changes, toInfluencer)),
          senders,
        )
      : null;
    return {
      offsets,
      neighbors,
      weights,
      senderTotal: senders.total,
      danglingIndices: Int32Array.from(danglingList),
      system: patched ?? componentSystem(offsets, neighbors, weights, senders.total, strongComponents(offsets, neighbors)),
      patches: patched ? inherited!.structure.patches + 1 : 0,
    };
  });
}

/** A CSR patch's arc changes as edits of the pull rows (removed where the weight is NaN). */
function pullEdits(changes: ArcChanges, toInfluencer: boolean): PullArcEdits {
  return {
    count: changes.count,
    rows: toInfluencer ? changes.from : changes.to,
    cols: toInfluencer ? changes.to : changes.from,
    present: Uint8Array.from(changes.weight, (weight) => (Number.isNaN(weight) ? 0 : 1)),
  };
}

function personalizationVector(csr: Csr, personalization: ReadonlyMap<string, number>): Float64Array {
  const vector = new Float64Array(csr.order);
  let total = 0;
  for (const [id, weight] of personalization) {
    const index = csr.indexOf.get(id);
    if (index === undefined) throw new NotFoundError("Account", id, "options.personalization");
    if (!Number.isFinite(weight) || weight < 0) {
      throw new ValidationError("options.personalization weights must be finite and non-negative", "options.personalization");
    }
    vector[index]! += weight;
    total += weight;
  }
  if (!(total > 0)) {
    throw new ValidationError("options.personalization must give some account a positive weight", "options.personalization");
  }
  for (let i = 0; i < vector.length; i++) vector[i]! /= total;
  return vector;
}
