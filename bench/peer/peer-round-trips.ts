/**
 * Round trips to the store per request, as our server counts them: with BENCH_COUNTERS=1 it
 * counts every Cypher query its Neo4j store sends, by operation
 * (src/store/neo4j/neo4j-query-counter.ts), served at /internal/store-queries.
 *
 * Requests run one after another; then the same time passes with no request, and the
 * queries of that idle window (our read model polls the change feed every 250 ms) are
 * subtracted, operation by operation.
 *
 * (Neo4j's own query collector, `db.stats.retrieve('QUERIES')`, was tried as a count for
 * both servers: its invocationCount is the invocations it still holds, which goes down as it
 * drops old ones, so it cannot be differenced.)
 */
import type { Endpoint } from "./peer-compare.js";
import { fetchRows } from "./peer-compare.js";
import type { PeerItem, PeerSide } from "./peer-queries.js";

/** Queries so far, by operation. */
export type CountSource = () => Promise<Record<string, number>>;

export interface RoundTrips {
  /** Store queries per request, all operations together. */
  perRequest: number;
  /** Per request by operation, those at or above 0.01. */
  byOperation: Record<string, number>;
}

/** Our server's own counter (BENCH_COUNTERS=1). */
export function serverCounter(endpoint: Endpoint, path: string): CountSource {
  return async () => {
    const response = await fetch(new URL(path, endpoint.url), { headers: endpoint.headers });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: is BENCH_COUNTERS=1 set?`);
    return (await response.json()) as Record<string, number>;
  };
}

/** `requests` sequential requests of `side` over the first items, then an idle window as long; the difference per request. */
export async function measureRoundTrips(
  endpoint: Endpoint,
  side: PeerSide,
  items: readonly PeerItem[],
  requests: number,
  counts: CountSource,
): Promise<RoundTrips> {
  const start = await counts();
  const started = performance.now();
  for (let i = 0; i < requests; i++) await fetchRows(endpoint, side, items[i % items.length]!);
  const busyMs = performance.now() - started;
  const busy = difference(await counts(), start);
  const idleStart = await counts();
  const idleStarted = performance.now();
  await new Promise((resolve) => setTimeout(resolve, busyMs));
  const idle = difference(await counts(), idleStart);
  const idleMs = performance.now() - idleStarted;

  const byOperation: Record<string, number> = {};
  let perRequest = 0;
  for (const operation of new Set([...Object.keys(busy), ...Object.keys(idle)])) {
    const value = ((busy[operation] ?? 0) - ((idle[operation] ?? 0) * busyMs) / idleMs) / requests;
    perRequest += value;
    if (value >= 0.01) byOperation[operation] = Math.round(value * 100) / 100;
  }
  return { perRequest: Math.max(0, Math.round(perRequest * 100) / 100), byOperation };
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([key, n]) => [key, n - (before[key] ?? 0)]));
}
