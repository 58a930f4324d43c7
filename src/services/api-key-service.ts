/**
 * Use cases for API keys managed at runtime: create (the secret is returned this once
 * and never stored or logged), revoke, list — ADMIN only, for the GraphQL API and the
 * CLI (scripts/api-key.ts) alike — and `resolve`, which authentication calls on every
 * request and answers from memory (api-key-cache.ts).
 *
 * Every use case takes the acting Actor explicitly: it is checked here (AccessPolicy
 * .requireAdmin), whatever the caller, and it is recorded as the key's `createdBy`.
 *
 * Decisions (README "Security and limits"):
 * - revoking a key already revoked returns it unchanged (idempotent, so a retry is safe);
 * - an ADMIN may revoke the key it is using: that request completes, the next is 401.
 */
import type { ApiKey } from "../domain/api-keys.js";
import { generateApiKeySecret, hashApiKey } from "../domain/api-keys.js";
import { StoreUnavailableError, ValidationError } from "../domain/errors.js";
import { requireName, requireOneOf } from "../domain/guards.js";
import { ROLES, type Role } from "../domain/roles.js";
import type { ApiKeyStore, NewApiKey } from "../ports/api-key-store.js";
import { AccessPolicy, type Actor, type OwnershipLookup } from "./access-policy.js";
import { API_KEY_CACHE_DEFAULTS, ApiKeyCache } from "./api-key-cache.js";

export interface ApiKeyServiceOptions {
  /** How often the active keys are reloaded from the store (api-key-cache.ts). */
  refreshIntervalMs?: number;
  /** The clock that stamps revocations (tests). */
  now?: () => Date;
}

/** What a client or the CLI sends; validated here, not by GraphQL alone. */
export interface ApiKeyCommand {
  name?: string | null;
  role?: string | null;
  managerId?: string | null;
}

export interface CreatedApiKey {
  /** The secret: shown once, never stored. */
  key: string;
  apiKey: ApiKey;
}

export class ApiKeyService {
  readonly #store: ApiKeyStore | null;
  readonly #lookup: OwnershipLookup;
  readonly #cache: ApiKeyCache;
  readonly #refreshIntervalMs: number;
  readonly #now: () => Date;
  #onRefreshError: (error: unknown) => void = () => undefined;

  /** `store` null: the store in use keeps no API keys (a test double); every use case refuses. */
  constructor(store: ApiKeyStore | null, lookup: OwnershipLookup, options: ApiKeyServiceOptions = {}) {
    this.#store = store;
    this.#lookup = lookup;
    this.#cache = new ApiKeyCache(async () => (store ? store.activeApiKeys() : []));
    this.#refreshIntervalMs = options.refreshIntervalMs ?? API_KEY_CACHE_DEFAULTS.refreshIntervalMs;
    this.#now = options.now ?? (() => new Date());
  }

  async listApiKeys(actor: Actor): Promise<ApiKey[]> {
    this.#requireAdmin(actor, "list API keys");
    return this.#requireStore().listApiKeys();
  }

  async createApiKey(actor: Actor, command: ApiKeyCommand): Promise<CreatedApiKey> {
    this.#requireAdmin(actor, "create API keys");
    const input = normaliseNewApiKey(command);
    const key = generateApiKeySecret();
    const apiKey = await this.#requireStore().createApiKey({ ...input, sha256: hashApiKey(key), createdBy: actor.subject });
    this.#cache.noteCreated(apiKey);
    this.#refreshSoon();
    return { key, apiKey };
  }

  async revokeApiKey(actor: Actor, id: string): Promise<ApiKey> {
    this.#requireAdmin(actor, "revoke API keys");
    const apiKey = await this.#requireStore().revokeApiKey(id, this.#now().toISOString());
    this.#cache.noteRevoked(apiKey.sha256);
    this.#refreshSoon();
    return apiKey;
  }

  /** The actor of a presented key if it is a stored, active one; null otherwise. Never queries the store. */
  resolve(key: string): Actor | null {
    return this.#cache.resolve(key);
  }

  /** Active stored keys this process knows of (start-up log). */
  get activeCount(): number {
    return this.#cache.size;
  }

  /**
   * Loads the active keys, then keeps reloading them in the background; resolves (or
   * rejects) with the first load. `onError` hears of every failed background reload.
   */
  startRefreshing(onError: (error: unknown) => void = () => undefined): Promise<void> {
    this.#onRefreshError = onError;
    if (!this.#store) return Promise.resolve();
    return this.#cache.start(this.#refreshIntervalMs, onError);
  }

  /** Reloads the active keys once, now. */
  refresh(): Promise<void> {
    return this.#cache.refresh();
  }

  close(): void {
    this.#cache.stop();
  }

  /** After a local write: also pick up what other instances changed, without delaying the answer. */
  #refreshSoon(): void {
    this.#cache.refresh().catch((error: unknown) => this.#onRefreshError(error));
  }

  #requireAdmin(actor: Actor, what: string): void {
    new AccessPolicy(actor, this.#lookup).requireAdmin(what);
  }

  #requireStore(): ApiKeyStore {
    if (!this.#store) throw new StoreUnavailableError("this store does not keep API keys");
    return this.#store;
  }
}

/** Name, role and manager of a new key; fields named as in the input (`name`, `role`, `managerId`). */
export function normaliseNewApiKey(command: ApiKeyCommand): Omit<NewApiKey, "sha256" | "createdBy"> {
  const name = requireName(command.name ?? "", "name");
  const role: Role = requireOneOf(command.role ?? "", ROLES, "role");
  const managerId = command.managerId?.trim() || null;
  if (role === "MANAGER" && managerId === null) throw new ValidationError("a MANAGER key needs managerId", "managerId");
  if (role !== "MANAGER" && managerId !== null) throw new ValidationError("only MANAGER keys act as a manager", "managerId");
  return { name, role, managerId };
}
