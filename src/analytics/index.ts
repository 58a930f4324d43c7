/**
 * The analytics entry point: projection, CSR view, and the metric registry the analytics
 * engine (worker thread, cache per graph version) calls by name. Every registered metric
 * is pure, synchronous and data-only: (projection, options) -> NodeScores, where
 * `values[i]` scores `ids[i]` in the CSR order of the projection revision. Failures are
 * DomainErrors (BAD_USER_INPUT for options, METRIC_NOT_COMPUTABLE when a metric has no
 * answer on this graph). Personalized PageRank is on demand only: its answer depends on
 * the seeds, so it is not cached per graph version.
 */
import type { Projection } from "./projection.js";
import { betweennessInSteps, computeBetweenness, DEFAULTS as BETWEENNESS_DEFAULTS, type BetweennessOptions } from "./metrics/betweenness.js";
import { computeInDegree, computeOutDegree, computeWeightedInDegree, computeWeightedOutDegree } from "./metrics/degree.js";
import { computeEigenvector, type EigenvectorOptions } from "./metrics/eigenvector.js";
import {
  computeHarmonicCloseness,
  harmonicClosenessInSteps,
  DEFAULTS as HARMONIC_DEFAULTS,
  type HarmonicClosenessOptions,
} from "./metrics/harmonic-closeness.js";
import { computeHits, type HitsOptions } from "./metrics/hits.js";
import type { NodeScores } from "./metrics/node-scores.js";
import { computePageRank, type PageRankOptions } from "./metrics/pagerank.js";

export {
  applyGraphPatch,
  buildProjection,
  createEmptyProjection,
  projectionFromColumns,
  DEFAULTS as PROJECTION_DEFAULTS,
  membershipTieKey,
  TIE_TYPES,
  type AccountNodeAttributes,
  type CommunityRoster,
  type GraphPatch,
  type InfluenceEdgeAttributes,
  type InfluenceGraph,
  type Projection,
  type ProjectionOptions,
  type TieType,
} from "./projection.js";
export { buildCsr, csrOf, CSR_VIEWS, type Csr, type CsrViewName } from "./csr.js";
export {
  columnsFromChunks,
  columnsTransferList,
  GraphColumnsBuilder,
  requireValidColumns,
  type AccountColumns,
  type GraphColumns,
  type LinkColumns,
  type MembershipColumns,
} from "./graph-columns.js";
export { toScoreMap, type InfluenceFlow, type NodeScores } from "./metrics/node-scores.js";
export { computePageRank, type PageRankOptions, type PageRankResult } from "./metrics/pagerank.js";
export { computePersonalizedPageRank, type PersonalizedPageRankOptions } from "./metrics/personalized-pagerank.js";
export { computeHits, type HitsOptions, type HitsResult } from "./metrics/hits.js";
export { computeBetweenness, type BetweennessOptions, type BetweennessResult } from "./metrics/betweenness.js";
export { computeHarmonicCloseness, type HarmonicClosenessOptions } from "./metrics/harmonic-closeness.js";
export { computeEigenvector, type EigenvectorOptions } from "./metrics/eigenvector.js";
export { computeInDegree, computeOutDegree, computeWeightedInDegree, computeWeightedOutDegree } from "./metrics/degree.js";
export { detectCommunities, computeModularity, louvainInSteps, type LouvainOptions, type LouvainResult } from "./metrics/louvain.js";
export { findKeystones, type KeystoneResult } from "./metrics/keystones.js";
export { computeReach, MAX_HOPS, type ReachOptions, type ReachResult } from "./metrics/reach.js";
export { findShortestReferralPath, findStrongestReferralPath, type ReferralPath, type ReferralStep } from "./metrics/referral-paths.js";

/** Metric options by name; each is optional and defaults to that module's DEFAULTS. */
export interface MetricOptions {
  PAGERANK: Partial<Omit<PageRankOptions, "personalization">>;
  HUB: Partial<HitsOptions>;
  AUTHORITY: Partial<HitsOptions>;
  BETWEENNESS: Partial<BetweennessOptions>;
  HARMONIC_CLOSENESS: Partial<HarmonicClosenessOptions>;
  EIGENVECTOR: Partial<EigenvectorOptions>;
  IN_DEGREE: Record<string, never>;
  OUT_DEGREE: Record<string, never>;
  WEIGHTED_IN_DEGREE: Record<string, never>;
  WEIGHTED_OUT_DEGREE: Record<string, never>;
}

export type MetricName = keyof MetricOptions;

export interface MetricDefinition<Name extends MetricName = MetricName> {
  name: Name;
  description: string;
  /** Asymptotic cost, for the engine's scheduling and the docs. */
  cost: string;
  /** Worth running off the request path on big graphs. */
  heavy: boolean;
  compute(projection: Projection, options?: MetricOptions[Name]): NodeScores;
  /** The same computation yielding between parts, for metrics that take seconds in one piece (one source per part or more). */
  computeInSteps?(projection: Projection, options?: MetricOptions[Name]): Generator<void, NodeScores>;
}

type MetricRegistry = { readonly [Name in MetricName]: MetricDefinition<Name> };

export const METRICS: MetricRegistry = Object.freeze({
  PAGERANK: {
    name: "PAGERANK",
    description: "Weighted PageRank with rank flowing from the influenced to their influencer",
    cost: "O(E) per iteration",
    heavy: true,
    compute: (projection, options) => computePageRank(projection, { ...options, personalization: null }),
  },
  HUB: {
    name: "HUB",
    description: "HITS hub score: refers / influences many good authorities",
    cost: "O(E) per iteration",
    heavy: true,
    compute: (projection, options) => computeHits(projection, options).hubs,
  },
  AUTHORITY: {
    name: "AUTHORITY",
    description: "HITS authority score: referred / influenced by many good hubs",
    cost: "O(E) per iteration",
    heavy: true,
    compute: (projection, options) => computeHits(projection, options).authorities,
  },
  BETWEENNESS: {
    name: "BETWEENNESS",
    description:
      "Normalized betweenness, lengths 1/strength; exact up to " +
      `${BETWEENNESS_DEFAULTS.exactMaxNodes} accounts, ${BETWEENNESS_DEFAULTS.pivots} sampled pivots above`,
    cost: "O(V·E log V) exact, O(k·E log V) sampled",
    heavy: true,
    compute: (projection, options) => computeBetweenness(projection, options),
    computeInSteps: (projection, options) => betweennessInSteps(projection, options),
  },
  HARMONIC_CLOSENESS: {
    name: "HARMONIC_CLOSENESS",
    description:
      "Σ 1/distance to the accounts reached, lengths 1/strength; " +
      `${HARMONIC_DEFAULTS.pivots} sampled targets above ${HARMONIC_DEFAULTS.exactMaxNodes} accounts`,
    cost: "O(V·E log V) exact, O(k·E log V) sampled",
    heavy: true,
    compute: (projection, options) => computeHarmonicCloseness(projection, options),
    computeInSteps: (projection, options) => harmonicClosenessInSteps(projection, options),
  },
  EIGENVECTOR: {
    name: "EIGENVECTOR",
    description: "Eigenvector centrality (unit length); METRIC_NOT_COMPUTABLE when it does not converge",
    cost: "O(E) per iteration",
    heavy: true,
    compute: (projection, options) => computeEigenvector(projection, options),
  },
  IN_DEGREE: {
    name: "IN_DEGREE",
    description: "Distinct accounts that influence or referred this one",
    cost: "O(V)",
    heavy: false,
    compute: (projection) => computeInDegree(projection),
  },
  OUT_DEGREE: {
    name: "OUT_DEGREE",
    description: "Distinct accounts this one influences or referred",
    cost: "O(V)",
    heavy: false,
    compute: (projection) => computeOutDegree(projection),
  },
  WEIGHTED_IN_DEGREE: {
    name: "WEIGHTED_IN_DEGREE",
    description: "Σ strength of incoming ties",
    cost: "O(V)",
    heavy: false,
    compute: (projection) => computeWeightedInDegree(projection),
  },
  WEIGHTED_OUT_DEGREE: {
    name: "WEIGHTED_OUT_DEGREE",
    description: "Σ strength of outgoing ties",
    cost: "O(V)",
    heavy: false,
    compute: (projection) => computeWeightedOutDegree(projection),
  },
});

export const METRIC_NAMES = Object.freeze(Object.keys(METRICS) as MetricName[]);

/** Metrics computed per request from caller input, never cached per graph version. */
export const ON_DEMAND_METRICS = Object.freeze(["PERSONALIZED_PAGERANK"] as const);

export function isMetricName(value: string): value is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, value);
}
