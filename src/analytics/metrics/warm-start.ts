/**
 * Warm starts for the power-iteration metrics (PageRank, HITS, eigenvector): the last
 * converged vector of each metric (and option set) is kept per projection, and the next
 * solve after a patch starts from it instead of from the uniform vector. One new link
 * moves the fixed point a little, so the solve needs a fraction of the iterations; the
 * answer is the same fixed point to within the tolerance.
 *
 * Only on graphs of `minNodes` accounts or more (the metrics' `warmStartMinNodes`,
 * default 50,000): below that a cold solve costs milliseconds, and starting every solve
 * from the same uniform vector means two processes holding the same graph publish
 * bit-identical scores whatever writes each of them saw (tests compare API instances
 * exactly). Above it the scores of a patched and a reloaded projection agree to within
 * the tolerance instead.
 *
 * A kept vector follows the accounts: appended accounts get the mean value, and after a
 * renumbering (accounts removed: a new projection epoch) values are carried by id.
 */
import type { Csr } from "../csr.js";
import type { Projection } from "../projection.js";

export const DEFAULT_WARM_START_MIN_NODES = 50_000;

interface Kept {
  vector: Float64Array;
  ids: readonly string[];
  epoch: number;
}

const kept = new WeakMap<Projection, Map<string, Kept>>();

/** The last vector kept under `key`, aligned with the current CSR; null when none or below the size floor. */
export function warmStart(projection: Projection, csr: Csr, key: string, minNodes: number): Float64Array | null {
  if (csr.order < minNodes) return null;
  const entry = kept.get(projection)?.get(key);
  if (!entry) return null;
  const n = csr.order;
  const start = new Float64Array(n);
  if (entry.ids === csr.ids) {
    start.set(entry.vector);
    return start;
  }
  let sum = 0;
  for (let i = 0; i < entry.vector.length; i++) sum += entry.vector[i]!;
  const mean = entry.vector.length > 0 ? sum / entry.vector.length : 1 / n;
  if (entry.epoch === projection.epoch && entry.vector.length <= n) {
    // Same numbering, accounts appended since.
    start.set(entry.vector);
    start.fill(mean, entry.vector.length);
    return start;
  }
  start.fill(mean);
  entry.ids.forEach((id, old) => {
    const now = csr.indexOf.get(id);
    if (now !== undefined && now < n) start[now] = entry.vector[old]!;
  });
  return start;
}

/** Keeps a copy of `vector` as the warm start under `key` (a copy: results are transferred out of the worker). */
export function keepWarmStart(projection: Projection, csr: Csr, key: string, vector: Float64Array, minNodes: number): void {
  if (csr.order < minNodes) return;
  let byKey = kept.get(projection);
  if (!byKey) kept.set(projection, (byKey = new Map()));
  byKey.set(key, { vector: vector.slice(), ids: csr.ids, epoch: projection.epoch });
}
