/**
 * Drives one server with one read of `npm run bench:peer` (autocannon, as `npm run load`):
 * `connections` connections for `duration` seconds, each request taking the next item of
 * the read's sequence, from its start, so both servers see the same items in the same order.
 */
import autocannon from "autocannon";
import { readCpuSeconds } from "../load-server.js";
import type { Endpoint } from "./peer-compare.js";
import type { PeerItem, PeerSide } from "./peer-queries.js";

export const PEER_LOAD_DEFAULTS = Object.freeze({
  /** Per-request timeout, seconds. */
  requestTimeoutS: 10,
});

export interface LoadRun {
  /** Mean requests per second over the run (autocannon's per-second samples). */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Socket errors, timeouts, non-2xx answers and answers with GraphQL errors. */
  errors: number;
  firstError: string | null;
  /** CPU seconds each watched process used during the run. */
  cpu: Record<string, number | null>;
}

export async function driveRead(
  endpoint: Endpoint,
  side: PeerSide,
  items: readonly PeerItem[],
  options: { connections: number; duration: number; watch: Record<string, number | null> },
): Promise<LoadRun> {
  const bodies = items.map((item) => JSON.stringify({ query: side.query, variables: side.variables(item) }));
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const before = Object.fromEntries(Object.entries(options.watch).map(([label, pid]) => [label, pid === null ? null : readCpuSeconds(pid)]));
  const result = await autocannon({
    url: endpoint.url,
    connections: options.connections,
    duration: options.duration,
    timeout: PEER_LOAD_DEFAULTS.requestTimeoutS,
    headers: endpoint.headers,
    requests: [
      {
        method: "POST",
        setupRequest(request: Record<string, unknown>) {
          return { ...request, body: bodies[next++ % bodies.length] };
        },
        onResponse(status: number, body: string) {
          if (status === 200 && !body.includes('"errors"')) return;
          errors++;
          firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
        },
      },
    ],
  });
  const cpu = Object.fromEntries(
    Object.entries(options.watch).map(([label, pid]) => {
      const now = pid === null ? null : readCpuSeconds(pid);
      const then = before[label];
      return [label, now !== null && then !== null && then !== undefined ? now - then : null];
    }),
  );
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    // autocannon's `errors` includes its timeouts.
    errors: errors + result.errors,
    firstError: firstError ?? (result.errors > 0 ? `${result.errors} socket errors (${result.timeouts} of them timeouts)` : null),
    cpu,
  };
}
