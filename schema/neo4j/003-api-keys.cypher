// API keys managed at runtime (src/store/neo4j/neo4j-api-keys.ts). Not part of the
// account graph: (:ApiKey) nodes have no relationships, so no graph write (DETACH
// DELETE of an account, an import's compensation) can touch one. Applied by
// Neo4jAccountGraphStore.init() after 002-indexes.cypher; keep semicolons out of comments.

CREATE CONSTRAINT api_key_id_unique IF NOT EXISTS
FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;

// Only the SHA-256 of a key is stored; one hash cannot name two keys.
CREATE CONSTRAINT api_key_sha256_unique IF NOT EXISTS
FOR (k:ApiKey) REQUIRE k.sha256 IS UNIQUE;
