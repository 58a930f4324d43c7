/**
 * ApiKeyStore on SQLite: the `api_keys` table of sqlite-schema.ts. The store class
 * (sqlite-store.ts) runs these inside its own write transaction and statement cache;
 * this file only says what to run. Keys are not part of the graph: nothing here bumps
 * touches a graph table (the manager check only reads); the store appends their feed change.
 */
import type Database from "better-sqlite3";
import { NotFoundError } from "../../domain/errors.js";
import type { ApiKey } from "../../domain/api-keys.js";
import type { IsoDateTime } from "../../domain/model.js";
import type { Role } from "../../domain/roles.js";
import { idTakenError } from "../../ports/store-errors.js";
import { apiKeyHashTakenError, apiKeyNotFoundError, type ActiveApiKey } from "../../ports/api-key-store.js";
import { SQL } from "./sqlite-queries.js";

/** The store's cached `prepare`. */
export type PrepareStatement = (sql: string) => Database.Statement;

const COLUMNS = "id, name, role, manager_id, sha256, created_at, created_by, revoked_at";

export const API_KEY_SQL = Object.freeze({
  insert: `INSERT INTO api_keys (${COLUMNS}) VALUES (@id, @name, @role, @manager_id, @sha256, @created_at, @created_by, @revoked_at)`,
  byId: `SELECT ${COLUMNS} FROM api_keys WHERE id = ?`,
  idExists: "SELECT 1 FROM api_keys WHERE id = ?",
  hashExists: "SELECT 1 FROM api_keys WHERE sha256 = ?",
  revoke: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
  list: `SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`,
  active: "SELECT id, role, manager_id, sha256 FROM api_keys WHERE revoked_at IS NULL",
});

interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  manager_id: string | null;
  sha256: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}

function toRow(key: ApiKey): ApiKeyRow {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    manager_id: key.managerId,
    sha256: key.sha256,
    created_at: key.createdAt,
    created_by: key.createdBy,
    revoked_at: key.revokedAt,
  };
}

function fromRow(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    managerId: row.manager_id,
    sha256: row.sha256,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  };
}

/** Inserts `key` after the checks that name the field; run inside a write transaction. */
export function insertApiKey(prepare: PrepareStatement, key: ApiKey): ApiKey {
  if (prepare(API_KEY_SQL.idExists).get(key.id) !== undefined) throw idTakenError("ApiKey", key.id);
  if (prepare(API_KEY_SQL.hashExists).get(key.sha256) !== undefined) throw apiKeyHashTakenError();
  if (key.managerId !== null && prepare(SQL.managerExists).get(key.managerId) === undefined) {
    throw new NotFoundError("Manager", key.managerId, "managerId");
  }
  prepare(API_KEY_SQL.insert).run(toRow(key));
  return key;
}

/** Revokes once; a key already revoked comes back as it is (`changed` false). Run inside a write transaction. */
export function revokeApiKeyRow(prepare: PrepareStatement, id: string, revokedAt: IsoDateTime): { key: ApiKey; changed: boolean } {
  const { changes } = prepare(API_KEY_SQL.revoke).run(revokedAt, id);
  const row = prepare(API_KEY_SQL.byId).get(id) as ApiKeyRow | undefined;
  if (row === undefined) throw apiKeyNotFoundError(id);
  return { key: fromRow(row), changed: changes > 0 };
}

export function listApiKeyRows(prepare: PrepareStatement): ApiKey[] {
  return (prepare(API_KEY_SQL.list).all() as ApiKeyRow[]).map(fromRow);
}

/** Maps rows of `SELECT ${COLUMNS}` (the state read uses it too). */
export { fromRow as rowToApiKey, type ApiKeyRow };

export function activeApiKeyRows(prepare: PrepareStatement): ActiveApiKey[] {
  return (prepare(API_KEY_SQL.active).all() as Pick<ApiKeyRow, "id" | "role" | "manager_id" | "sha256">[]).map((row) => ({
    id: row.id,
    role: row.role as Role,
    managerId: row.manager_id,
    sha256: row.sha256,
  }));
}
