// Uniqueness constraints (each is backed by a range index, so id lookups are index seeks).
// Applied by Neo4jAccountGraphStore.init(): statements are split on ';', so keep
// semicolons out of comments and string literals. Every statement is IF NOT EXISTS,
// which makes init() idempotent.

CREATE CONSTRAINT account_id_unique IF NOT EXISTS
FOR (a:Account) REQUIRE a.id IS UNIQUE;

// Absent (null) externalIds are not indexed, so any number of accounts may lack one.
CREATE CONSTRAINT account_external_id_unique IF NOT EXISTS
FOR (a:Account) REQUIRE a.externalId IS UNIQUE;

CREATE CONSTRAINT manager_id_unique IF NOT EXISTS
FOR (m:AccountManager) REQUIRE m.id IS UNIQUE;

CREATE CONSTRAINT community_id_unique IF NOT EXISTS
FOR (c:Community) REQUIRE c.id IS UNIQUE;

CREATE CONSTRAINT engagement_id_unique IF NOT EXISTS
FOR (e:Engagement) REQUIRE e.id IS UNIQUE;

CREATE CONSTRAINT purchase_id_unique IF NOT EXISTS
FOR (p:Purchase) REQUIRE p.id IS UNIQUE;

CREATE CONSTRAINT graph_meta_key_unique IF NOT EXISTS
FOR (g:GraphMeta) REQUIRE g.key IS UNIQUE;

// Relationship property uniqueness (Community Edition since 5.7). Uniqueness of a link
// id across both types is checked by the store inside the write transaction.
CREATE CONSTRAINT referred_id_unique IF NOT EXISTS
FOR ()-[r:REFERRED]-() REQUIRE r.id IS UNIQUE;

CREATE CONSTRAINT influences_id_unique IF NOT EXISTS
FOR ()-[r:INFLUENCES]-() REQUIRE r.id IS UNIQUE;
