/**
 * The Neo4j a load benchmark runs against (`npm run load`, `npm run bench:peer`): NEO4J_URI
 * when set, else a local Neo4j 5.26 started with scripts/neo4j as a long-lived server (full
 * JIT, a page cache that holds the 20,000-account graph), loaded with the dataset through
 * our Neo4j store. A database must be empty, or (with `reuse`) hold exactly the dataset's
 * accounts already, so repeated runs skip the ~40 s import.
 */
import { join } from "node:path";
import type { Dataset } from "../src/ports/account-graph-store.js";
import { Neo4jAccountGraphStore } from "../src/store/neo4j/neo4j-store.js";
import { startNeo4jCluster, type Neo4jCluster } from "../scripts/neo4j/neo4j-process.js";
import { formatMs, timed } from "./bench-support.js";

export interface LoadNeo4j {
  /** NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD for a server process. */
  env: Record<string, string>;
  /** The local JVM (or NEO4J_PID for an external one on this machine), whose CPU can be reported; null: not known. */
  pid: number | null;
  stop(): Promise<void>;
}

/** An empty Neo4j with the dataset loaded, or null (with the reason printed under `label`) when none can be had. */
export async function openLoadNeo4j(dataset: Dataset, dir: string, options: { reuse: boolean; label: string }): Promise<LoadNeo4j | null> {
  const { label } = options;
  let cluster: Neo4jCluster | undefined;
  const user = process.env.NEO4J_USER ?? "neo4j";
  const password = process.env.NEO4J_PASSWORD ?? "";
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    console.log(`\n${label}: starting a local Neo4j (scripts/neo4j) ...`);
    try {
      // A long-lived server, not a test instance: full JIT and a page cache that holds the M graph.
      cluster = await startNeo4jCluster({ instances: 1, dataDir: join(dir, "neo4j"), quickStart: false, pageCachePerInstance: "512m" });
      uri = cluster.uris[0]!;
    } catch (error) {
      console.log(`${label}: SKIPPED — Neo4j could not be started: ${(error as Error).message}`);
      return null;
    }
  }
  const env = { NEO4J_URI: uri, NEO4J_USER: user, NEO4J_PASSWORD: password };
  const stop = async () => cluster?.stop();
  const store = new Neo4jAccountGraphStore({ uri, user, password });
  try {
    await store.init();
    const counts = await store.counts();
    if (options.reuse && counts.accounts === dataset.accounts.length) {
      console.log(`${label}: reusing ${uri}, which holds ${counts.accounts} accounts (--reuse)`);
      const pid = cluster?.pid ?? (process.env.NEO4J_PID ? Number(process.env.NEO4J_PID) : null);
      return { env, stop, pid };
    }
    if (counts.accounts > 0 || counts.managers > 0) {
      console.log(`${label}: SKIPPED — ${uri} is not empty (${counts.accounts} accounts); point NEO4J_URI at an empty database`);
      await cluster?.stop();
      return null;
    }
    const loaded = await timed(() => store.importDataset(dataset));
    console.log(`${label}: imported into ${uri} in ${formatMs(loaded.ms)}`);
  } catch (error) {
    console.log(`${label}: SKIPPED — could not load the dataset: ${(error as Error).message}`);
    await cluster?.stop();
    return null;
  } finally {
    await store.close();
  }
  return { env, stop, pid: cluster?.pid ?? null };
}
