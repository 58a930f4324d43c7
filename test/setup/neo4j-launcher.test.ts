/**
 * The local Neo4j the suite relies on: the worker's instance answers over Bolt, and the
 * worker's fault instance really goes away on `stopDatabase()` and comes back with its data on
 * `startDatabase()` (same store, same port).
 */
import { describe, expect, inject, it } from "vitest";
import { controlNeo4j, parseJavaMajor } from "../../scripts/neo4j/neo4j-process.js";
import { neo4jFaultConnection, neo4jTestConnection, openTestDriver, resetNeo4jDatabase, type Neo4jConnection } from "../support/neo4j.js";

async function runQuery(connection: Neo4jConnection, query: string, params: Record<string, unknown> = {}) {
  const driver = openTestDriver(connection);
  const session = driver.session();
  try {
    return (await session.run(query, params)).records;
  } finally {
    await session.close();
    await driver.close();
  }
}

describe("local Neo4j launcher", () => {
  it("serves this worker's instance over Bolt", async () => {
    const connection = neo4jTestConnection();
    expect(connection.uri).toMatch(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//);
    const records = await runQuery(connection, "RETURN 1 AS one");
    expect(records[0]?.get("one").toNumber()).toBe(1);
  });

  it("reports Neo4j 5.26 Community", async () => {
    const records = await runQuery(
      neo4jTestConnection(),
      "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
    );
    expect(records[0]?.get("name")).toBe("Neo4j Kernel");
    expect(records[0]?.get("version")).toMatch(/^5\.26\./);
  });

  it("resetNeo4jDatabase removes data and keeps constraints", async () => {
    const connection = neo4jTestConnection();
    await runQuery(connection, "CREATE CONSTRAINT launcher_probe_id IF NOT EXISTS FOR (p:LauncherProbe) REQUIRE p.id IS UNIQUE");
    await runQuery(connection, "UNWIND range(1, 50) AS i CREATE (:LauncherProbe {id: i})-[:NEXT]->(:LauncherProbe {id: -i})");
    await resetNeo4jDatabase(connection.uri);
    const [count] = await runQuery(connection, "MATCH (n) RETURN count(n) AS nodes");
    expect(count?.get("nodes").toNumber()).toBe(0);
    const constraints = await runQuery(connection, "SHOW CONSTRAINTS YIELD name WHERE name = 'launcher_probe_id' RETURN name");
    expect(constraints).toHaveLength(1);
    await runQuery(connection, "DROP CONSTRAINT launcher_probe_id");
  });

  it("stops this worker's fault instance and restarts it with its data", async () => {
    const fault = neo4jFaultConnection();
    expect(fault.uri).not.toBe(neo4jTestConnection().uri);
    const marker = `survivor-${Date.now()}`;
    await runQuery(fault, "CREATE (:LauncherSurvivor {marker: $marker})", { marker });

    await fault.stopDatabase();
    try {
      const failure = await runQuery(fault, "RETURN 1").then(
        () => undefined,
        (error: unknown) => error as { code?: string; message?: string },
      );
      expect(failure, "a query against a stopped database must fail").toBeDefined();
      expect(`${failure?.code} ${failure?.message}`).toMatch(/ServiceUnavailable|ECONNREFUSED|connect/i);
    } finally {
      await fault.startDatabase();
    }

    const records = await runQuery(fault, "MATCH (s:LauncherSurvivor {marker: $marker}) RETURN count(s) AS n", { marker });
    expect(records[0]?.get("n").toNumber()).toBe(1);
    await runQuery(fault, "MATCH (s:LauncherSurvivor) DELETE s");
  });

  it("answers status on the control port and rejects unknown commands", async () => {
    const port = neo4jControlPortOrThrow();
    const status = await controlNeo4j(port, "status");
    const instances = 2 * inject("neo4jWorkerSlots");
    expect(status).toMatch(/^OK( \d+=running@bolt:\/\/127\.0\.0\.1:\d+)+$/);
    expect(
      status
        .split(" ")
        .slice(1)
        .map((entry) => Number(entry.split("=")[0])),
    ).toEqual(Array.from({ length: instances }, (_, i) => i + 1));
    await expect(controlNeo4j(port, `stop ${instances + 1}`)).rejects.toThrow(new RegExp(`no instance ${instances + 1}`));
    await expect(controlNeo4j(port, "reboot")).rejects.toThrow(/unknown command/);
  });

  it("reads the Java major version from `java -version`", () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor("nonsense")).toBeUndefined();
  });
});

function neo4jControlPortOrThrow(): number {
  // neo4jFaultConnection throws the clear "external NEO4J_URI" / setup error when there is none.
  neo4jFaultConnection();
  const port = inject("neo4jControlPort");
  if (port === null) throw new Error("no launcher control port");
  return port;
}
