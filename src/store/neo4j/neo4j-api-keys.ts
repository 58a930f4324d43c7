/**
 * ApiKeyStore on Neo4j: `(:ApiKey {id, name, role, managerId?, sha256, createdAt,
 * createdBy, revokedAt?})` nodes with no relationships (schema/neo4j/003-api-keys.cypher
 * holds their uniqueness constraints). Keys are not part of the graph (COUNTS matches other
 * labels only), but their writes are in the change feed, so every process's key cache hears
 * of them: the store runs these inside its own feed-appending write (neo4j-store.ts #write),
 * which also makes a retry after a lost commit acknowledgement answer with the first attempt.
 */
import { NotFoundError } from "../../domain/errors.js";
import type { ApiKey } from "../../domain/api-keys.js";
import type { IsoDateTime } from "../../domain/model.js";
import type { Role } from "../../domain/roles.js";
import { apiKeyHashTakenError, apiKeyNotFoundError, type ActiveApiKey } from "../../ports/api-key-store.js";
import { idTakenError } from "../../ports/store-errors.js";
import { FIND_MANAGER_IDS } from "./cypher.js";
import type { CypherRunner, Neo4jExecutor } from "./neo4j-executor.js";
import { mapRecords, toIsoDateTime, toNeo4jDateTime } from "./neo4j-mapping.js";

// ---------- Cypher (values only ever as $parameters) ----------

export const GET_API_KEY = `
MATCH (k:ApiKey {id: $id})
RETURN k {.*} AS apiKey`;

export const FIND_API_KEY_HASH = `
MATCH (k:ApiKey {sha256: $sha256})
RETURN k.id AS id`;

export const CREATE_API_KEY = `
CREATE (k:ApiKey)
SET k = $props
RETURN k {.*} AS apiKey`;

/** coalesce keeps the first revocation time: revoking twice is a no-op. */
export const REVOKE_API_KEY = `
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, $revokedAt)
RETURN k {.*} AS apiKey`;

export const LIST_API_KEYS = `
MATCH (k:ApiKey)
RETURN k {.*} AS apiKey
ORDER BY k.createdAt, k.id`;

export const ACTIVE_API_KEYS = `
MATCH (k:ApiKey)
WHERE k.revokedAt IS NULL
RETURN k {.id, .role, .managerId, .sha256} AS apiKey`;

// ---------- mapping ----------

type Props = { [key: string]: unknown };

function toProps(key: ApiKey): Props {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    managerId: key.managerId,
    sha256: key.sha256,
    createdAt: toNeo4jDateTime(key.createdAt),
    createdBy: key.createdBy,
    revokedAt: key.revokedAt === null ? null : toNeo4jDateTime(key.revokedAt),
  };
}

function toActiveApiKey(p: Props): ActiveApiKey {
  return {
    id: String(p.id),
    role: String(p.role) as Role,
    managerId: p.managerId === null || p.managerId === undefined ? null : String(p.managerId),
    sha256: String(p.sha256),
  };
}

function toApiKey(p: Props): ApiKey {
  return {
    ...toActiveApiKey(p),
    name: String(p.name),
    createdAt: toIsoDateTime(p.createdAt),
    createdBy: String(p.createdBy),
    revokedAt: p.revokedAt === null || p.revokedAt === undefined ? null : toIsoDateTime(p.revokedAt),
  };
}

async function findApiKey(q: CypherRunner, id: string): Promise<ApiKey | undefined> {
  return mapRecords(await q.run(GET_API_KEY, { id }), "apiKey", toApiKey)[0];
}

// ---------- operations ----------

/** Creates `key` after the checks that name the field; runs inside the store's write. */
export async function insertApiKey(q: CypherRunner, key: ApiKey): Promise<ApiKey> {
  if (await findApiKey(q, key.id)) throw idTakenError("ApiKey", key.id);
  if ((await q.run(FIND_API_KEY_HASH, { sha256: key.sha256 })).length > 0) throw apiKeyHashTakenError();
  if (key.managerId !== null && (await q.run(FIND_MANAGER_IDS, { ids: [key.managerId] })).length === 0) {
    throw new NotFoundError("Manager", key.managerId, "managerId");
  }
  const [created] = mapRecords(await q.run(CREATE_API_KEY, { props: toProps(key) }), "apiKey", toApiKey);
  if (!created) throw new Error("store/neo4j/neo4j-api-keys: CREATE returned no row");
  return created;
}

/** Revokes once; a key already revoked comes back as it is (`changed` false). Runs inside the store's write. */
export async function revokeApiKeyNode(q: CypherRunner, id: string, revokedAt: IsoDateTime): Promise<{ key: ApiKey; changed: boolean }> {
  const before = await findApiKey(q, id);
  if (!before) throw apiKeyNotFoundError(id);
  if (before.revokedAt !== null) return { key: before, changed: false };
  const [key] = mapRecords(await q.run(REVOKE_API_KEY, { id, revokedAt: toNeo4jDateTime(revokedAt) }), "apiKey", toApiKey);
  return { key: key!, changed: true };
}

export function listApiKeyNodes(executor: Neo4jExecutor): Promise<ApiKey[]> {
  return executor.read("listApiKeys", (q) => readApiKeys(q));
}

export async function readApiKeys(q: CypherRunner): Promise<ApiKey[]> {
  return mapRecords(await q.run(LIST_API_KEYS), "apiKey", toApiKey);
}

export function activeApiKeyNodes(executor: Neo4jExecutor): Promise<ActiveApiKey[]> {
  return executor.read("activeApiKeys", async (q) => mapRecords(await q.run(ACTIVE_API_KEYS), "apiKey", toActiveApiKey));
}
