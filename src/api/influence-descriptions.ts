/**
 * Schema text for the two sampled influence metrics, shared by the InfluenceMetric enum
 * and the Influence fields. The thresholds repeat analytics DEFAULTS because the API layer
 * may not import analytics; test/docs/influence-docs.test.ts fails when they disagree.
 * The error figures were measured by bench/sampling-error.ts (docs/influence.md, §6).
 */

export const SAMPLED_BETWEENNESS =
  "Exact up to 2,500 accounts; above, estimated from 256 sampled source accounts (seed 42): measured on generated " +
  "graphs of 5,000-20,000 accounts, within ±0.02 of the exact value (mean absolute error at most 2.4e-4), so the order of the top " +
  "brokers is approximate. See docs/influence.md.";

export const SAMPLED_HARMONIC =
  "Exact up to 2,500 accounts; above, estimated from 256 sampled target accounts (seed 42): measured on generated " +
  "graphs of 5,000-20,000 accounts, typically within 3% of the exact value and within 13% for the 100 most central " +
  "accounts. Not computed above 50,000 accounts (null with METRIC_NOT_COMPUTABLE). See docs/influence.md.";
