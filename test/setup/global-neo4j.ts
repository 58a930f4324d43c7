/**
 * vitest globalSetup: the Neo4j every Neo4j test talks to, started once per run.
 *
 * - `NEO4J_URI` set: every worker shares that Neo4j (with NEO4J_USER / NEO4J_PASSWORD); there
 *   is no control port, so fault tests fail with a clear message.
 * - Otherwise: embedded Neo4j 5.26 DBMS in one JVM (scripts/neo4j/Launcher.java), two per
 *   vitest worker (W = maxWorkers, 2 here): instances 1..W serve the workers' ordinary tests
 *   (Community has one user database per DBMS, so isolation needs a DBMS each), and W+1..2W are
 *   their fault instances, which fault tests stop and restart. A fault instance per worker,
 *   not one shared, because two fault-test files in parallel workers would otherwise reset,
 *   write to and stop the same database under each other.
 * - Neo4j cannot start (no Java/Maven, timeout): the error is provided as `neo4jError` instead of
 *   thrown, so the SQLite tests still report and every Neo4j test fails with that message.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startNeo4jCluster, type Neo4jCluster } from "../../scripts/neo4j/neo4j-process.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Bolt URIs; instance k at index k-1. One entry when NEO4J_URI is used. */
    neo4jUris: string[];
    neo4jUser: string;
    neo4jPassword: string;
    /** Worker slots W: instances 1..W are worker instances, W+1..2W their fault instances. */
    neo4jWorkerSlots: number;
    /** Launcher control port (`stop K` / `start K`); null for an external NEO4J_URI. */
    neo4jControlPort: number | null;
    /** Why Neo4j is unavailable in this run; every Neo4j test fails with it. */
    neo4jError: string | null;
  }
}

export const LOCAL_NEO4J = {
  /** Upper bound on worker slots, so a large maxWorkers cannot start a dozen DBMS. */
  maxWorkerSlots: 4,
  /** Auth is disabled on the local instances; the driver still sends these, harmlessly. */
  user: "neo4j",
  password: "local-test",
} as const;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const externalUri = process.env.NEO4J_URI;
  if (externalUri) {
    project.provide("neo4jUris", [externalUri]);
    project.provide("neo4jWorkerSlots", 1);
    project.provide("neo4jUser", process.env.NEO4J_USER ?? "neo4j");
    project.provide("neo4jPassword", process.env.NEO4J_PASSWORD ?? "");
    project.provide("neo4jControlPort", null);
    project.provide("neo4jError", null);
    return async () => {};
  }

  const workerSlots = Math.min(Math.max(1, project.config.maxWorkers), LOCAL_NEO4J.maxWorkerSlots);
  project.provide("neo4jWorkerSlots", workerSlots);
  project.provide("neo4jUser", LOCAL_NEO4J.user);
  project.provide("neo4jPassword", LOCAL_NEO4J.password);
  const dataDir = await mkdtemp(join(tmpdir(), "accountgraph-neo4j-"));
  let cluster: Neo4jCluster | undefined;
  try {
    cluster = await startNeo4jCluster({ instances: 2 * workerSlots, dataDir });
    project.provide("neo4jUris", cluster.uris);
    project.provide("neo4jControlPort", cluster.controlPort);
    project.provide("neo4jError", null);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[global-neo4j] Neo4j tests will fail: ${message}`);
    project.provide("neo4jUris", []);
    project.provide("neo4jControlPort", null);
    project.provide("neo4jError", message);
  }

  return async () => {
    try {
      await cluster?.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}
