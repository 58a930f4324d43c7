/**
 * `npm run neo4j:install`: fetches the Neo4j 5.26 jars into ./.neo4j/lib (Maven, ~/.m2 cache)
 * so a CI run pays the download before its tests start. No-op when the jars are complete.
 */
import { ensureNeo4jJars } from "./neo4j-process.js";

try {
  const result = await ensureNeo4jJars();
  const action = result.fetched ? "fetched" : "already present";
  console.log(`Neo4j ${result.neo4jVersion} jars ${action}: ${result.jarCount} jars in ${result.libDir} (${(result.elapsedMs / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
