/**
 * Which Neo4j a test talks to, from what test/setup/global-neo4j.ts provided.
 *
 * Each vitest worker (VITEST_POOL_ID, 1-based) owns two local instances: its ordinary one
 * (1..W) and its fault one (W+1..2W), where W is the number of worker slots global setup
 * started for. Files in one worker run one after another, so nothing running in parallel ever
 * shares a database, and a fault test stopping its instance cannot disturb another file.
 * When setup could not start Neo4j, every accessor throws its message: the test fails, it is
 * never silently skipped.
 */
import neo4j from "neo4j-driver";
import { inject } from "vitest";
import { controlNeo4j } from "../../scripts/neo4j/neo4j-process.js";

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
}

export interface Neo4jFaultConnection extends Neo4jConnection {
  /** Shuts the whole DBMS down: its Bolt port closes until startDatabase(). */
  stopDatabase(): Promise<void>;
  /** Starts it again on the same store and port; data written before the stop is still there. */
  startDatabase(): Promise<void>;
}

export const NEO4J_TEST_DEFAULTS = {
  /** Short driver timeouts: a test should fail fast, not wait out the driver's 30 s retries. */
  connectionTimeoutMs: 5_000,
  maxTransactionRetryTimeMs: 2_000,
} as const;

/** The Neo4j this worker owns. */
export function neo4jTestConnection(): Neo4jConnection {
  const uris = providedUris();
  if (uris.length === 1) return credentials(uris[0]!);
  return credentials(requireUri(uris, workerSlot() + 1));
}

/** The instance reserved for fault tests, with controls to stop and restart it. */
export function neo4jFaultConnection(): Neo4jFaultConnection {
  const uris = providedUris();
  const controlPort = inject("neo4jControlPort");
  if (controlPort === null) {
    throw new Error(
      "neo4jFaultConnection: fault tests need the local Neo4j launcher (they stop and restart a database); " +
        "they cannot run against an external NEO4J_URI — unset NEO4J_URI to run them",
    );
  }
  const instance = inject("neo4jWorkerSlots") + workerSlot() + 1;
  const uri = requireUri(uris, instance);
  return {
    ...credentials(uri),
    async stopDatabase() {
      await controlNeo4j(controlPort, `stop ${instance}`);
    },
    async startDatabase() {
      await controlNeo4j(controlPort, `start ${instance}`);
    },
  };
}

/**
 * Empties a database: every node and relationship, in batches so a big graph cannot exhaust
 * transaction memory. Constraints and indexes stay, so a store's schema survives the reset.
 */
export async function resetNeo4jDatabase(uri: string, auth: Omit<Neo4jConnection, "uri"> = credentials(uri)): Promise<void> {
  const driver = openTestDriver({ uri, ...auth });
  const session = driver.session();
  try {
    // CALL { } IN TRANSACTIONS only runs in an auto-commit transaction, hence session.run.
    await session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS");
  } finally {
    await session.close();
    await driver.close();
  }
}

/** A neo4j-driver instance with test-friendly timeouts. The caller closes it. */
export function openTestDriver(connection: Neo4jConnection): ReturnType<typeof neo4j.driver> {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    connectionTimeout: NEO4J_TEST_DEFAULTS.connectionTimeoutMs,
    connectionAcquisitionTimeout: NEO4J_TEST_DEFAULTS.connectionTimeoutMs,
    maxTransactionRetryTime: NEO4J_TEST_DEFAULTS.maxTransactionRetryTimeMs,
  });
}

function providedUris(): string[] {
  const error = inject("neo4jError");
  if (error) throw new Error(`Neo4j is not available for this test run: ${error}`);
  const uris = inject("neo4jUris");
  if (!uris || uris.length === 0) throw new Error("Neo4j is not available: test/setup/global-neo4j.ts provided no URI");
  return uris;
}

/** 0-based slot of this worker; more workers than slots would share, so that is refused. */
function workerSlot(): number {
  const slots = inject("neo4jWorkerSlots");
  const poolId = Number(process.env.VITEST_POOL_ID ?? "1");
  if (!Number.isInteger(poolId) || poolId < 1) return 0;
  if (poolId > slots) {
    throw new Error(
      `vitest worker ${poolId} has no Neo4j instance of its own (global setup started ${slots} worker slots); ` +
        "raise LOCAL_NEO4J.maxWorkerSlots in test/setup/global-neo4j.ts or lower maxWorkers",
    );
  }
  return poolId - 1;
}

function requireUri(uris: string[], instance: number): string {
  const uri = uris[instance - 1];
  if (!uri) throw new Error(`Neo4j instance ${instance} was not started (only ${uris.length} provided)`);
  return uri;
}

function credentials(uri: string): Neo4jConnection {
  return { uri, user: inject("neo4jUser"), password: inject("neo4jPassword") };
}
