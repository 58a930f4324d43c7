/**
 * The port for API keys managed at runtime (services/api-key-service.ts). Both store
 * adapters implement it next to AccountGraphStore, in the same database, but keys are
 * not part of the account graph:
 *
 * - a key write is in the change feed (so every process's key cache hears of it), but
 *   never shows in `counts()` and is never written by `importDataset()`;
 * - a MANAGER key names its manager by id only (no relationship, no foreign key), so no
 *   graph write can delete or change a key as a side effect.
 *
 * Contract (test/store/api-key-store.contract.ts runs it against both adapters):
 * - `createApiKey` is one transaction: an unknown manager of a MANAGER key ->
 *   NotFoundError on `managerId`; a taken id -> ConflictError on `id`; a taken hash ->
 *   ConflictError on `sha256`. Nothing is written when it throws.
 * - `revokeApiKey` of an unknown id -> NotFoundError on `id`; of a key already revoked
 *   returns it unchanged (its first revocation time stays): revoking is idempotent, so
 *   a retried revoke (CLI, lost response) is never an error.
 * - Inputs arrive validated (name, role, managerId consistent with role) by the service.
 */
import { ConflictError, NotFoundError } from "../domain/errors.js";
import type { ApiKey } from "../domain/api-keys.js";
import type { IsoDateTime } from "../domain/model.js";
import type { Committed } from "./change-feed.js";

export type { ApiKey } from "../domain/api-keys.js";

export interface NewApiKey {
  /** Generated (`key_…`) when absent. */
  id?: string;
  name: string;
  role: ApiKey["role"];
  managerId: string | null;
  sha256: string;
  createdBy: string;
}

/** What authentication needs of an active key; the cache in services holds these. */
export type ActiveApiKey = Pick<ApiKey, "id" | "role" | "managerId" | "sha256">;

export interface ApiKeyStore {
  /** Stores a new, active key created at the store's current time. */
  createApiKey(input: NewApiKey): Promise<Committed<ApiKey>>;
  /** Marks the key revoked at `revokedAt`; idempotent (see the contract above): a second revoke commits nothing. */
  revokeApiKey(id: string, revokedAt: IsoDateTime): Promise<Committed<ApiKey>>;
  /** Every key, active and revoked, oldest first (createdAt, then id). */
  listApiKeys(): Promise<ApiKey[]>;
  /** The active keys only, in no particular order: what authentication may accept. */
  activeApiKeys(): Promise<ActiveApiKey[]>;
}

/** Whether `store` also keeps API keys (both adapters do; test doubles may not). */
export function isApiKeyStore(store: object): store is ApiKeyStore {
  const candidate = store as Partial<Record<keyof ApiKeyStore, unknown>>;
  return (
    typeof candidate.createApiKey === "function" &&
    typeof candidate.revokeApiKey === "function" &&
    typeof candidate.listApiKeys === "function" &&
    typeof candidate.activeApiKeys === "function"
  );
}

// ---------- shared by the adapters, so they build and refuse alike ----------

/** The record stored for `input`: active, created at `now`. */
export function buildApiKey(input: NewApiKey, id: string, now: IsoDateTime): ApiKey {
  return {
    id,
    name: input.name,
    role: input.role,
    managerId: input.managerId,
    sha256: input.sha256,
    createdAt: now,
    createdBy: input.createdBy,
    revokedAt: null,
  };
}

export function apiKeyNotFoundError(id: string): NotFoundError {
  return new NotFoundError("ApiKey", id, "id");
}

/** Two keys with one hash would be one secret with two roles; the hash must be unique. */
export function apiKeyHashTakenError(): ConflictError {
  return new ConflictError("an API key with this hash already exists", "sha256");
}
