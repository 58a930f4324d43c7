/**
 * GraphQL enums of influence analytics, generated from the services' value lists so the
 * schema and the analytics registry can never disagree on what a value means.
 */
import { registerEnumType } from "type-graphql";
import { enumOf } from "./graphql-enums.js";
import { SAMPLED_BETWEENNESS, SAMPLED_HARMONIC } from "./influence-descriptions.js";
import { INFLUENCE_METRICS, PATH_MODES, TIE_TYPES } from "../services/influence-service.js";

export const InfluenceMetricEnum = enumOf(INFLUENCE_METRICS);
export const PathModeEnum = enumOf(PATH_MODES);
export const TieTypeEnum = enumOf(TIE_TYPES);

registerEnumType(InfluenceMetricEnum, {
  name: "InfluenceMetric",
  description: "A per-account influence metric. Direction: a tie A -> B means A influences / referred B.",
  valuesConfig: {
    PAGERANK: {
      description:
        "Weighted PageRank; rank flows from the influenced back to their influencer, so accounts many (important) accounts follow rank high.",
    },
    HUB: { description: "HITS hub score: refers / influences many good authorities." },
    AUTHORITY: { description: "HITS authority score: referred / influenced by many good hubs." },
    BETWEENNESS: { description: `Normalized betweenness (tie length 1/strength): brokers between groups. ${SAMPLED_BETWEENNESS}` },
    HARMONIC_CLOSENESS: { description: `Σ 1/distance (tie length 1/strength) to the accounts an account reaches. ${SAMPLED_HARMONIC}` },
    EIGENVECTOR: { description: "Eigenvector centrality; METRIC_NOT_COMPUTABLE when it does not converge (e.g. an acyclic graph)." },
    IN_DEGREE: { description: "Distinct accounts that influence or referred this one." },
    OUT_DEGREE: { description: "Distinct accounts this one influences or referred." },
    WEIGHTED_IN_DEGREE: { description: "Σ strength of incoming ties." },
    WEIGHTED_OUT_DEGREE: { description: "Σ strength of outgoing ties." },
  },
});
registerEnumType(PathModeEnum, {
  name: "PathMode",
  description: "How referralPath picks a chain.",
  valuesConfig: {
    STRONGEST: { description: "The chain with the largest product of link strengths." },
    SHORTEST: { description: "Fewest introductions; the strongest among those." },
  },
});
registerEnumType(TieTypeEnum, {
  name: "TieType",
  description: "A tie of the influence graph: a stored link, or MEMBERSHIP (implicit weak tie from a community leader to each member).",
  valuesConfig: {
    REFERRED: { description: "A stored referral link." },
    INFLUENCES: { description: "A stored influence link." },
    MEMBERSHIP: { description: "A community leader's implicit tie to a member (docs/influence.md)." },
  },
});
