/**
 * The only place that opens Neo4j sessions (after @neo4j/graphql's `classes/Executor.ts`).
 *
 * Every unit of work runs in a managed transaction (`session.executeRead/executeWrite`),
 * so the driver retries it on transient failures (deadlock, leader switch) for at most
 * `maxTransactionRetryTimeMs`; work functions must therefore be free of side effects
 * outside the transaction (ids and timestamps are computed before calling in).
 * The driver retries a unit of work also when the connection drops after COMMIT was
 * sent, so a write that did commit may run again: each run is told its `attempt`, and
 * create-style writes use it to answer with their own earlier record (neo4j-store.ts).
 * Each transaction carries a timeout and metadata `{ app, operation }`, which shows up
 * in `SHOW TRANSACTIONS` and the query log. Sessions are closed in `finally`. All
 * sessions share one bookmark manager, so on a cluster a read sees this process's
 * earlier writes (causal consistency) even when it is routed to another member.
 *
 * Driver errors are translated here, once: an unreachable or unavailable database ->
 * StoreUnavailableError; a uniqueness constraint violation -> ConflictError (a race the
 * adapter's own in-transaction checks could not see); DomainErrors thrown by the work
 * pass through; anything else is rethrown unchanged for the API to mask and log.
 */
import neo4j, { Neo4jError, type BookmarkManager, type Driver, type ManagedTransaction, type Record as Neo4jRecord } from "neo4j-driver";
import { ConflictError, DomainError, StoreUnavailableError } from "../../domain/errors.js";

/** What a unit of work sees: run one constant query with parameters, get its records. */
export interface CypherRunner {
  run(cypher: string, params?: Record<string, unknown>): Promise<Neo4jRecord[]>;
  /**
   * 1 on the first run of the unit of work, 2, 3… when the driver retries it. A retried
   * write may find its own earlier attempt committed: the driver also retries when a
   * commit's acknowledgement was lost, without knowing whether the commit landed.
   */
  readonly attempt: number;
}

/** Called before each query runs; used by tests to prove values never enter Cypher text. */
export type QueryObserver = (event: { operation: string; cypher: string; params: Record<string, unknown> }) => void;

export interface Neo4jConnectionOptions {
  uri: string;
  user: string;
  password: string;
  /** Database name; the server default when absent. */
  database?: string;
  /** Upper bound on the driver's retries of one managed transaction. */
  maxTransactionRetryTimeMs?: number;
  /** TCP connect timeout, and (doubled) the wait for a pooled connection. */
  connectionTimeoutMs?: number;
  /** Server-side timeout of each transaction. */
  transactionTimeoutMs?: number;
  onQuery?: QueryObserver;
}

/**
 * A few seconds each: when Neo4j is down a request should fail fast with
 * STORE_UNAVAILABLE instead of hanging for the driver's 30 s / 60 s defaults.
 */
export const EXECUTOR_DEFAULTS = {
  maxTransactionRetryTimeMs: 3_000,
  connectionTimeoutMs: 3_000,
  transactionTimeoutMs: 15_000,
  maxConnectionPoolSize: 50,
  app: "accountgraph",
} as const;

/** Server codes meaning "the database cannot answer now" (besides the driver's own). */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  neo4j.error.SERVICE_UNAVAILABLE,
  neo4j.error.SESSION_EXPIRED,
  "Neo.TransientError.General.DatabaseUnavailable",
  "Neo.ClientError.Database.DatabaseNotFound",
]);
const CONSTRAINT_VIOLATION = "Neo.ClientError.Schema.ConstraintValidationFailed";
/** Socket-level failures that can surface without a Neo4j code. */
const SOCKET_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ETIMEDOUT", "ENOTFOUND"]);

export function createNeo4jDriver(options: Neo4jConnectionOptions): Driver {
  const connectionTimeout = options.connectionTimeoutMs ?? EXECUTOR_DEFAULTS.connectionTimeoutMs;
  return neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
    maxTransactionRetryTime: options.maxTransactionRetryTimeMs ?? EXECUTOR_DEFAULTS.maxTransactionRetryTimeMs,
    connectionTimeout,
    // Must exceed connectionTimeout, or a slow connect is reported as pool exhaustion.
    connectionAcquisitionTimeout: connectionTimeout * 2,
    maxConnectionPoolSize: EXECUTOR_DEFAULTS.maxConnectionPoolSize,
    // Integers stay lossless on the wire; neo4j-mapping.ts converts them at the edge.
    disableLosslessIntegers: false,
    useBigInt: false,
  });
}

export class Neo4jExecutor {
  private readonly transactionTimeoutMs: number;
  private readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();

  constructor(
    private readonly driver: Driver,
    private readonly options: { database?: string; transactionTimeoutMs?: number; onQuery?: QueryObserver } = {},
  ) {
    this.transactionTimeoutMs = options.transactionTimeoutMs ?? EXECUTOR_DEFAULTS.transactionTimeoutMs;
  }

  read<T>(operation: string, work: (q: CypherRunner) => Promise<T>, opts: { timeoutMs?: number } = {}): Promise<T> {
    return this.execute("READ", operation, work, opts.timeoutMs);
  }

  write<T>(operation: string, work: (q: CypherRunner) => Promise<T>, opts: { timeoutMs?: number } = {}): Promise<T> {
    return this.execute("WRITE", operation, work, opts.timeoutMs);
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async execute<T>(
    mode: "READ" | "WRITE",
    operation: string,
    work: (q: CypherRunner) => Promise<T>,
    timeoutMs: number | undefined,
  ): Promise<T> {
    let session;
    try {
      session = this.driver.session({
        defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
        bookmarkManager: this.bookmarks,
        ...(this.options.database ? { database: this.options.database } : {}),
      });
      const config = {
        timeout: timeoutMs ?? this.transactionTimeoutMs,
        metadata: { app: EXECUTOR_DEFAULTS.app, operation },
      };
      let attempt = 0;
      const unit = (tx: ManagedTransaction) => work(this.runnerFor(tx, operation, ++attempt));
      return mode === "READ" ? await session.executeRead(unit, config) : await session.executeWrite(unit, config);
    } catch (error) {
      throw translateNeo4jError(error, operation);
    } finally {
      // Closing can itself fail on a dead connection; the original error matters more.
      await session?.close().catch(() => undefined);
    }
  }

  private runnerFor(tx: ManagedTransaction, operation: string, attempt: number): CypherRunner {
    const onQuery = this.options.onQuery;
    return {
      attempt,
      async run(cypher, params = {}) {
        onQuery?.({ operation, cypher, params });
        const result = await tx.run(cypher, params);
        return result.records;
      },
    };
  }
}

/** Keeps the driver error for logs without exposing it through enumeration (or the API). */
function withCause<E extends DomainError>(error: E, cause: unknown): E {
  Object.defineProperty(error, "cause", { value: cause, enumerable: false });
  return error;
}

/** Maps a driver failure to a DomainError where the caller can act on it; otherwise returns it unchanged. */
export function translateNeo4jError(error: unknown, operation: string): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof Neo4jError) {
    if (UNAVAILABLE_CODES.has(error.code) || error.message.startsWith("Connection acquisition timed out")) {
      return withCause(new StoreUnavailableError(`Neo4j is unavailable (${operation}): ${error.code}`), error);
    }
    if (error.code === CONSTRAINT_VIOLATION) {
      return withCause(new ConflictError(`${operation} conflicts with existing data`), error);
    }
    return error;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && SOCKET_CODES.has(code)) {
    return withCause(new StoreUnavailableError(`Neo4j is unavailable (${operation}): ${code}`), error);
  }
  return error;
}
