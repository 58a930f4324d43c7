/**
 * `npm run neo4j:start`: one local Neo4j 5.26 for development, data kept in ./.neo4j/data-dev.
 * Bolt listens on 127.0.0.1:7687 (or --port N / NEO4J_PORT; 0 picks a free port), auth disabled.
 * Runs until Ctrl-C; the JVM stops with it.
 */
import { resolve } from "node:path";
import { DEFAULTS, resolveNeo4jPaths, startNeo4jCluster } from "./neo4j-process.js";

const DEV_DEFAULTS = {
  port: 7687,
  dataDir: ".neo4j/data-dev",
} as const;

function readPort(argv: string[]): number {
  const flag = argv.indexOf("--port");
  const text = flag >= 0 ? argv[flag + 1] : process.env.NEO4J_PORT;
  if (text === undefined) return DEV_DEFAULTS.port;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`start-neo4j: invalid port ${JSON.stringify(text)}`);
  return port;
}

async function main(): Promise<void> {
  const paths = resolveNeo4jPaths();
  const dataDir = resolve(paths.root, DEV_DEFAULTS.dataDir);
  const started = Date.now();
  console.log(`Starting Neo4j 5.26 (data in ${dataDir}, heap ${DEFAULTS.heap}) ...`);
  const cluster = await startNeo4jCluster({ instances: 1, dataDir, ports: [readPort(process.argv.slice(2))], paths, quickStart: false });
  console.log(`Neo4j ready in ${((Date.now() - started) / 1000).toFixed(1)} s, auth disabled:`);
  console.log(`  NEO4J_URI=${cluster.uris[0]}`);
  console.log("Ctrl-C to stop.");

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    console.log("Stopping Neo4j ...");
    cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
