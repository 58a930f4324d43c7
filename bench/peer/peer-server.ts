/**
 * The peer of `npm run bench:peer`: @neo4j/graphql 7 on Apollo Server 5's standalone HTTP
 * server, as @neo4j/graphql's getting-started guide sets it up, over the Neo4j our store
 * wrote (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD). Runs as its own process (compiled, as
 * our server does), so the two servers never share an event loop. Prints one line
 * `peer ready at <url>` when it listens on 127.0.0.1:PORT.
 *
 * Setup as recommended, not tuned down: one driver (its default pool), the schema built
 * once, the driver passed to Neo4jGraphQL so each request runs in a managed read
 * transaction, Apollo's defaults (document cache) with NODE_ENV=production. No auth
 * (ours checks an API key per request).
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";
import { PEER_TYPE_DEFS } from "./peer-type-defs.js";

async function main(): Promise<void> {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error("bench/peer/peer-server: NEO4J_URI is required");
  const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""));
  await driver.verifyConnectivity();
  const schema = await new Neo4jGraphQL({ typeDefs: PEER_TYPE_DEFS, driver }).getSchema();
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port: Number(process.env.PORT ?? 0) } });
  console.log(`peer ready at ${url}`);

  const shutdown = () => {
    void server
      .stop()
      .then(() => driver.close())
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
