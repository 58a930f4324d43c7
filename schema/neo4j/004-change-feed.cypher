// Migration 2 (src/store/neo4j/neo4j-migrations.ts): the change feed. Applied after
// 003-api-keys.cypher; keep semicolons out of comments.

// One change per sequence number; the constraint's index also serves `seq > $after` ranges.
CREATE CONSTRAINT change_seq_unique IF NOT EXISTS
FOR (c:Change) REQUIRE c.seq IS UNIQUE;

// A retried write looks up its own earlier attempt by writeId.
CREATE RANGE INDEX change_write_id IF NOT EXISTS FOR (c:Change) ON (c.writeId);
