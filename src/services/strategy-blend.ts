/**
 * Rankings blended in a worker thread (the Blender of strategy-population.ts): a request
 * with new weights waits for a blend instead of sorting every account on the event loop, so
 * a document asking for many weight sets slows only itself (threat 21, docs/threats.md).
 *
 * The five percentile columns of a published population are copied once into shared memory
 * (5 x 8 bytes per account) and reach the worker without a copy per blend; the answer (four
 * typed arrays, 28 bytes per account) is copied back. The pool's own queue bound and
 * deadline apply: a flood of weight sets meets ANALYTICS_BUSY, never an unbounded backlog.
 */
import { idRankOf } from "../strategy/ranking.js";
import { STRATEGIC_DIMENSIONS, type MeasuredAccounts, type StrategicDimension } from "../strategy/strategic-score.js";
import type { Blender } from "./strategy-population.js";
import type { WorkPool } from "./work-pool/work-pool.js";

/** A pool for blends alone: a blend takes milliseconds and must not queue behind Monte Carlo runs. */
export const BLEND_POOL_DEFAULTS = Object.freeze({ threads: 1, maxQueue: 32, deadlineMs: 5_000, retryAfterMs: 500 });

const shared = new WeakMap<MeasuredAccounts, Record<StrategicDimension, Float64Array>>();

function sharedPercentiles(measured: MeasuredAccounts): Record<StrategicDimension, Float64Array> {
  let columns = shared.get(measured);
  if (columns) return columns;
  const n = measured.measures.length;
  const buffer = new SharedArrayBuffer(STRATEGIC_DIMENSIONS.length * n * Float64Array.BYTES_PER_ELEMENT);
  columns = {} as Record<StrategicDimension, Float64Array>;
  STRATEGIC_DIMENSIONS.forEach((d, k) => {
    const column = new Float64Array(buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n);
    column.set(measured.percentiles[d]);
    columns![d] = column;
  });
  shared.set(measured, columns);
  return columns;
}

export function poolBlender(pool: WorkPool): Blender {
  return (measured, weights) => pool.run("blend", { percentiles: sharedPercentiles(measured), weights: { ...weights }, idRank: idRankOf(measured) });
}
