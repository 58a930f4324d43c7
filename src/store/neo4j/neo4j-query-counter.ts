/**
 * Opt-in count of the Cypher queries this process sends to Neo4j, by store operation (the
 * executor's operation name: `engagementsOfAccounts`, `changesSince`, …). Benchmarks read it
 * to state how many round trips to the store a request costs (BENCH_COUNTERS=1 in main.ts,
 * read by bench/peer-bench.ts).
 *
 * A query is what a request waits for: the executor runs a unit of work's queries one after
 * another, and the driver sends a transaction's BEGIN together with its first query. (Each
 * transaction's COMMIT is one more exchange, the same for every client of the driver.)
 * Counting is a Map increment per query, hooked in through the executor's QueryObserver.
 */
import type { QueryObserver } from "./neo4j-executor.js";

/** Queries sent so far, by operation. */
export type QueryCounts = Readonly<Record<string, number>>;

export class Neo4jQueryCounter {
  readonly #byOperation = new Map<string, number>();

  /** Pass as the store's `onQuery`. */
  readonly observe: QueryObserver = ({ operation }) => {
    this.#byOperation.set(operation, (this.#byOperation.get(operation) ?? 0) + 1);
  };

  /** A copy: later queries do not change it, so two snapshots give the queries in between. */
  snapshot(): QueryCounts {
    return Object.freeze(Object.fromEntries(this.#byOperation));
  }
}
