/**
 * The Neo4j executor's error translation and fail-fast behaviour, without a database:
 * driver errors become DomainErrors only where the caller can act on them, and an
 * unreachable server gives STORE_UNAVAILABLE within the configured bound rather than
 * the driver's 30 s retry window.
 */
import { createServer } from "node:net";
import { Neo4jError } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError, StoreUnavailableError } from "../../src/domain/errors.js";
import { translateNeo4jError } from "../../src/store/neo4j/neo4j-executor.js";
import { Neo4jAccountGraphStore } from "../../src/store/neo4j/neo4j-store.js";

function neo4jError(code: string, message = "boom"): Neo4jError {
  return new Neo4jError(message, code as never, "50N42", "general processing exception");
}

/** A localhost port nobody listens on: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("translateNeo4jError", () => {
  it("maps unavailability codes to StoreUnavailableError", () => {
    for (const code of ["ServiceUnavailable", "SessionExpired", "Neo.TransientError.General.DatabaseUnavailable"]) {
      const translated = translateNeo4jError(neo4jError(code), "op");
      expect(translated).toBeInstanceOf(StoreUnavailableError);
      expect((translated as StoreUnavailableError).code).toBe("STORE_UNAVAILABLE");
    }
  });

  it("maps pool acquisition timeouts (which carry no code) to StoreUnavailableError", () => {
    const error = neo4jError("N/A", "Connection acquisition timed out in 4000 ms. Pool status: Active conn count = 50");
    expect(translateNeo4jError(error, "op")).toBeInstanceOf(StoreUnavailableError);
  });

  it("maps socket failures without a Neo4j code to StoreUnavailableError", () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7687"), { code: "ECONNREFUSED" });
    expect(translateNeo4jError(error, "op")).toBeInstanceOf(StoreUnavailableError);
  });

  it("maps constraint violations to ConflictError", () => {
    const original = neo4jError("Neo.ClientError.Schema.ConstraintValidationFailed");
    const translated = translateNeo4jError(original, "createAccount");
    expect(translated).toBeInstanceOf(ConflictError);
    expect((translated as ConflictError).code).toBe("CONFLICT");
    // The driver error stays available to logs, but not to enumeration (what the API could echo).
    expect((translated as Error).cause).toBe(original);
    expect(Object.keys(translated as object)).not.toContain("cause");
  });

  it("passes DomainErrors through and rethrows anything else unchanged", () => {
    const notFound = new NotFoundError("Account", "acc_x", "fromId");
    expect(translateNeo4jError(notFound, "op")).toBe(notFound);
    const syntax = neo4jError("Neo.ClientError.Statement.SyntaxError");
    expect(translateNeo4jError(syntax, "op")).toBe(syntax);
    const plain = new TypeError("bug");
    expect(translateNeo4jError(plain, "op")).toBe(plain);
  });
});

describe("Neo4jAccountGraphStore against an unreachable server", () => {
  it("fails fast with STORE_UNAVAILABLE on reads and writes", async () => {
    const port = await closedPort();
    const store = new Neo4jAccountGraphStore({
      uri: `bolt://127.0.0.1:${port}`,
      user: "neo4j",
      password: "unused",
      maxTransactionRetryTimeMs: 500,
      connectionTimeoutMs: 500,
    });
    try {
      const started = performance.now();
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.feedHead()).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
      await expect(store.createManager({ name: "Mona", email: "mona@example.com", weeklyCapacityHours: 35 })).rejects.toMatchObject({
        code: "STORE_UNAVAILABLE",
      });
      // Three operations, each bounded by the retry budget plus back-off: far below 30 s.
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await store.close();
    }
  });
});
